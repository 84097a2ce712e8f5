"""The money of an order after checkout: a ledger of payments and refunds, each moved once.

A row of `order_transactions` is written first, under an idempotency key derived from the
order and the operation ("order-12-cancel-refund-3"); writing it again finds the same row.
Store credit (τ²'s gift cards; "vale-compras") moves in the same transaction as the row.
Refunds through a provider are then sent by `send_refunds`, with the row's key as the
provider's idempotency key, so a retry after a timeout or a crash never refunds twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from tools.payments.base import PaymentProviderError
from tools.payments.refunds import RefundProvider, RefundRequest

log = logging.getLogger(__name__)

STORE_CREDIT = "store_credit"
"""The provider name of store credit: money kept as a balance of the customer's method."""


class InsufficientCredit(Exception):
    """The store credit does not cover the amount."""


async def method_of(conn: Connection, customer_id: int | None, method_id: str) -> dict[str, Any]:
    """The customer's saved payment method.

    Raises:
        LookupError: The customer has no such method.
    """
    cur = await conn.execute(
        "SELECT * FROM customer_payment_methods WHERE customer_id = %s AND method_id = %s",
        (customer_id, method_id),
    )
    row = await cur.fetchone()
    if row is None:
        raise LookupError(f"payment method {method_id} not found")
    return dict(row)


async def ledger(conn: Connection, order_id: int) -> list[dict[str, Any]]:
    """The order's payments and refunds, in the order they were made."""
    cur = await conn.execute(
        "SELECT * FROM order_transactions WHERE order_id = %s ORDER BY id", (order_id,)
    )
    return [dict(row) for row in await cur.fetchall()]


async def add_transaction(
    conn: Connection, order: Mapping[str, Any], *, kind: str, amount: Decimal, key: str,
    method_id: str | None, provider: str, clock: Clock, refunds_id: int | None = None,
    payment_id: int | None = None, reason: str | None = None,
) -> dict[str, Any]:
    """Records a payment or refund once per key; store credit moves at once.

    Returns:
        The transaction row (the earlier one when the key was used before).

    Raises:
        InsufficientCredit: A store-credit payment larger than the balance.
    """
    now = clock.now()
    cur = await conn.execute(
        "INSERT INTO order_transactions (store_id, order_id, kind, amount, method_id, provider,"
        " payment_id, refunds_id, idempotency_key, reason, created_at)"
        " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)"
        " ON CONFLICT (idempotency_key) DO NOTHING RETURNING *",
        (order["store_id"], order["id"], kind, amount, method_id, provider, payment_id,
         refunds_id, key, reason, now),
    )
    row = await cur.fetchone()
    if row is None:  # done before: the same key finds the same money movement
        cur = await conn.execute("SELECT * FROM order_transactions WHERE idempotency_key = %s",
                                 (key,))
        return dict(await fetch_row(cur, f"transaction {key}"))
    if provider == STORE_CREDIT:
        delta = amount if kind == "refund" else -amount
        cur = await conn.execute(
            "UPDATE customer_payment_methods SET balance = balance + %s"
            " WHERE customer_id = %s AND method_id = %s AND balance + %s >= 0 RETURNING balance",
            (delta, order["customer_id"], method_id, delta),
        )
        if await cur.fetchone() is None:
            raise InsufficientCredit(f"store credit {method_id} does not cover {amount}")
        await conn.execute(
            "UPDATE order_transactions SET status = 'done', settled_at = %s WHERE id = %s",
            (now, row["id"]),
        )
        row = dict(row) | {"status": "done", "settled_at": now}
    return dict(row)


async def refund_to(
    conn: Connection, order: Mapping[str, Any], *, amount: Decimal, method_id: str, key: str,
    clock: Clock, reason: str | None = None,
) -> dict[str, Any]:
    """A refund of `amount` to one of the customer's methods, against the order's payment
    made with it (or its first payment), through that payment's provider."""
    method = await method_of(conn, order["customer_id"], method_id)
    paid = [t for t in await ledger(conn, order["id"]) if t["kind"] == "payment"]
    against = next((t for t in paid if t["method_id"] == method_id), paid[0] if paid else None)
    provider = STORE_CREDIT if method["balance"] is not None else method["provider"]
    payment_id = None if against is None else against["payment_id"]
    if against is None and provider != STORE_CREDIT:
        # Paid at checkout: the payment is in `payments`, not the ledger (as cancel finds it).
        payment_id = await checkout_payment(conn, order["id"], provider)
    return await add_transaction(
        conn, order, kind="refund", amount=amount, key=key, method_id=method_id,
        provider=provider, clock=clock, reason=reason,
        refunds_id=None if against is None else against["id"], payment_id=payment_id,
    )


