"""Bounded checkpoints: a thread keeps its last N checkpoints (whole turns) plus pinned ones.

`AsyncPostgresSaver` stores every super-step of every turn forever (its own `aprune` keeps only
the latest checkpoint, which leaves nothing for replay or time travel). `prune_thread` keeps:

- the last `keep` checkpoints, extended back to the start of the oldest turn they reach, and
  the checkpoint before that turn (the state it started from), so each kept turn can be
  replayed (`evals/replay`) and listed with the node that made each checkpoint;
- every pinned checkpoint's whole turn, the same way (`pin_checkpoint`).

A turn starts at a checkpoint whose metadata `source` is "input" (a turn given as an input
dict), or else at the first checkpoint with its turn id (a turn started with
`Command(goto=...)`, api/worker/turn.py, has no input checkpoint). Checkpoint ids are
time-ordered (uuid6), so "last" is the greatest ids. Blobs are stored once per channel version
and shared by every checkpoint whose `channel_versions` names that version, so a blob goes only
when no remaining checkpoint names it. Only the root namespace ('') is pruned: the sales graph
has no subgraphs. A thread whose conversation is mid-turn (its worker holds the conversation's
advisory lock) is skipped and pruned next time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from balcao.db.connect import Connection

PIN_KEY = "balcao_pinned"
"""The checkpoint metadata key that keeps a checkpoint's turn through every prune."""

TURN_LOCK_NAMESPACE = 7301
"""Advisory locks (TURN_LOCK_NAMESPACE, conversation id) are held by the worker running a
conversation's turn (api/worker/conversations.py)."""

_STORED_BYTES_SQL = """
SELECT
  (SELECT coalesce(sum(pg_column_size(c.*)), 0) FROM checkpoints c WHERE thread_id = %(t)s)
+ (SELECT coalesce(sum(pg_column_size(b.*)), 0) FROM checkpoint_blobs b WHERE thread_id = %(t)s)
+ (SELECT coalesce(sum(pg_column_size(w.*)), 0) FROM checkpoint_writes w WHERE thread_id = %(t)s)
  AS bytes
"""


def turn_starts(rows: Sequence[tuple[str | None, str | None]]) -> list[int]:
    """Indexes of the checkpoints that start a turn, from `(source, turn_id)` rows, oldest
    first: an input checkpoint, or the first of a turn id not preceded by one."""
    starts: list[int] = []
    for i, (source, turn_id) in enumerate(rows):
        previous = rows[i - 1] if i else (None, None)
        if source == "input" or (turn_id != previous[1] and previous[0] != "input"):
            starts.append(i)
    return starts


def checkpoints_to_keep(rows: Sequence[tuple[str, str | None, str | None, bool]],
                        keep: int) -> set[str]:
    """The checkpoint ids to keep, from a thread's `(id, source, turn_id, pinned)` rows,
    oldest first."""
    ids = [r[0] for r in rows]
    starts = turn_starts([(r[1], r[2]) for r in rows])
    kept: set[str] = set()

    def keep_turn_of(index: int, through: int) -> None:
        """From the checkpoint before `index`'s turn through `through`."""
        start = max((s for s in starts if s <= index), default=0)
        kept.update(ids[max(start - 1, 0):through + 1])

    if ids:
        keep_turn_of(max(len(ids) - max(keep, 1), 0), len(ids) - 1)
    for i, (_, _, _, pinned) in enumerate(rows):
        if pinned:
            end = min((s for s in starts if s > i), default=len(ids)) - 1
            keep_turn_of(i, end)
    return kept


async def pin_checkpoint(conn: Connection, thread_id: str, checkpoint_id: str) -> bool:
    """Keeps this checkpoint's turn through every prune; False when there is no such one."""
    cur = await conn.execute(
        "UPDATE checkpoints SET metadata = metadata || jsonb_build_object(%s::text, true)"
        " WHERE thread_id = %s AND checkpoint_ns = '' AND checkpoint_id = %s",
        (PIN_KEY, thread_id, checkpoint_id),
    )
    return cur.rowcount == 1


async def stored_bytes(conn: Connection, thread_id: str) -> int:
    """What a thread's checkpoints, blobs and pending writes take in the tables (row sizes)."""
    cur = await conn.execute(_STORED_BYTES_SQL, {"t": thread_id})
    row = await cur.fetchone()
    return int(row["bytes"]) if row else 0


async def threads_over(conn: Connection, keep: int, limit: int = 100) -> list[str]:
    """Threads with more than `keep` checkpoints, the largest first (at most `limit`)."""
    cur = await conn.execute(
        "SELECT thread_id FROM checkpoints WHERE checkpoint_ns = '' GROUP BY thread_id"
        " HAVING count(*) > %s ORDER BY count(*) DESC LIMIT %s", (keep, limit))
    return [r["thread_id"] for r in await cur.fetchall()]


