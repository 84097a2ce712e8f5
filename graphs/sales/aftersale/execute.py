"""Doing what the buyer said yes to, once: every tool here is safe to run again (the order
is locked, money moves under keys derived from the order), so a turn that crashes and
resumes finds the work done and tells the same thing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from graphs.sales.aftersale.orders import provider_of, refunds_of, reload, tracked
from graphs.sales.aftersale.plans import Plan
from graphs.sales.aftersale.settle import refund_providers, settle_in_turn
from graphs.sales.aftersale.turn import AftersaleTurn, done
from graphs.sales.checkout_types import Address
from graphs.sales.outcomes import Outcome
from graphs.sales.payment_steps import reoffer_payment
from graphs.sales.state import SalesUpdate
from tools.orders.account import ensure_saved_method
from tools.orders.aftersale import cancel_order, modify_address, modify_items
from tools.orders.models import Order
from tools.orders.refunds import send_refunds
from tools.orders.returns import request_exchange, request_return

ACTOR = "buyer"
CANCEL_REASON = "asked by the buyer in the conversation"


async def execute(turn: AftersaleTurn, order: Order, plan: Plan, *,
                  made: bool = False) -> SalesUpdate:
    """Carries out the plan the buyer confirmed and says what was done (`made`: the change
    was made by an earlier run of this turn; only what follows it is done again)."""
    task = plan.data["task"]
    if task == "cancel":
        return await _cancel(turn, order)
    common: dict[str, Any] = {"store_id": turn.store_id, "number": order.number, "actor": ACTOR,
              "clock": turn.services.clock}
    async with turn.services.pool.connection() as conn:
        method_id = await ensure_saved_method(conn, order.id, await provider_of(
            conn, order, order.payment_method or "sandbox"))
        if made:
            pass
        elif task == "change_address":
            await modify_address(conn, address=_plain(plan.data["address"]),
                                 shipping=dict(plan.data["shipping"]), method_id=method_id,
                                 request=plan.data.get("confirming"), **common)
        elif task == "return":
            await request_return(conn, item_ids=plan.data["items"], method_id=method_id,
                                 **common)
        elif task == "exchange":
            await request_exchange(conn, item_ids=plan.data["items"],
                                   new_item_ids=plan.data["new_items"], method_id=method_id,
                                   **common)
        else:
            await modify_items(conn, item_ids=plan.data["items"],
                               new_item_ids=plan.data["new_items"], method_id=method_id,
                               request=plan.data.get("confirming"), **common)
        order = await reload(conn, order)
        shown = await tracked(conn, order)
    outcome: Outcome = cast(Outcome, dict(plan.fields)) | {"order": shown}
    if task in ("return", "exchange"):
        return done(outcome | {"kind": "aftersale_requested"})
    if order.status != "pending_payment":
        await settle_in_turn(turn, order, outcome)  # the refund sent, or the link
        return done(outcome | {"kind": "order_changed"})
    extra: SalesUpdate = {}
    collected = turn.state.get("checkout") or {}
    if task == "change_address" and collected.get("order_id") == order.id:
        # "e chega qdo?" after the change: the CEP remembered is the order's new one
        address = _plain(plan.data["address"])
        extra["checkout"] = {**collected, **{k: address[k] for k in ("cep", "uf", "street")
                                             if address.get(k)}}  # type: ignore[typeddict-item]
    if task == "change_variant" or Decimal(plan.fields.get("difference") or 0):
        # The old link charged the old total: a new one for the new total.
        fresh = await reoffer_payment(turn.services, turn.context, order.id)
        if payment := (fresh.get("outcome") or {}).get("payment"):
            outcome["payment"] = payment
        if "awaiting_payment" in fresh:
            extra["awaiting_payment"] = fresh["awaiting_payment"]
        if "checkout" in fresh:
            extra["checkout"] = fresh["checkout"]
    return done(outcome | {"kind": "order_changed"}, extra)


async def _cancel(turn: AftersaleTurn, order: Order) -> SalesUpdate:
    """Cancels, sends the refunds to their providers (once per key), says what went back."""
    async with turn.services.pool.connection() as conn:
        await cancel_order(conn, store_id=turn.store_id, number=order.number,
                           reason=CANCEL_REASON, actor=ACTOR, clock=turn.services.clock)
        await send_refunds(conn, refund_providers(turn, await refunds_of(conn, order.id)),
                           turn.services.clock, order_id=order.id)
        order = await reload(conn, order)
        outcome: Outcome = {"kind": "order_cancelled", "order": await tracked(conn, order),
                            "refunds": await refunds_of(conn, order.id)}
    extra: SalesUpdate = {}
    waiting = turn.state.get("awaiting_payment")
    if (waiting is not None and waiting["order_id"] == order.id) or \
            (turn.state.get("checkout") or {}).get("order_id") == order.id:
        extra = {"awaiting_payment": None, "checkout": {}}  # nothing left to pay
    return done(outcome, extra)


def _plain(address: Address) -> dict[str, str]:
    return {"street": address["street"], "cep": address["cep"], "uf": address["uf"]}
