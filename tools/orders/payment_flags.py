"""Money that arrived and does not settle its order: flagged for a person to refund.

The flag is a row of the order's history (`action = 'refund_needed'`, made by "system"), which
`balcao orders show` and the console list with the order: never a silent drop.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from balcao.db.connect import Connection, fetch_row
from tools.payments.base import PaymentNotification

log = logging.getLogger(__name__)


def mismatch(notification: PaymentNotification, payment: dict[str, Any]) -> str | None:
    """Why a "paid" notification does not pay this payment, or None when it does.

    The currency is compared before the amount: 100 yen are not R$ 100.
    """
    currency = notification.currency
    if currency is not None and currency.upper() != str(payment["currency"]).upper():
        return "currency paid differs from the order's"
    if notification.amount is not None and notification.amount != payment["amount"]:
        return "amount paid differs from the order total"
    return None


async def flag_late_transfer(conn: Connection, *, provider: str, payment: dict[str, Any],
                             notification: PaymentNotification, now: object) -> None:
    """A transfer of its own (a second PIX paying the same code) to a payment already paid or
    closed is real money, not a repeat of the first: flagged."""
    if notification.transfer and notification.status == "paid" \
            and payment["status"] in ("paid", "expired"):
        await flag_for_refund(conn, provider=provider, payment=payment,
                              notification=notification, now=now,
                              reason=f"{provider} received on a payment already "
                                     f"{payment['status']}")


async def flag_for_refund(conn: Connection, *, provider: str, payment: dict[str, Any],
                          notification: PaymentNotification, reason: str,
                          now: object) -> None:
    """Records, on the order, money received that must go back (or be looked at)."""
    order_id = payment["order_id"]
    cur = await conn.execute("SELECT store_id, status FROM orders WHERE id = %s", (order_id,))
    order = await fetch_row(cur, f"order {order_id}")
    details = {"reason": reason, "provider": provider, "payment_id": payment["id"],
               "event_id": notification.event_id,
               "amount": None if notification.amount is None else str(notification.amount),
               "currency": notification.currency or payment["currency"]}
    await conn.execute(
        "INSERT INTO order_history (store_id, order_id, action, from_status, to_status, actor,"
        " details, occurred_at) VALUES (%s, %s, 'refund_needed', %s, %s, 'system', %s, %s)",
        (order["store_id"], order_id, order["status"], order["status"], json.dumps(details),
         now))
    log.warning("payment %s of order %s: %s; flagged for a refund", payment["id"], order_id,
                reason)


async def settle_row(
    conn: Connection, *, provider: str, payment: dict[str, Any],
    notification: PaymentNotification, now: object,
) -> tuple[str, str | None] | None:
    """Writes a notification's status on a locked payment row: the status written and why a
    "paid" was refused (money that does not pay it, flagged for a refund), or None when the
    notification changes nothing (the row was settled before, or it is still pending)."""
    status = notification.status
    # A buyer may retry at the provider after a refusal; money taken later still counts.
    late_success = payment["status"] == "failed" and status == "paid"
    if (payment["status"] != "pending" and not late_success) or status == "pending":
        return None
    reason = mismatch(notification, payment) if status == "paid" else None
    if reason is not None:  # money taken that does not pay this payment
        status = "failed"
        await flag_for_refund(conn, provider=provider, payment=payment,
                              notification=notification, reason=reason, now=now)
    await conn.execute(
        "UPDATE payments SET status = %s, paid_at = %s, failure_reason = %s WHERE id = %s",
        (status, now if status == "paid" else None, reason, payment["id"]))
    return status, reason