async def prune_thread(conn: Connection, thread_id: str, keep: int) -> int | None:
    """Deletes the thread's checkpoints beyond what it keeps, their pending writes and the
    blobs no remaining checkpoint uses; returns how many checkpoints went (None: the thread
    is mid-turn, try later). Runs in one transaction on `conn`."""
    async with conn.transaction():
        if not await _not_mid_turn(conn, thread_id):
            return None
        cur = await conn.execute(
            "SELECT checkpoint_id, metadata->>'source' AS source,"
            " checkpoint->'channel_values'->>'turn_id' AS turn_id,"
            " coalesce((metadata->>%s)::boolean, false) AS pinned FROM checkpoints"
            " WHERE thread_id = %s AND checkpoint_ns = '' ORDER BY checkpoint_id FOR UPDATE",
            (PIN_KEY, thread_id))
        rows = [(r["checkpoint_id"], r["source"], r["turn_id"], r["pinned"])
                for r in await cur.fetchall()]
        kept = checkpoints_to_keep(rows, keep)
        doomed = [r[0] for r in rows if r[0] not in kept]
        if not doomed:
            return 0
        await conn.execute(
            "DELETE FROM checkpoint_writes WHERE thread_id = %s AND checkpoint_ns = ''"
            " AND checkpoint_id = ANY(%s)", (thread_id, doomed))
        cur = await conn.execute(
            "WITH gone AS (DELETE FROM checkpoints WHERE thread_id = %s AND checkpoint_ns = ''"
            "  AND checkpoint_id = ANY(%s) RETURNING checkpoint -> 'channel_versions' AS v)"
            " SELECT DISTINCT e.key AS channel, e.value AS version"
            " FROM gone CROSS JOIN LATERAL jsonb_each_text(gone.v) AS e", (thread_id, doomed))
        freed = {(r["channel"], r["version"]) for r in await cur.fetchall()}
        await _delete_unused_blobs(conn, thread_id, freed)
        # A kept checkpoint whose parent went points nowhere rather than at a missing row.
        await conn.execute(
            "UPDATE checkpoints SET parent_checkpoint_id = NULL WHERE thread_id = %s"
            " AND checkpoint_ns = '' AND parent_checkpoint_id = ANY(%s)", (thread_id, doomed))
        return len(doomed)


async def prune_all(conn: Connection, keep: int, limit: int = 100) -> int:
    """Prunes up to `limit` threads over `keep` checkpoints; returns the checkpoints deleted."""
    deleted = 0
    for thread_id in await threads_over(conn, keep, limit):
        deleted += await prune_thread(conn, thread_id, keep) or 0
    return deleted


async def _not_mid_turn(conn: Connection, thread_id: str) -> bool:
    """Takes the conversation's turn lock for this transaction, when no worker holds it."""
    cur = await conn.execute("SELECT id FROM conversations WHERE thread_id = %s", (thread_id,))
    conversation: dict[str, Any] | None = await cur.fetchone()
    if conversation is None:
        return True  # not a worker's thread (a replay fork, a test): nothing runs it
    cur = await conn.execute(
        "SELECT pg_try_advisory_xact_lock(%s, %s) AS free",
        (TURN_LOCK_NAMESPACE, conversation["id"] % 2_147_483_647))
    row = await cur.fetchone()
    return bool(row and row["free"])


async def _delete_unused_blobs(conn: Connection, thread_id: str,
                               freed: set[tuple[str, str]]) -> None:
    """Deletes the freed blob versions that no remaining checkpoint of the thread names."""
    if not freed:
        return
    cur = await conn.execute(
        "SELECT DISTINCT e.key AS channel, e.value AS version FROM checkpoints c"
        " CROSS JOIN LATERAL jsonb_each_text(c.checkpoint -> 'channel_versions') AS e"
        " WHERE c.thread_id = %s AND c.checkpoint_ns = ''", (thread_id,))
    used = {(r["channel"], r["version"]) for r in await cur.fetchall()}
    garbage = sorted(freed - used)
    if garbage:
        await conn.execute(
            "DELETE FROM checkpoint_blobs b USING unnest(%s::text[], %s::text[]) AS g(ch, ver)"
            " WHERE b.thread_id = %s AND b.checkpoint_ns = '' AND b.channel = g.ch"
            " AND b.version = g.ver",
            ([g[0] for g in garbage], [g[1] for g in garbage], thread_id))
