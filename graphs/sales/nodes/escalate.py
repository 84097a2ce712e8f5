"""`escalate`: decides whether a person takes over, from the store's criteria.

Routing sends a turn here on any sign of trouble. The node reads the criteria (store
configuration), the CRM's VIP flag and the cart's value; when they say so it opens an
escalation (once per turn), and `respond` tells the buyer what happens next and how long it
takes before `await_human` pauses the thread. Otherwise it sets no outcome and the turn goes
on as its intent says. After a timeout it also takes the message the buyer leaves.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any, cast

from langgraph.runtime import Runtime

from balcao.pii import pseudonym
from graphs.sales.context import Context
from graphs.sales.inbound import turn_text
from graphs.sales.outcomes import WaitFields
from graphs.sales.runtime import context_of, conversation_id_for, services_for
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from tools.crm.base import CustomerProfile
from tools.handoff.criteria import escalation_reasons
from tools.handoff.escalations import record_escalation, record_left_message
from tools.handoff.wait import pickup_deadline, wait_fields
from tools.orders.queries import recent_orders

log = logging.getLogger(__name__)

# After a timeout, these are the buyer moving on, not the message they were asked to leave.
_NOT_A_MESSAGE = {
    "search_product", "browse_catalog", "product_question", "add_to_cart", "remove_from_cart",
    "view_cart", "checkout", "greeting", "goodbye", "thanks", "affirm", "deny", "human_agent",
}


async def escalate(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Opens an escalation and sets a handoff outcome, or sets none and lets the turn go on."""
    services = await services_for(runtime)
    context = context_of(runtime)
    conv_id = await conversation_id_for(runtime, services)
    classification = state.get("classification") or {}
    intent = classification.get("intent", "other")
    config = services.stores.get(context.store_id).escalation

    if state.get("pending_question") == "leave_message":
        text = turn_text(state)
        if intent in _NOT_A_MESSAGE or (state.get("action") or {}) or not text:
            if intent != "human_agent":
                return {"pending_question": None}
        else:
            async with services.pool.connection() as conn:
                await record_left_message(conn, store_id=context.store_id,
                                          conversation_id=conv_id, turn_id=state["turn_id"],
                                          text=text, now=services.clock.now())
            return {"outcome": {"kind": "message_left"}, "pending_question": None}

    if not config.enabled:
        if intent in {"human_agent", "complaint"}:
            return {"outcome": {"kind": "handoff_unavailable"}, "pending_question": None}
        return {}
    profile = await _profile(services, context)
    cart = await services.carts.open_cart(conv_id)
    cart_value = cart.subtotal if cart is not None else Decimal("0")
    reasons = escalation_reasons(config.criteria, intent=intent,
                                 signals=dict(state.get("signals") or {}),
                                 cart_value=cart_value, vip=profile.vip)
    if not reasons:
        if intent == "human_agent":
            return {"outcome": {"kind": "handoff_unavailable"}, "pending_question": None}
        if intent == "complaint":
            return {"outcome": {"kind": "complaint_noted"}, "pending_question": None}
        return {}

    now = services.clock.now()
    factors = {"sentiment": classification.get("sentiment", "neutral"),
               "cart_value": str(cart_value), "orders": profile.orders,
               "spend": str(profile.spend), "vip": profile.vip}
    async with services.pool.connection() as conn:
        orders = await recent_orders(conn, store_id=context.store_id, conversation_id=conv_id,
                                     limit=1)
        summary = {
            "wants": [m["text"] for m in (state.get("messages") or [])
                      if m.get("role") == "buyer" and m.get("text")][-3:],
            "intent": intent,
            "cart": _cart_view(cart),
            "order": orders[0].summary() if orders else None,
            "lang": state.get("lang") or "pt",
            "operator_notes": [n["notes"] for n in state.get("operator_notes") or []][-2:],
        }
        row = await record_escalation(
            conn, store_id=context.store_id, conversation_id=conv_id, turn_id=state["turn_id"],
            reason=reasons[0], reasons=reasons, factors=factors, summary=summary, now=now,
            deadline=pickup_deadline(config, now),
        )
        wait = cast(WaitFields, await wait_fields(conn, config, store_id=context.store_id,
                                                  escalation_id=row["id"], now=now))
    log.info("conversation of %s escalated (%s)", pseudonym(context.buyer_id), row["reason"])
    return {
        "outcome": {"kind": "handoff_waiting", "reason": row["reason"], **wait},
        "handoff": {"escalation_id": row["id"], "reason": row["reason"]},
        "pending_question": None,
    }


async def _profile(services: Services, context: Context) -> CustomerProfile:
    """The CRM's profile; an outside CRM that fails only costs the VIP shortcut."""
    try:
        return await services.crm.profile(context.store_id, context.buyer_id)
    except Exception as err:  # noqa: BLE001 - any CRM failure degrades the same way
        log.warning("CRM profile unavailable (%s): treating the buyer as not VIP",
                    type(err).__name__)
        return CustomerProfile(buyer_id=context.buyer_id)


def _cart_view(cart: Any) -> dict[str, Any] | None:
    if cart is None or not cart.lines:
        return None
    return {"lines": [{"sku": line.sku, "name": line.name, "quantity": line.quantity,
                       "total": str(line.line_total)} for line in cart.lines],
            "subtotal": str(cart.subtotal), "items": cart.item_count}
