"""`checkout`: collects what the order needs, one question at a time, then places it.

Only what is missing is asked: a returning buyer is offered the last address, a store with
one payment method does not ask for it. The buyer can leave at any step (change the cart,
ask something else) and come back to the same place; "cancela" ends checkout.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from langgraph.runtime import Runtime

from graphs.sales import actions
from graphs.sales.checkout_flow import (
    OTHER_ADDRESS,
    STOP_WORDS,
    next_step,
    plausible_name,
    plausible_street,
    read_cep,
)
from graphs.sales.context import Context
from graphs.sales.inbound import state_text
from graphs.sales.payment_steps import (
    handle_payment_event,
    link_reply,
    order_key,
    order_status,
    place_and_pay,
    reoffer_payment,
)
from graphs.sales.runtime import context_of, conversation_id_for, services_for
from graphs.sales.services import Services
from graphs.sales.state import SalesState
from graphs.sales.summaries import sku_at_position
from tools.catalog.text import fold
from tools.orders.customers import customer_profile
from tools.orders.placing import reprice_cart
from tools.orders.queries import order_by_key
from tools.shipping.quote import quote


async def checkout(state: SalesState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Advances checkout by one step and sets `outcome`."""
    services = await services_for(runtime)
    context = context_of(runtime)
    conv_id = await conversation_id_for(runtime, services)
    action = state.get("action") or {}
    classification = state.get("classification") or {}
    intent = classification.get("intent")

    if action.get("payment") is not None:
        return await handle_payment_event(state, services, context, action["payment"])
    if intent == "order_status":
        return await order_status(services, context, conv_id)

    collected = dict(state.get("checkout") or {})
    if fold(turn_text_of(state)).strip(" .!") in STOP_WORDS:
        intent = "cancel_order"
    if collected.get("order_id") and intent in {"checkout", "payment_question", "affirm"}:
        return await reoffer_payment(services, context, collected["order_id"])
    if intent in {"deny", "cancel_order"} and (
        collected.get("active") or state.get("pending_question") == "confirm_checkout"
    ):
        # A "no" to finishing: checkout stops, and the cart gets no reminder later.
        async with services.pool.connection() as conn:
            await conn.execute(
                "UPDATE carts SET reminders_declined = true"
                " WHERE conversation_id = %s AND status = 'open'", (conv_id,),
            )
        return {"checkout": {}, "outcome": {"kind": "checkout_cancelled"},
                "pending_question": None}

    async with services.pool.connection() as conn:
        placed = await order_by_key(conn, order_key(conv_id, state["turn_id"]))
    if placed is not None:  # this turn placed it before a crash: carry on to its payment
        return await link_reply(collected, services, context, placed)
    cart = await services.carts.open_cart(conv_id)
    if cart is None or not cart.lines:
        return {"outcome": {"kind": "cart_empty"}, "checkout": {}, "pending_question": None}
    collected["active"] = True
    async with services.pool.connection() as conn:
        profile = await customer_profile(conn, store_id=context.store_id,
                                         buyer_id=context.buyer_id)
    config = services.stores.get(context.store_id)
    problem = _absorb(collected, state, profile, config)
    if problem is not None:
        return {"checkout": collected, "outcome": problem}
    if not collected.get("name") and profile and profile.get("name"):
        collected["name"] = profile["name"]  # a returning buyer is not asked again
    if len(config.payment.methods) == 1:
        collected["payment_method"] = config.payment.methods[0].id

    step = next_step(collected)
    if step == "confirm" and collected.get("confirmed"):
        return await place_and_pay(collected, services, context, cart_id=cart.id,
                                   conv_id=conv_id, turn_id=state["turn_id"])
    if step == "confirm":
        return await _summary(collected, services, cart.id, conv_id)
    return {"checkout": collected, **_ask(step, collected, state, profile, config, cart)}


