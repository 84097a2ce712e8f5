"""A buyer's requests about their data (`privacy_requests`): recorded when asked in the chat,
answered by the graph, a person or the maintenance job."""

from __future__ import annotations

from datetime import datetime

from balcao.db.connect import Connection
from balcao.pii import pseudonym
from tools.privacy.erasure import erase_buyer


async def record_request(conn: Connection, *, store_id: str, conversation_id: int,
                         buyer_id: str, turn_id: str, status: str, now: datetime) -> int:
    """The request of this turn, recorded once (a node run again finds its row)."""
    cur = await conn.execute(
        "INSERT INTO privacy_requests (store_id, conversation_id, turn_id, subject, source,"
        " status, requested_at) VALUES (%s, %s, %s, %s, 'chat', %s, %s)"
        " ON CONFLICT (store_id, turn_id) DO UPDATE SET turn_id = EXCLUDED.turn_id"
        " RETURNING id", (store_id, conversation_id, turn_id, pseudonym(buyer_id), status, now))
    row = await cur.fetchone()
    assert row is not None  # DO UPDATE: RETURNING yields the row, new or not
    return int(row["id"])


async def answer_pending(conn: Connection, *, conversation_id: int, confirmed: bool,
                         now: datetime) -> None:
    """The buyer's yes (erase) or anything else (keep) to a request awaiting confirmation."""
    await conn.execute(
        "UPDATE privacy_requests SET status = %s, completed_at = %s WHERE conversation_id = %s"
        " AND status = 'awaiting_confirmation'",
        ("confirmed" if confirmed else "cancelled", None if confirmed else now,
         conversation_id))


async def carry_out_confirmed(conn: Connection, *, store_id: str, now: datetime) -> int:
    """Erases the buyers who confirmed, once nothing of theirs is still on its way (their
    last messages handled, our last reply sent); returns how many."""
    cur = await conn.execute(
        "SELECT DISTINCT c.buyer_id FROM privacy_requests r JOIN conversations c"
        " ON c.id = r.conversation_id WHERE r.store_id = %s AND r.status = 'confirmed'"
        " AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.conversation_id = c.id"
        "  AND i.status = 'pending')"
        " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = c.id"
        "  AND o.status = 'pending') ORDER BY c.buyer_id", (store_id,))
    done = 0
    for row in await cur.fetchall():
        await erase_buyer(conn, store_id=store_id, buyer_id=row["buyer_id"], now=now)
        done += 1
    return done
