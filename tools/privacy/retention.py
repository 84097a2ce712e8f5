"""Retention (LGPD art. 15-16): personal data kept no longer than each store's periods, and
erasures buyers asked for in the chat and confirmed, carried out.

Measured from a conversation's last activity (the buyer's last message, or its creation):
- `checkpoints_days`: the graph's saved state and recorded tool calls of the thread go (the
  next message starts a fresh dialogue; carts and orders live in their own tables);
- `payloads_days`: handled inbox and outbox messages and their delivery statuses go;
- `conversations_days`: the buyer is erased from the store as `balcao privacy erase` does
  (orders kept for the tax books, anonymised).
A conversation waiting on a payment or a person keeps its state whatever its age.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol

from balcao.clock import Clock
from balcao.db.connect import Connection
from balcao.store_config import StoreConfig
from balcao.store_config_privacy import RetentionConfig
from tools.privacy.checkpoints import checkpoint_tables, delete_threads
from tools.privacy.erasure import erase_buyer
from tools.privacy.requests import carry_out_confirmed

log = logging.getLogger(__name__)

_LOCK = 4_242_018
"""Advisory lock namespace: one process applies a store's retention at a time."""
_BATCH = 200
"""Conversations erased per store and run: transactions stay short; the rest go next run."""

_QUIET = (
    "coalesce(c.last_inbound_at, c.created_at) < %(cutoff)s"
    " AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.conversation_id = c.id"
    "  AND o.status = 'pending_payment')"
    " AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id"
    "  AND e.status IN ('waiting', 'assigned'))"
    " AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.conversation_id = c.id"
    "  AND i.status = 'pending')"
)
"""A conversation silent since the cutoff and waiting on nothing (no payment, no person, no
event queued for its next turn)."""


class StoreConfigSource(Protocol):
    def get(self, store_id: str) -> StoreConfig: ...


async def apply_retention_everywhere(conn: Connection, stores: StoreConfigSource,
                                     clock: Clock) -> int:
    """Every store's periods applied once; rows and conversations removed in all."""
    cur = await conn.execute("SELECT id FROM stores ORDER BY id")
    removed = 0
    for row in await cur.fetchall():
        try:
            retention = stores.get(row["id"]).privacy.retention
        except ValueError as err:  # a broken store file stops that store only
            log.error("retention of store %s skipped: %s", row["id"], err)
            continue
        removed += sum((await apply_retention(conn, store_id=row["id"], retention=retention,
                                              clock=clock)).values())
    return removed


async def apply_retention(conn: Connection, *, store_id: str, retention: RetentionConfig,
                          clock: Clock) -> dict[str, int]:
    """One store's periods applied; what was removed, per kind (nothing when another process
    is applying them right now)."""
    now = clock.now()
    done: dict[str, int] = {}
    async with conn.transaction():
        cur = await conn.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s)) AS ok",
                                 (_LOCK, store_id))
        if not (await cur.fetchone() or {}).get("ok"):
            return done
        # Buyers who asked in the chat and confirmed (privacy.erasure: auto) go first.
        done["requests"] = await carry_out_confirmed(conn, store_id=store_id, now=now)
        done["conversations"] = await _erase_silent(
            conn, store_id, now - timedelta(days=retention.conversations_days), now)
        done.update(await _drop_payloads(conn, store_id,
                                         now - timedelta(days=retention.payloads_days)))
        done["checkpoints"] = await _drop_state(
            conn, store_id, now - timedelta(days=retention.checkpoints_days))
    return done


async def _erase_silent(conn: Connection, store_id: str, cutoff: datetime,
                        now: datetime) -> int:
    cur = await conn.execute(
        f"SELECT c.buyer_id FROM conversations c WHERE c.store_id = %(store)s AND {_QUIET}"
        " ORDER BY c.id LIMIT %(batch)s", {"store": store_id, "cutoff": cutoff, "batch": _BATCH})
    buyers = sorted({row["buyer_id"] for row in await cur.fetchall()})
    for buyer in buyers:
        await erase_buyer(conn, store_id=store_id, buyer_id=buyer, now=now)
    return len(buyers)


async def _drop_payloads(conn: Connection, store_id: str, cutoff: object) -> dict[str, int]:
    params = {"store": store_id, "cutoff": cutoff}
    cur = await conn.execute(
        "DELETE FROM message_statuses s USING outbox o WHERE o.provider_message_id ="
        " s.external_id AND o.channel = s.channel AND o.store_id = %(store)s"
        " AND o.created_at < %(cutoff)s AND o.status <> 'pending'", params)
    statuses = cur.rowcount
    cur = await conn.execute("DELETE FROM outbox WHERE store_id = %(store)s"
                             " AND created_at < %(cutoff)s AND status <> 'pending'", params)
    outbox = cur.rowcount
    cur = await conn.execute("DELETE FROM inbox WHERE store_id = %(store)s"
                             " AND received_at < %(cutoff)s AND status <> 'pending'", params)
    return {"inbox": cur.rowcount, "outbox": outbox, "message_statuses": statuses}


async def _drop_state(conn: Connection, store_id: str, cutoff: object) -> int:
    if "checkpoints" not in await checkpoint_tables(conn):
        return 0
    cur = await conn.execute(
        f"SELECT c.thread_id FROM conversations c WHERE c.store_id = %(store)s AND {_QUIET}"
        " AND EXISTS (SELECT 1 FROM checkpoints k WHERE k.thread_id = c.thread_id)"
        " ORDER BY c.id LIMIT %(batch)s", {"store": store_id, "cutoff": cutoff, "batch": _BATCH})
    threads = [row["thread_id"] for row in await cur.fetchall()]
    if not threads:
        return 0
    await conn.execute("DELETE FROM tool_calls WHERE thread_id = ANY(%s)", (threads,))
    await delete_threads(conn, threads)
    return len(threads)