def _absorb(
    collected: dict[str, Any], state: SalesState, profile: dict[str, Any] | None, config: Any
) -> dict[str, Any] | None:
    """Takes what this message answers; returns an outcome when the answer is unusable."""
    action = state.get("action") or {}
    classification = state.get("classification") or {}
    entities = classification.get("entities") or {}
    pending = state.get("pending_question")
    text = turn_text_of(state)

    if action.get("name"):
        collected["name"] = action["name"]
    elif pending == "name" and not action and (
            name := plausible_name(entities.get("name") or text)):
        collected["name"] = name

    if action.get("address") == "last" and profile and profile.get("last_address"):
        last = profile["last_address"]
        collected.update(cep=last["cep"], uf=last["uf"], street=last["street"])
    elif action.get("address") == "new" or (pending == "confirm_address" and (
            classification.get("intent") == "deny" or OTHER_ADDRESS.search(fold(text)))):
        collected["address_choice"] = "new"
    elif pending == "confirm_address" and classification.get("intent") == "affirm" and profile:
        last = profile["last_address"]
        collected.update(cep=last["cep"], uf=last["uf"], street=last["street"])

    if entities.get("cep") or (pending == "cep" and not action):  # a tap is not a CEP
        found = read_cep(str(entities.get("cep") or text))
        if found is None and pending == "cep":
            return {"kind": "invalid_cep"}
        if found is not None:
            if found[0] != collected.get("cep"):
                collected.pop("shipping", None)  # a new CEP needs a new quote
            collected["cep"], collected["uf"] = found
    if pending == "address" and not action:
        street = plausible_street(entities.get("address") or text)
        if street is None:
            return {"kind": "invalid_address"}
        collected["street"] = street

    quotes = collected.get("quotes") or []
    if action.get("ship"):
        collected["shipping"] = next((q for q in quotes if q["id"] == action["ship"]), None)
    elif pending == "choose_shipping" and (pos := sku_at_position(
            [{"sku": q["id"]} for q in quotes], entities.get("ordinal"))):
        collected["shipping"] = next(q for q in quotes if q["id"] == pos)

    methods = config.payment.methods
    if action.get("pay") and config.payment.method(action["pay"]):
        collected["payment_method"] = action["pay"]
    elif pending == "choose_payment" and (pos := sku_at_position(
            [{"sku": m.id} for m in methods], entities.get("ordinal"))):
        collected["payment_method"] = pos

    summary_shown = collected.get("summary_shown")
    said_yes = action.get("confirm") or (
        pending == "confirm_checkout" and classification.get("intent") in {"affirm", "checkout"})
    if summary_shown and said_yes:
        collected["confirmed"] = True
    return None


def turn_text_of(state: SalesState) -> str:
    return state_text(state.get("inbound") or [])


def _ask(
    step: str, collected: dict[str, Any], state: SalesState, profile: dict[str, Any] | None,
    config: Any, cart: Any,
) -> dict[str, Any]:
    if step == "name":
        return {"outcome": {"kind": "ask_name"}, "pending_question": "name"}
    if step in {"cep", "street"} and profile and profile.get("last_address") \
            and collected.get("address_choice") != "new" and not collected.get("cep"):
        return {"outcome": {"kind": "confirm_last_address", "address": profile["last_address"]},
                "pending_question": "confirm_address"}
    if step == "cep":
        return {"outcome": {"kind": "ask_cep"}, "pending_question": "cep"}
    if step == "street":
        return {"outcome": {"kind": "ask_address", "cep": collected["cep"]},
                "pending_question": "address"}
    if step == "shipping":
        quotes = [q.as_dict() for q in quote(config.shipping, collected["cep"], cart.subtotal)]
        collected["quotes"] = quotes
        return {"outcome": {"kind": "choose_shipping", "quotes": quotes,
                            "free_above": str(config.shipping.free_above or "")},
                "pending_question": "choose_shipping"}
    methods = [{"id": m.id, "name": m.name} for m in config.payment.methods]
    return {"outcome": {"kind": "choose_payment", "methods": methods},
            "pending_question": "choose_payment"}


async def _summary(
    collected: dict[str, Any], services: Services, cart_id: int, conv_id: int
) -> dict[str, Any]:
    """The order as it would be placed, after re-reading prices."""
    async with services.pool.connection() as conn:
        changes = await reprice_cart(conn, cart_id)
    cart = await services.carts.open_cart(conv_id)
    assert cart is not None
    shipping = collected["shipping"]
    collected["summary_shown"] = True
    return {
        "checkout": collected,
        "outcome": {
            "kind": "order_summary",
            "lines": [{"name": line.name, "variant": line.variant, "quantity": line.quantity,
                       "total": str(line.line_total)} for line in cart.lines],
            "subtotal": str(cart.subtotal),
            "shipping": shipping,
            "total": str(cart.subtotal + Decimal(shipping["price"])),
            "name": collected["name"],
            "address": {"street": collected["street"], "cep": collected["cep"],
                        "uf": collected["uf"]},
            "price_changes": changes,
            "confirm_id": actions.confirm_order(),
        },
        "pending_question": "confirm_checkout",
    }
