"""The graph's saved state of a buyer's thread (LangGraph's Postgres checkpoint tables):
summarised for an export, deleted on erasure or when its retention period ends."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

from balcao.db.connect import Connection
from tools.conversations.checkpoint_serde import CompressingSerializer

CHECKPOINT_TABLES = ("checkpoint_writes", "checkpoint_blobs", "checkpoints")
"""The checkpointer's tables keyed by thread id (created by `AsyncPostgresSaver.setup`)."""


async def checkpoint_tables(conn: Connection) -> list[str]:
    """Those of the tables that exist (none before the service first ran)."""
    cur = await conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        " AND tablename = ANY(%s)", (list(CHECKPOINT_TABLES),))
    present = {row["tablename"] for row in await cur.fetchall()}
    return [name for name in CHECKPOINT_TABLES if name in present]


async def delete_threads(conn: Connection, thread_ids: list[str]) -> int:
    """Deletes every checkpoint, blob and pending write of these threads; rows deleted."""
    deleted = 0
    for table in await checkpoint_tables(conn):
        cur = await conn.execute(f"DELETE FROM {table} WHERE thread_id = ANY(%s)",  # noqa: S608
                                 (thread_ids,))
        deleted += cur.rowcount
    return deleted


async def state_summary(conn: Connection, thread_id: str) -> dict[str, Any] | None:
    """The thread's latest saved state (its values, JSON-safe) and how many checkpoints it
    has; None when the graph never saved one."""
    if "checkpoints" not in await checkpoint_tables(conn):
        return None
    cur = await conn.execute("SELECT count(*) AS n FROM checkpoints WHERE thread_id = %s",
                             (thread_id,))
    row = await cur.fetchone()
    if row is None or not row["n"]:
        return None
    saver = AsyncPostgresSaver(conn, serde=CompressingSerializer())  # reads what TurnSaver wrote
    latest = await saver.aget_tuple({"configurable": {"thread_id": thread_id,
                                                      "checkpoint_ns": ""}})
    values = latest.checkpoint.get("channel_values", {}) if latest is not None else {}
    return {"thread_id": thread_id, "checkpoints": row["n"],
            "saved_at": latest.checkpoint.get("ts") if latest is not None else None,
            "state": {key: jsonable(value) for key, value in values.items()
                      if not key.startswith("branch:")}}


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of a state value (models, dataclasses, decimals, dates)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
