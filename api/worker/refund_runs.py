"""Sending the refunds that wait for their provider, and telling each buyer once the money
went back. Run by the maintenance job every round and by `balcao orders send-refunds`.

One run at a time across processes (a session advisory lock: a second caller skips the
round); each refund goes to its provider under its own idempotency key, so a run cut short
by a crash is finished by the next without refunding twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from api.worker.order_notices import tell_buyer
from balcao.clock import Clock
from balcao.db.connect import Connection
from balcao.store_config import StoreConfigs
from tools.orders.notices import record_sent_refunds
from tools.orders.refunds import STORE_CREDIT, send_refunds
from tools.payments.gateway import PaymentGateway

log = logging.getLogger(__name__)

_REFUND_RUN_LOCK = 4_242_015
# Refunds settled this long ago without a notice are left alone (from before notices
# existed, or a buyer already told by a person).
_ANNOUNCE_WITHIN = timedelta(days=3)


async def send_pending_refunds(conn: Connection, gateway: PaymentGateway,
                               stores: StoreConfigs, clock: Clock) -> list[dict[str, Any]] | None:
    """Sends every pending refund and queues the buyers' notices of those that went through.

    Returns the refunds touched (status "done", "pending" to retry, "failed" when refused),
    or None when another process is running the same round.
    """
    cur = await conn.execute("SELECT pg_try_advisory_lock(%s) AS got", (_REFUND_RUN_LOCK,))
    if not (await cur.fetchone() or {}).get("got"):
        return None
    try:
        sent = await send_refunds(conn, await _providers(conn, gateway), clock)
        async with conn.transaction():
            for change in await record_sent_refunds(conn, clock,
                                                    since=clock.now() - _ANNOUNCE_WITHIN):
                await tell_buyer(conn, stores, clock, order_id=change["order_id"],
                                 after_id=change["history_id"] - 1)
        return sent
    finally:
        await conn.execute("SELECT pg_advisory_unlock(%s)", (_REFUND_RUN_LOCK,))


async def _providers(conn: Connection, gateway: PaymentGateway) -> dict[str, Any]:
    """The providers of the pending refunds that this process can reach; one whose settings
    are missing is logged and its refunds wait."""
    cur = await conn.execute("SELECT DISTINCT provider FROM order_transactions"
                             " WHERE kind = 'refund' AND status = 'pending' AND provider <> %s",
                             (STORE_CREDIT,))
    providers: dict[str, Any] = {}
    for row in await cur.fetchall():
        try:
            providers[row["provider"]] = gateway.provider(row["provider"])
        except ValueError as exc:
            log.warning("refunds through %s wait: %s", row["provider"], exc)
    return providers
