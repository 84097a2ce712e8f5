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
from graphs.sales.checkout_answers import absorb
from graphs.sales.checkout_flow import (
    STOP_WORDS,
    claims_payment,
    next_step,
)
from graphs.sales.checkout_menus import (
    ASKS_PRICE,
    CONFIRM_WORDS,
    CONFIRMING_INTENTS,
)
from graphs.sales.checkout_totals import (
    DIGITAL,
    Totals,
    discounts_for,
    drop_legacy_keys,
    fingerprint,
    next_summary,
    quotes_for,
    refresh_shipping,
)
from graphs.sales.checkout_types import CheckoutData, ShippingChoice, SummaryShown
from graphs.sales.context import Context
from graphs.sales.inbound import turn_text
from graphs.sales.outcomes import Outcome, PaymentChoice, SummaryLine
from graphs.sales.payment_steps import (
    handle_payment_event,
    link_reply,
    order_key,
    payment_claim,
    place_and_pay,
    reoffer_payment,
)
from graphs.sales.runtime import context_of, conversation_id_for, services_for
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import ReplyPartData
from tools.catalog.text import fold
from tools.orders.customers import coupon_used, customer_profile
from tools.orders.placing import all_digital, reprice_cart
from tools.orders.queries import order_by_key

# What the cart did just before checkout in the same pass ("vou querer, ja fecha pra mim"):
# the buyer is shown it before checkout's question.
_SHOWN_FIRST = frozenset({"added", "added_items"})


