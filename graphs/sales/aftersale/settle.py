"""Settling, in the same turn, the price difference of a change the buyer said yes to on a
paid order: a refund goes to its provider at once (the refund job retries what does not go
through), a difference owed gets a payment link of its own. Both are safe to run again: the
refund is sent under its key, the link is the open one of the difference (see
tools/orders/difference_links.py).

The thread does not wait for that payment (the order is paid; nothing is on hold): its
notification comes in as a turn of its own and is told like any payment's.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from graphs.sales.aftersale.orders import refunds_of
from graphs.sales.aftersale.turn import AftersaleTurn
from graphs.sales.outcomes import Outcome, RefundView
from tools.orders.difference_links import difference_payment
from tools.orders.models import Order
from tools.orders.owed import owed
from tools.orders.refunds import send_refunds
from tools.payments.base import PaymentProviderError
from tools.payments.refunds import RefundProvider

log = logging.getLogger(__name__)


async def settle_in_turn(turn: AftersaleTurn, order: Order, outcome: Outcome) -> None:
    """Sends the change's refund or opens the link for what is owed, and puts what happened
    in `outcome` (`refunds`, or the difference's `payment`)."""
    services = turn.services
    async with services.pool.connection() as conn:
        if outcome.get("refunds"):
            pending = await refunds_of(conn, order.id)
            await send_refunds(conn, refund_providers(turn, pending), services.clock,
                               order_id=order.id)
            # The change's own refund: the latest of the order's (each change makes one).
            outcome["refunds"] = (await refunds_of(conn, order.id))[-1:]
            return
    if (payment := await difference_link(turn, order.id)) is not None:
        outcome["payment"] = payment


async def difference_link(turn: AftersaleTurn, order_id: int) -> dict[str, Any] | None:
    """The link (or PIX code) of the difference the order still owes, opened with the
    store's provider when none is open: its `Payment.summary()`; `{"status": "unavailable",
    "amount"}` when the provider fails; None when nothing is owed through a provider."""
    services = turn.services
    async with services.pool.connection() as conn:
        difference = await owed(conn, order_id)
        if difference is None:
            return None
        config = services.stores.get(turn.store_id)
        try:
            payment = await difference_payment(
                conn, order_id=order_id, provider=services.gateway.provider(
                    difference["provider"]),
                public_base_url=services.gateway.public_base_url,
                link_minutes=config.payment.link_minutes, clock=services.clock)
        except (PaymentProviderError, ValueError) as exc:
            # The difference stays owed on the order, where the console shows it to the
            # team; the reply says the link did not go out.
            log.warning("difference link of order %s: %s", order_id, exc)
            return {"status": "unavailable", "amount": str(difference["amount"])}
    return None if payment is None else payment.summary()


def refund_providers(turn: AftersaleTurn, refunds: list[RefundView]) -> dict[
        str, RefundProvider]:
    """The providers the pending refunds go through; one not configured here leaves its
    refund pending for the refund job (`balcao orders send-refunds`)."""
    providers: dict[str, RefundProvider] = {}
    for name in {r["provider"] for r in refunds if r["status"] == "pending"}:
        try:
            provider = turn.services.gateway.provider(name)
        except ValueError as exc:
            log.warning("refunds through %s wait: %s", name, exc)
            continue
        if hasattr(provider, "refund"):
            providers[name] = cast(RefundProvider, provider)
    return providers
