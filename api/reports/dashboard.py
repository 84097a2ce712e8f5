"""The console's dashboard: conversations, funnel, escalations, reply latency and intents per
day, in the store's timezone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from psycopg import AsyncConnection

from tools.crm.orders import PAID_STATUSES


@dataclass
class Dashboard:
    """One row per day (oldest first) and totals over the period."""

    days: list[dict[str, Any]]
    funnel: list[tuple[str, int]]
    reasons: list[tuple[str, int]]
    intents: list[tuple[str, int]]
    totals: dict[str, Any] = field(default_factory=dict)


async def dashboard(conn: AsyncConnection, *, store_id: str, timezone: str, days: int,
                    now: datetime) -> Dashboard:
    """The last `days` days up to today (local)."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    since = datetime(first.year, first.month, first.day, tzinfo=zone)
    args = {"s": store_id, "tz": timezone, "since": since, "paid": list(PAID_STATUSES)}
    per_day: dict[date, dict[str, Any]] = {
        first + timedelta(days=i): {"conversations": 0, "escalations": 0, "carts": 0,
                                    "orders": 0, "paid": 0, "latency_p50": None,
                                    "latency_p90": None, "operator_p50": None}
        for i in range(days)
    }

    async def fill(sql: str, *columns: str) -> None:
        cur = await conn.execute(sql, args)
        for row in await cur.fetchall():
            if row["day"] in per_day:
                for column in columns:
                    per_day[row["day"]][column] = row[column]

    await fill("SELECT (received_at AT TIME ZONE %(tz)s)::date AS day,"
               " count(DISTINCT conversation_id) AS conversations FROM inbox"
               " WHERE store_id = %(s)s AND kind NOT IN ('payment', 'handoff')"
               " AND received_at >= %(since)s GROUP BY 1", "conversations")
    await fill("SELECT (created_at AT TIME ZONE %(tz)s)::date AS day, count(*) AS escalations,"
               " percentile_cont(0.5) WITHIN GROUP (ORDER BY"
               "  extract(epoch FROM first_reply_at - created_at)) AS operator_p50"
               " FROM escalations WHERE store_id = %(s)s AND created_at >= %(since)s GROUP BY 1",
               "escalations", "operator_p50")
    await fill("SELECT (created_at AT TIME ZONE %(tz)s)::date AS day,"
               " count(DISTINCT conversation_id) AS carts FROM carts"
               " WHERE store_id = %(s)s AND created_at >= %(since)s GROUP BY 1", "carts")
    await fill("SELECT (created_at AT TIME ZONE %(tz)s)::date AS day, count(*) AS orders,"
               " count(*) FILTER (WHERE status = ANY(%(paid)s)) AS paid FROM orders"
               " WHERE store_id = %(s)s AND created_at >= %(since)s GROUP BY 1",
               "orders", "paid")
    # A turn's id names its first inbox message: latency is from that message to the reply.
    await fill("SELECT (e.occurred_at AT TIME ZONE %(tz)s)::date AS day,"
               " percentile_cont(0.5) WITHIN GROUP (ORDER BY"
               "  extract(epoch FROM e.occurred_at - i.received_at)) AS latency_p50,"
               " percentile_cont(0.9) WITHIN GROUP (ORDER BY"
               "  extract(epoch FROM e.occurred_at - i.received_at)) AS latency_p90"
               " FROM conversation_events e JOIN inbox i"
               "  ON i.id = substring(e.data->>'turn_id' FROM 6)::bigint"
               " WHERE e.store_id = %(s)s AND e.type = 'turn' AND e.occurred_at >= %(since)s"
               " AND e.data->>'turn_id' ~ '^turn-[0-9]+$'"
               " AND i.kind NOT IN ('payment', 'handoff') GROUP BY 1",
               "latency_p50", "latency_p90")

    rows = []
    for day, values in per_day.items():
        rate = values["escalations"] / values["conversations"] if values["conversations"] else 0
        rows.append({"day": day.isoformat(), **values, "escalation_rate": round(rate, 3)})

    cur = await conn.execute(
        "SELECT"
        " (SELECT count(DISTINCT conversation_id) FROM inbox WHERE store_id = %(s)s"
        "  AND kind NOT IN ('payment', 'handoff') AND received_at >= %(since)s) AS talked,"
        " (SELECT count(DISTINCT conversation_id) FROM carts WHERE store_id = %(s)s"
        "  AND created_at >= %(since)s) AS carted,"
        " (SELECT count(DISTINCT conversation_id) FROM orders WHERE store_id = %(s)s"
        "  AND created_at >= %(since)s) AS ordered,"
        " (SELECT count(DISTINCT conversation_id) FROM orders WHERE store_id = %(s)s"
        "  AND created_at >= %(since)s AND status = ANY(%(paid)s)) AS paid", args,
    )
    f = await cur.fetchone()
    funnel = [("conversations", f["talked"]), ("cart", f["carted"]), ("order", f["ordered"]),
              ("paid", f["paid"])]
    cur = await conn.execute(
        "SELECT reason, count(*) AS n FROM escalations WHERE store_id = %(s)s"
        " AND created_at >= %(since)s GROUP BY 1 ORDER BY 2 DESC, 1", args,
    )
    reasons = [(r["reason"], r["n"]) for r in await cur.fetchall()]
    cur = await conn.execute(
        "SELECT data->>'intent' AS intent, count(*) AS n FROM conversation_events"
        " WHERE store_id = %(s)s AND type = 'turn' AND occurred_at >= %(since)s"
        " AND data->>'intent' IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8", args,
    )
    intents = [(r["intent"], r["n"]) for r in await cur.fetchall()]
    talked = f["talked"] or 0
    escalated = sum(n for _, n in reasons)
    totals = {"conversations": talked, "escalations": escalated,
              "escalation_rate": round(escalated / talked, 3) if talked else 0}
    return Dashboard(days=rows, funnel=funnel, reasons=reasons, intents=intents, totals=totals)
