"""Placing the order, opening its payment, reading payment results and order status.

Every write carries a key derived from the turn or the order, so a node run again (after
`interrupt()`, a crash or a replay) finds what the first run made instead of making it twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from graphs.sales.checkout_totals import drop_legacy_keys
from graphs.sales.checkout_types import CheckoutData, ShippingChoice
from graphs.sales.context import Context
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import PaymentEvent
from tools.orders.customers import ensure_customer
from tools.orders.models import Order, PricesChanged, StockShortage
from tools.orders.payments import OrderNotPayable, open_payment
from tools.orders.placing import OrderDetails, place_order, rehold_order
from tools.orders.queries import latest_payment, load_order, recent_orders
from tools.payments.base import PaymentProviderError

PAID_STATUSES = ("paid", "shipped", "delivered")


async def place_and_pay(
    collected: CheckoutData, services: Services, context: Context, *,
    cart_id: int, conv_id: int, turn_id: str, shipping: ShippingChoice,
    discount: Decimal = Decimal("0"), coupon: str | None = None,
) -> SalesUpdate:
    """Creates the order (once per confirming turn) and its payment, at the total of the
    summary the buyer said yes to (`discount` is that summary's)."""
    config = services.stores.get(context.store_id)
    method = config.payment.method(collected["payment_method"])
    assert method is not None  # `next_step` asked for it
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
                    address=_address(collected),
                    shipping=dict(shipping),
                    payment_method=method.id,
                    discount=discount,
                    coupon=coupon,
                ),
                idempotency_key=order_key(conv_id, turn_id),
                hold_minutes=config.payment.link_minutes,
                clock=services.clock,
            )
        except PricesChanged as changed:
            _use_up_summary(collected)
            return {"checkout": collected, "outcome": {"kind": "prices_changed",
                                                       "changes": changed.changes}}
        except StockShortage as short:
            _use_up_summary(collected)
            return {"checkout": collected, "outcome": {
                "kind": "stock_shortage", "shortages": short.shortages}}
    return await link_reply(collected, services, context, order)


def _address(collected: CheckoutData) -> dict[str, str]:
    """Where the order goes; empty when nothing is delivered (pickup, digital goods)."""
    if not collected.get("street"):
        return {}
    return {"street": collected["street"], "cep": collected.get("cep", ""),
            "uf": collected.get("uf", "")}


def _use_up_summary(collected: CheckoutData) -> None:
    """The summary's yes was spent (or failed): no button or "sim" may place from it again;
    the next summary gets the next version."""
    if summary := collected.get("summary"):
        collected["summary"] = {**summary, "fingerprint": ""}


def order_key(conv_id: int, turn_id: str) -> str:
    """The idempotency key of the order a confirming turn places."""
    return f"{conv_id}:{turn_id}:order"


async def link_reply(
    collected: CheckoutData, services: Services, context: Context, order: Order
) -> SalesUpdate:
    """The payment link of a just-placed order (also when the turn runs again)."""
    reply = await _payment_reply(services, context, order, collected.get("name"),
                                 kind="payment_link")
    # Keep what was collected: if this payment expires, checking out again skips to the summary.
    reply["checkout"] = {**_reusable(collected), "order_id": order.id}
    # The cart became the order: nothing is open any more ("troca pelo preto" is about the
    # order now, not a cart line).
    reply["cart"] = {}
    return reply


def _reusable(collected: CheckoutData) -> CheckoutData:
    """Checkout data worth keeping after an order ends unpaid (not its confirmation)."""
    kept = collected.copy()
    drop_legacy_keys(kept)
    _use_up_summary(kept)
    kept.pop("order_id", None)
    kept.pop("quotes", None)
    return kept


async def _payment_reply(
    services: Services, context: Context, order: Order, buyer_name: str | None, *,
    kind: Literal["payment_link", "payment_failed"],
) -> SalesUpdate:
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


async def reoffer_payment(services: Services, context: Context, order_id: int) -> SalesUpdate:
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
    state: SalesState, services: Services, context: Context, event: PaymentEvent
) -> SalesUpdate:
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


async def payment_claim(
    services: Services, context: Context, conv_id: int, order_id: int | None
) -> SalesUpdate:
    """The buyer says they paid: what the payments table says about the order, told as it is
    (never the "order created, pay here" message again)."""
    async with services.pool.connection() as conn:
        if order_id is not None:
            order: Order | None = await load_order(conn, order_id)
        else:
            latest = await recent_orders(conn, store_id=context.store_id,
                                         conversation_id=conv_id, limit=1)
            order = latest[0] if latest else None
        if order is None:
            return {"outcome": {"kind": "no_orders"}}
        payment = await latest_payment(conn, order.id)
    if order.status in PAID_STATUSES or (payment is not None and payment.status == "paid"):
        return {"outcome": {"kind": "payment_received", "order": order.summary()}}
    return {"outcome": {"kind": "payment_not_received", "order": order.summary(),
                        "payment": payment.summary() if payment is not None else {}}}
