"""What the console shows: the queue by priority, one escalation with its context, the
transcript and the customer's history."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from balcao.db.connect import Connection
from tools.handoff.escalations import OPEN
from tools.handoff.priority import priority

MISSED_DAYS = 7
"""Timed-out escalations stay listed this long (until someone takes or dismisses them)."""
WITHDRAWN_HOURS = 24
"""Escalations the buyer took back stay listed this long, so whoever was about to take one
sees why it left the queue."""


async def queue(conn: Connection, store_id: str, now: datetime) -> dict[str, list]:
    """`open` (waiting and assigned, highest priority first), `missed` (timed out) and
    `withdrawn` (taken back by the buyer before anyone came, the latest first)."""
    cur = await conn.execute(
        "SELECT e.id, e.conversation_id, e.status, e.reason, e.reasons, e.factors, e.summary,"
        " e.created_at, e.closed_at, e.left_message, e.assigned_to, o.name AS assigned_name,"
        " v.contact_name, v.buyer_id FROM escalations e"
        " JOIN conversations v ON v.id = e.conversation_id"
        " LEFT JOIN operators o ON o.id = e.assigned_to"
        " WHERE e.store_id = %s AND (e.status = ANY(%s)"
        "  OR (e.status = 'timed_out' AND e.closed_at > %s)"
        "  OR (e.status = 'withdrawn' AND e.closed_at > %s))",
        (store_id, list(OPEN), now - timedelta(days=MISSED_DAYS),
         now - timedelta(hours=WITHDRAWN_HOURS)),
    )
    entries = [_entry(row, now) for row in await cur.fetchall()]
    open_ = sorted((e for e in entries if e["status"] in OPEN),
                   key=lambda e: (-e["priority"], e["id"]))
    missed = sorted((e for e in entries if e["status"] == "timed_out"), key=lambda e: -e["id"])
    withdrawn = sorted((e for e in entries if e["status"] == "withdrawn"), key=lambda e: -e["id"])
    return {"open": open_, "missed": missed, "withdrawn": withdrawn}


def _entry(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    score = priority(row["reason"], row["factors"], row["created_at"], now)
    cart = (row["summary"] or {}).get("cart") or {}
    end = row["closed_at"] if row["status"] in ("timed_out", "withdrawn") else now
    return {
        "id": row["id"],
        "conversation_id": row["conversation_id"],
        "status": row["status"],
        "reason": row["reason"],
        "reasons": row["reasons"],
        "name": row["contact_name"] or display_phone(row["buyer_id"]),
        "waiting_minutes": int((end - row["created_at"]).total_seconds() // 60),
        "priority": score.score,
        "priority_parts": score.parts,
        "cart_subtotal": cart.get("subtotal"),
        "cart_items": cart.get("items") or 0,
        "vip": bool(row["factors"].get("vip")),
        "assigned_to": row["assigned_to"],
        "assigned_name": row["assigned_name"],
        "left_message": row["left_message"],
    }


async def escalation_detail(conn: Connection, escalation_id: int,
                            now: datetime) -> dict[str, Any] | None:
    """One escalation with its conversation, for the conversation view."""
    cur = await conn.execute(
        "SELECT e.*, o.name AS assigned_name, v.contact_name, v.buyer_id, v.last_inbound_at"
        " FROM escalations e JOIN conversations v ON v.id = e.conversation_id"
        " LEFT JOIN operators o ON o.id = e.assigned_to WHERE e.id = %s", (escalation_id,),
    )
    row = await cur.fetchone()
    if row is None:
        return None
    entry = _entry(row, now)
    return {**row, **entry}


async def transcript(conn: Connection, conversation_id: int,
                     limit: int = 200) -> list[dict[str, Any]]:
    """The conversation's messages in order: the buyer's (inbox), the bot's and operators'
    (outbox), each with its time and author."""
    cur = await conn.execute(
        "SELECT * FROM ("
        " SELECT 'buyer' AS author, i.received_at AS at, i.id AS seq, 0 AS side,"
        "  COALESCE(i.message->>'text', '[' || i.kind || ']') AS text, i.status, NULL AS operator"
        "  FROM inbox i WHERE i.conversation_id = %(c)s AND i.kind NOT IN ('payment', 'handoff')"
        " UNION ALL"
        " SELECT CASE WHEN o.operator_id IS NULL THEN 'bot' ELSE 'operator' END, o.created_at,"
        "  o.id, 1, COALESCE(o.payload->'text'->>'body', o.payload->'interactive'->'body'->>'text',"
        "  '[' || (o.payload->>'type') || ']'), o.status, op.name"
        "  FROM outbox o LEFT JOIN operators op ON op.id = o.operator_id"
        "  WHERE o.conversation_id = %(c)s"
        " ORDER BY at DESC, side DESC, seq DESC LIMIT %(limit)s) recent"
        " ORDER BY at, side, seq",
        {"c": conversation_id, "limit": limit},
    )
    return [{**row, "at": row["at"].isoformat()} for row in await cur.fetchall()]


async def customer_history(conn: Connection, store_id: str, buyer_id: str,
                           conversation_id: int) -> dict[str, Any]:
    """Earlier escalations and recent orders of the buyer."""
    cur = await conn.execute(
        "SELECT id, status, reason, created_at, notes, left_message FROM escalations"
        " WHERE conversation_id = %s ORDER BY id DESC LIMIT 10", (conversation_id,),
    )
    escalations = await cur.fetchall()
    cur = await conn.execute(
        "SELECT o.number, o.status, o.total, o.created_at FROM orders o"
        " JOIN customers c ON c.id = o.customer_id WHERE c.store_id = %s AND c.buyer_id = %s"
        " ORDER BY o.id DESC LIMIT 10", (store_id, buyer_id),
    )
    return {"escalations": escalations, "orders": await cur.fetchall()}


def display_phone(buyer_id: str) -> str:
    """"+55 11 98765-4321" from a WhatsApp id, for people to read."""
    digits = "".join(c for c in buyer_id if c.isdigit())
    if len(digits) == 13 and digits.startswith("55"):
        return f"+55 {digits[2:4]} {digits[4:9]}-{digits[9:]}"
    return f"+{digits}" if digits else buyer_id
