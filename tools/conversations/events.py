"""The conversation event log (`conversation_events`): what happened, for reports and the CRM."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from balcao.db.connect import Connection


async def record_event(
    conn: Connection, *, store_id: str, conversation_id: int | None, kind: str,
    data: dict[str, Any], at: datetime,
) -> None:
    """Appends one event."""
    await conn.execute(
        "INSERT INTO conversation_events (store_id, conversation_id, type, data, occurred_at)"
        " VALUES (%s, %s, %s, %s, %s)",
        (store_id, conversation_id, kind, json.dumps(data, default=str), at),
    )
