"""Placing the order, opening its payment, reading payment results and order status.

Every write carries a key derived from the turn or the order, so a node run again (after
`interrupt()`, a crash or a replay) finds what the first run made instead of making it twice.
"""

from __future__ import annotations

from typing import Any

from graphs.sales.context import Context
from graphs.sales.services import Services
from tools.orders.customers import ensure_customer
from tools.orders.models import Order, PricesChanged, StockShortage
from tools.orders.payments import OrderNotPayable, open_payment
from tools.orders.placing import OrderDetails, place_order, rehold_order
from tools.orders.queries import load_order, recent_orders
from tools.payments.base import PaymentProviderError

ORDER_STATUS_LIMIT = 3


async def place_and_pay(
    collected: dict[str, Any], services: Services, context: Context, *,
    cart_id: int, conv_id: int, turn_id: str,
) -> dict[str, Any]:
    """Creates the order (once per confirming turn) and its payment."""
    config = services.stores.get(context.store_id)
    method = config.payment.method(collected["payment_method"])
    assert method is not None
    async with services.pool.connection() as conn:
        customer_id = await ensure_customer(conn, store_id=context.store_id,
                                            buyer_id=context.buyer_id, clock=services.clock)
        try:
            order = await place_order(
                conn,
                store_id=context.store_id,
                conversation_id=conv_id,
                customer_id=customer_id,
                cart_id=cart_id,
                details=OrderDetails(
                    customer_name=collected["name"],
                    address={"street": collected["street"], "cep": collected["cep"],
                             "uf": collected["uf"]},
                    shipping=collected["shipping"],
                    payment_method=method.id,
                ),
                idempotency_key=order_key(conv_id, turn_id),
                hold_minutes=config.payment.link_minutes,
                clock=services.clock,
            )
        except PricesChanged as changed:
            collected.pop("confirmed", None)
            collected.pop("summary_shown", None)
            return {"checkout": collected, "outcome": {"kind": "prices_changed",
                                                       "changes": changed.changes}}
        except StockShortage as short:
            collected.pop("confirmed", None)
            collected.pop("summary_shown", None)
            return {"checkout": collected, "outcome": {
                "kind": "stock_shortage", "shortages": short.shortages}}
    return await link_reply(collected, services, context, order)


def order_key(conv_id: int, turn_id: str) -> str:
    """The idempotency key of the order a confirming turn places."""
    return f"{conv_id}:{turn_id}:order"


async def link_reply(
    collected: dict[str, Any], services: Services, context: Context, order: Order
) -> dict[str, Any]:
    """The payment link of a just-placed order (also when the turn runs again)."""
    reply = await _payment_reply(services, context, order, collected.get("name"),
                                 kind="payment_link")
    # Keep what was collected: if this payment expires, checking out again skips to the summary.
    reply["checkout"] = {**_reusable(collected), "order_id": order.id}
    return reply


def _reusable(collected: dict[str, Any]) -> dict[str, Any]:
    """Checkout data worth keeping after an order ends unpaid (not its confirmation)."""
    return {k: v for k, v in collected.items()
            if k not in {"confirmed", "summary_shown", "order_id", "quotes"}}


async def _payment_reply(
    services: Services, context: Context, order: Order, buyer_name: str | None, *, kind: str
) -> dict[str, Any]:
    config = services.stores.get(context.store_id)
    method = config.payment.method(order.payment_method or "") or config.payment.methods[0]
    try:
        async with services.pool.connection() as conn:
            payment = await open_payment(
                conn, order=order, provider=services.gateway.provider(method.provider),
                public_base_url=services.gateway.public_base_url,
                link_minutes=config.payment.link_minutes, buyer_name=buyer_name,
                clock=services.clock,
            )
    except PaymentProviderError:
        # The order and its stock hold stay; asking again ("manda o link") retries.
        return {"checkout": {"order_id": order.id}, "outcome": {
            "kind": "payment_unavailable", "order": order.summary()}}
    return {
        "checkout": {"order_id": order.id},
        "outcome": {"kind": kind, "order": order.summary(), "payment": payment.summary()},
        "awaiting_payment": {"order_id": order.id, "payment_id": payment.id},
        "pending_question": None,
    }


async def reoffer_payment(services: Services, context: Context, order_id: int) -> dict[str, Any]:
    """The buyer asks for the link again: the open one, or a new one if it expired."""
    async with services.pool.connection() as conn:
        order = await load_order(conn, order_id)
    if order.status == "paid":
        return {"outcome": {"kind": "order_already_paid", "order": order.summary()},
                "checkout": {}}
    try:
        return await _payment_reply(services, context, order, None, kind="payment_link")
    except OrderNotPayable:
        return {"outcome": {"kind": "payment_expired", "order": order.summary()},
                "checkout": {}, "awaiting_payment": None}


async def handle_payment_event(
    state: dict[str, Any], services: Services, context: Context, event: dict[str, Any]
) -> dict[str, Any]:
    """What the buyer hears when a payment is confirmed, fails or expires."""
    async with services.pool.connection() as conn:
        order = await load_order(conn, int(event["order_id"]))
    status = event["status"]
    if status == "paid":
        return {"outcome": {"kind": "payment_confirmed", "order": order.summary()},
                "checkout": {}, "awaiting_payment": None, "pending_question": None}
    if status == "failed":
        config = services.stores.get(context.store_id)
        try:
            async with services.pool.connection() as conn:
                await rehold_order(conn, order_id=order.id,
                                   hold_minutes=config.payment.link_minutes, clock=services.clock)
        except StockShortage:
            return {"outcome": {"kind": "payment_failed_sold_out", "order": order.summary()},
                    "checkout": {}, "awaiting_payment": None}
        except LookupError:
            pass  # already re-held by an earlier run of this node
        async with services.pool.connection() as conn:
            order = await load_order(conn, order.id)
        return await _payment_reply(services, context, order, None, kind="payment_failed")
    kept = _reusable(state.get("checkout") or {})
    return {"outcome": {"kind": "payment_expired", "order": order.summary()},
            "checkout": kept, "awaiting_payment": None}


async def order_status(services: Services, context: Context, conv_id: int) -> dict[str, Any]:
    """The buyer's latest orders and where each one is."""
    async with services.pool.connection() as conn:
        orders = await recent_orders(conn, store_id=context.store_id, conversation_id=conv_id,
                                     limit=ORDER_STATUS_LIMIT)
    if not orders:
        return {"outcome": {"kind": "no_orders"}}
    return {"outcome": {"kind": "order_status", "orders": [o.summary() for o in orders]}}