async def checkout_payment(conn: Connection, order_id: int, provider: str) -> int | None:
    """The id of the order's payment collected at checkout through `provider` (None when
    there is none): what a refund of a checkout order gives back."""
    cur = await conn.execute("SELECT id FROM payments WHERE order_id = %s AND provider = %s"
                             " AND status = 'paid' ORDER BY id LIMIT 1", (order_id, provider))
    row = await cur.fetchone()
    return None if row is None else int(row["id"])


async def send_refunds(
    conn: Connection, providers: Mapping[str, RefundProvider], clock: Clock,
    *, order_id: int | None = None,
) -> list[dict[str, Any]]:
    """Sends every pending refund (of one order, or all) to its provider, once per key.

    A retryable failure leaves the refund pending (the next call tries again, same key); a
    refusal marks it failed for a person to look at. Returns the refunds it touched.
    """
    cur = await conn.execute(
        "SELECT * FROM order_transactions WHERE kind = 'refund' AND status = 'pending'"
        " AND (%s::bigint IS NULL OR order_id = %s) ORDER BY id", (order_id, order_id),
    )
    touched = []
    for row in await cur.fetchall():
        provider = providers.get(row["provider"])
        if provider is None:
            continue
        ref = await _captured_ref(conn, row)
        now = clock.now()
        try:
            result = await provider.refund(RefundRequest(
                idempotency_key=row["idempotency_key"], payment_ref=ref, amount=row["amount"],
                currency=await _currency(conn, row["order_id"]), reason=row["reason"]))
        except PaymentProviderError as exc:
            status = "pending" if exc.retryable else "failed"
            log.warning("refund %s: %s", row["id"], exc)
            await conn.execute(
                "UPDATE order_transactions SET attempts = attempts + 1, last_error = %s,"
                " status = %s WHERE id = %s", (str(exc), status, row["id"]),
            )
            touched.append(dict(row) | {"status": status, "last_error": str(exc)})
            continue
        status = "done" if result.status == "done" else "pending"
        await conn.execute(
            "UPDATE order_transactions SET attempts = attempts + 1, provider_ref = %s,"
            " status = %s, settled_at = %s, last_error = NULL WHERE id = %s",
            (result.refund_ref, status, now if status == "done" else None, row["id"]),
        )
        touched.append(dict(row) | {"status": status, "provider_ref": result.refund_ref})
    return touched


async def _captured_ref(conn: Connection, refund: Mapping[str, Any]) -> str:
    """The provider's id of the payment this refund gives back."""
    if refund["payment_id"] is not None:
        cur = await conn.execute(
            "SELECT p.provider, p.provider_ref, (SELECT e.event_id FROM payment_events e"
            "  WHERE e.payment_id = p.id AND e.type = 'paid' ORDER BY e.id LIMIT 1) AS event_id"
            " FROM payments p WHERE p.id = %s", (refund["payment_id"],),
        )
        payment = await fetch_row(cur, f"payment {refund['payment_id']}")
        if payment["provider"] == "mercadopago" and payment["event_id"]:
            return str(payment["event_id"]).split(":")[0]  # "<payment id>:<status>"
        if payment["provider"] == "pix" and payment["event_id"]:
            return str(payment["event_id"])  # the endToEndId
        return str(payment["provider_ref"] or "")
    if refund["refunds_id"] is not None:
        cur = await conn.execute("SELECT provider_ref FROM order_transactions WHERE id = %s",
                                 (refund["refunds_id"],))
        return str((await fetch_row(cur, "refunded payment"))["provider_ref"] or "")
    return ""


async def _currency(conn: Connection, order_id: int) -> str:
    cur = await conn.execute("SELECT currency FROM orders WHERE id = %s", (order_id,))
    return str((await fetch_row(cur, f"order {order_id}"))["currency"])