async def checkout(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Advances checkout by one step and sets `outcome`."""
    update = await _advance(state, runtime)
    before = state.get("outcome") or {}
    if before.get("kind") in _SHOWN_FIRST and update.get("outcome"):
        update["preface"] = [*(state.get("preface") or []), ReplyPartData(
            template=before["kind"],
            fields={k: v for k, v in before.items() if k != "kind"})]
    return update


async def _advance(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """One step of checkout and its `outcome`."""
    services = await services_for(runtime)
    context = context_of(runtime)
    conv_id = await conversation_id_for(runtime, services)
    action = state.get("action") or {}
    classification = state.get("classification") or {}
    intent = classification.get("intent")

    if action.get("payment") is not None:
        return await handle_payment_event(state, services, context, action["payment"])
    if action.get("check_payment") or claims_payment(fold(turn_text(state))):
        return await payment_claim(services, context, conv_id,
                                   (state.get("checkout") or {}).get("order_id"))

    collected = (state.get("checkout") or {}).copy()
    collected.pop("closing_said", None)  # (checkout has been reached: route_after_cart)
    if fold(turn_text(state)).strip(" .!") in STOP_WORDS:
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
    problem = absorb(collected, state, profile, config, cart.subtotal)
    if problem is not None:
        return {"checkout": collected, "outcome": problem}
    if not collected.get("name") and profile and profile.get("name"):
        collected["name"] = profile["name"]  # a returning buyer is not asked again
    if len(config.payment.methods) == 1:
        collected["payment_method"] = config.payment.methods[0].id

    async with services.pool.connection() as conn:
        digital = await all_digital(conn, context.store_id, [line.sku for line in cart.lines])
    step = next_step(collected, digital=digital)
    if step == "confirm":
        return await _confirm_or_summarize(collected, state, services, context, config,
                                           cart_id=cart.id, conv_id=conv_id, digital=digital)
    return {"checkout": collected, **_ask(step, collected, state, profile, config, cart)}


def _ask(
    step: str, collected: CheckoutData, state: SalesState, profile: dict[str, Any] | None,
    config: Any, cart: Any,
) -> SalesUpdate:
    if step == "name":
        return {"outcome": {"kind": "ask_name"}, "pending_question": "name"}
    if step in {"cep", "street"} and profile and profile.get("last_address") \
            and collected.get("address_choice") != "new" and not collected.get("cep"):
        return {"outcome": {"kind": "confirm_last_address", "address": profile["last_address"]},
                "pending_question": "confirm_address"}
    # While the address is asked, picking up at the store (which needs none) is offered.
    pickups = [q for q in quotes_for(config, {}, cart.subtotal) if q["kind"] == "pickup"]
    if step in {"cep", "street"}:
        collected["quotes"] = pickups
    if step == "cep":
        return {"outcome": {"kind": "ask_cep", "quotes": pickups}, "pending_question": "cep"}
    if step == "street":
        return {"outcome": {"kind": "ask_address", "cep": collected["cep"], "quotes": pickups},
                "pending_question": "address"}
    if step == "shipping":
        quotes = quotes_for(config, collected, cart.subtotal)
        collected["quotes"] = quotes
        outcome: Outcome = {"kind": "choose_shipping", "quotes": quotes,
                            "free_above": str(config.shipping.free_above or "")}
        if ASKS_PRICE.search(fold(turn_text(state))):
            outcome["prices_asked"] = True  # "wait how much is shipping?" at the menu
        if carrier := collected.pop("asked_carrier", None):
            deliveries = [q for q in quotes if q["kind"] == "delivery"]
            fastest = min(deliveries, key=lambda q: q["days"]) if deliveries else None
            outcome["not_offered"] = {"carrier": carrier, "fastest": fastest}
        return {"outcome": outcome, "pending_question": "choose_shipping"}
    methods = [PaymentChoice(id=m.id, name=m.name) for m in config.payment.methods]
    return {"outcome": {"kind": "choose_payment", "methods": methods},
            "pending_question": "choose_payment"}


async def _confirm_or_summarize(
    collected: CheckoutData, state: SalesState, services: Services, context: Context,
    config: Any, *, cart_id: int, conv_id: int, digital: bool = False,
) -> SalesUpdate:
    """Places the order when the buyer said yes to the summary that still holds; otherwise
    shows the summary as the order would be placed now (prices re-read, shipping re-quoted,
    discounts and total recomputed)."""
    drop_legacy_keys(collected)
    async with services.pool.connection() as conn:
        changes = await reprice_cart(conn, cart_id)
    cart = await services.carts.open_cart(conv_id)
    assert cart is not None and cart.lines  # checked by the caller in this same run
    if digital:
        shipping: ShippingChoice = DIGITAL  # nothing to ship, nothing charged for it
    elif refresh_shipping(collected, config, cart.subtotal):
        assert collected["shipping"] is not None  # refresh_shipping found it
        shipping = collected["shipping"]
    else:
        # The option chosen no longer serves this order: ask again, with today's prices.
        return {"checkout": collected,
                **_ask("shipping", collected, state, None, config, cart)}
    used = False
    if collected.get("coupon"):
        async with services.pool.connection() as conn:
            used = await coupon_used(conn, store_id=context.store_id, buyer_id=context.buyer_id,
                                     code=collected["coupon"])
    totals = Totals(cart.subtotal, shipping,
                    discounts_for(collected, config, cart.subtotal, coupon_used=used))
    digest = fingerprint([(line.sku, line.quantity, str(line.unit_price)) for line in cart.lines],
                         totals, collected)
    if not changes and _said_yes(state, collected.get("summary"), digest):
        return await place_and_pay(collected, services, context, cart_id=cart_id,
                                   conv_id=conv_id, turn_id=state["turn_id"], shipping=shipping,
                                   discount=totals.discount,
                                   coupon=next((d["code"] for d in totals.discounts
                                                if d["kind"] == "coupon"), None))
    previous = collected.get("summary")
    summary = next_summary(previous, digest, totals.total)
    collected["summary"] = summary
    outcome: Outcome = {
        "kind": "order_summary",
        "lines": [SummaryLine(name=line.name, variant=line.variant, quantity=line.quantity,
                              total=str(line.line_total)) for line in cart.lines],
        "subtotal": str(cart.subtotal),
        "shipping": shipping,
        "discounts": totals.discounts,
        "discount": str(totals.discount),
        "total": str(totals.total),
        "name": collected["name"],
        "address": {"street": collected.get("street", ""), "cep": collected.get("cep", ""),
                    "uf": collected.get("uf", "")},
        "price_changes": changes,
        "version": summary["version"],
        "confirm_id": actions.confirm_order(summary["version"]),
    }
    if previous and previous.get("total") and previous["total"] != summary["total"]:
        outcome["previous_total"] = previous["total"]
    if (coupon := _coupon_problem(collected, config, cart.subtotal, used)) is not None:
        outcome["coupon"] = coupon
    return {"checkout": collected, "outcome": outcome, "pending_question": "confirm_checkout"}


def _said_yes(state: SalesState, shown: SummaryShown | None, digest: str) -> bool:
    """A yes to the summary that was shown last, while it still describes the order: its own
    button, or a typed yes right after it. Any other tap (e.g. "check out" under a cart) is
    not a yes; it shows the summary."""
    if not shown or shown.get("fingerprint") != digest:
        return False
    action = state.get("action") or {}
    if "confirm" in action:
        return action["confirm"] == shown["version"]
    if action:
        return False
    intent = (state.get("classification") or {}).get("intent")
    if intent not in CONFIRMING_INTENTS:
        return False
    last_bot = next((m.get("template") for m in reversed(state.get("messages") or [])
                     if m.get("role") == "bot"), None)
    if intent in {"affirm", "checkout"} and last_bot == "order_summary" and \
            state.get("pending_question") == "confirm_checkout":
        return True
    # "great, confirm" after a question in between: the summary shown still holds (same
    # fingerprint), and the buyer says in words to place it.
    return bool(CONFIRM_WORDS.search(fold(turn_text(state)))) and "?" not in turn_text(state)


def _coupon_problem(collected: CheckoutData, config: Any, subtotal: Decimal, used: bool
                    ) -> dict[str, str] | None:
    """Why the coupon the buyer gave is not applied, or None (none given, or applied)."""
    code = collected.get("coupon")
    if not code:
        return None
    coupon = config.persuasion.coupon
    if coupon is None or code.upper() != coupon.code.upper():
        return {"code": code, "reason": "unknown"}
    if subtotal < coupon.min_subtotal:
        return {"code": coupon.code, "reason": "min_subtotal",
                "min_subtotal": str(coupon.min_subtotal)}
    if used:
        return {"code": coupon.code, "reason": "used"}
    return None
