"""Buyers over signed webhooks: each sends its messages one at a time and waits for the
answer at the fake Graph API; lost and duplicated replies are read from the database.

The instrument stays light, so that what it measures is the service: each buyer posts
prepared bytes over its own keep-alive connection (evals/load/poster.py; httpx cost about
3.5 ms of CPU a request, more than the service's acknowledgement), and is woken by its reply
(evals/load/graph_process.py) instead of polling for it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from typing import Any

import psycopg
from psycopg.rows import dict_row

from balcao.db.connect import fetch_row, open_pool
from evals.load.graph_process import GraphApiProcess
from evals.load.poster import KeepAlive

APP_SECRET = "load-app-secret"
SCRIPT = ["oi", "tem garrafa termica?", "o que tem no meu carrinho?", "quero ver camisetas",
          "obrigado"]


async def drive_buyers(args: argparse.Namespace, base_url: str, graph_api: GraphApiProcess,
                       db_url: str, run: int) -> dict[str, Any]:
    """`args.buyers` buyers, `args.at_once` at a time, each sending `args.turns` messages
    and waiting for each answer; the figures of the run (see `python -m evals.load`)."""
    from tests import webhooks

    buyers = [f"55119{7000000 + run * 100_000 + n:08d}" for n in range(args.buyers)]
    slots = asyncio.Semaphore(args.at_once)
    acks: list[float] = []
    replies: list[float] = []
    unanswered = 0
    deadline = time.monotonic() + args.timeout
    think = args.think_ms / 1000
    # Every delivery signed and in bytes before the run starts.
    deliveries = {buyer: [webhooks.signed(webhooks.text(SCRIPT[n % len(SCRIPT)], wa_id=buyer),
                                          APP_SECRET) for n in range(args.turns)]
                  for buyer in buyers}

    async def settled(buyer: str) -> bool:
        """Waits until the buyer's turns are finished and every reply they queued has
        arrived; False at the run's deadline. A turn queues its replies as it finishes (one
        transaction), so the count of queued replies is final once no message waits;
        comparing it with what arrived needs no wait for the sender to mark its rows sent."""
        while time.monotonic() < deadline:
            async with pool.connection() as conn:
                cur = await conn.execute(
                    "SELECT (SELECT count(*) FROM inbox i JOIN conversations c"
                    "        ON c.id = i.conversation_id"
                    "        WHERE c.buyer_id = %(b)s AND i.status = 'pending') AS inbox,"
                    "       (SELECT count(*) FROM outbox WHERE recipient = %(b)s) AS queued",
                    {"b": buyer})
                row = await fetch_row(cur, "the buyer's pending and queued counts")
            arrived = graph_api.count_to(buyer)
            if row["inbox"]:
                await asyncio.sleep(0.02)  # a turn still running
            elif row["queued"] <= arrived:
                return True
            else:
                await graph_api.more_than(buyer, arrived, 0.5)
        return False

    async def buyer_session(buyer: str) -> None:
        nonlocal unanswered
        http = KeepAlive(base_url)
        pace = random.Random(buyer)  # each buyer its own rhythm, the same in every run
        if think:  # people do not all start at the same moment
            await asyncio.sleep(think * pace.uniform(0, 1))
        async with slots:
            for n, delivery in enumerate(deliveries[buyer]):
                before = graph_api.count_to(buyer)
                request = http.prepared("/webhooks/whatsapp", delivery)
                sent = time.perf_counter()
                status, _ = await http.post(request)
                acks.append(time.perf_counter() - sent)
                if status != 200:
                    raise RuntimeError(f"the webhook answered HTTP {status}")
                if not await graph_api.more_than(buyer, before, deadline - time.monotonic()):
                    unanswered += args.turns - n
                    return
                replies.append(time.perf_counter() - sent)
                if not await settled(buyer):  # the whole turn sent, then the next
                    return
                if think and n + 1 < args.turns:  # reading the reply, typing the next one
                    await asyncio.sleep(think * pace.uniform(0.5, 1.5))
        http.close()

    # The buyers' checks share a few connections, each statement prepared once: a connection
    # of its own for each buyer had Postgres start a backend and plan the check every time,
    # ~1 ms of its CPU a turn taken from the service it measures.
    pool = await open_pool(db_url, min_size=2, max_size=max(2, args.at_once // 4))
    try:
        started = time.perf_counter()
        await asyncio.gather(*(buyer_session(b) for b in buyers))
        elapsed = time.perf_counter() - started
    finally:
        await pool.close()

    async with await psycopg.AsyncConnection.connect(
            db_url, autocommit=True, row_factory=dict_row) as conn:
        cur = await conn.execute(
            "SELECT count(*) FILTER (WHERE i.status <> 'done') AS not_done, count(*) AS total,"
            " count(DISTINCT i.turn_id) AS turns FROM inbox i JOIN conversations c"
            " ON c.id = i.conversation_id WHERE c.buyer_id = ANY(%s)", (buyers,))
        inbox = await cur.fetchone()
        cur = await conn.execute(
            "SELECT count(*) AS n FROM (SELECT data->>'turn_id' FROM conversation_events"
            " WHERE type = 'turn' AND conversation_id IN (SELECT id FROM conversations"
            " WHERE buyer_id = ANY(%s)) GROUP BY conversation_id, 1 HAVING count(*) > 1) d",
            (buyers,))
        twice = (await cur.fetchone())["n"]
        # Every reply queued, whatever its row's status: a buyer settled once each of its
        # queued replies had arrived, and the sender may not have marked the last row sent
        # yet (counting only 'sent' rows took that moment for a duplicate).
        cur = await conn.execute("SELECT count(*) AS n FROM outbox WHERE recipient = ANY(%s)",
                                 (buyers,))
        queued_rows = (await cur.fetchone())["n"]
    ours = set(buyers)
    sent_messages = sum(1 for m in graph_api.messages() if m.get("to") in ours)
    return {
        "buyers": args.buyers, "messages": args.buyers * args.turns,
        "turns": inbox["turns"], "seconds": round(elapsed, 2),
        "turns_per_second": round(inbox["turns"] / elapsed, 2) if elapsed else 0.0,
        "ack_p50_ms": _ms(acks, 50), "ack_p95_ms": _ms(acks, 95),
        "reply_p50_ms": _ms(replies, 50), "reply_p95_ms": _ms(replies, 95),
        "lost": max(inbox["not_done"] + max(args.buyers * args.turns - inbox["total"], 0),
                    unanswered),
        "duplicated": twice + max(sent_messages - queued_rows, 0),
    }


def _ms(values: list[float], pct: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0] * 1000, 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1] * 1000, 1)
