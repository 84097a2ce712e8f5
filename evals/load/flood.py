"""`python -m evals.load --flood-messages N`: does one flooding buyer slow everyone else?

In the same service the normal buyers run twice: once as the baseline, then again while one
extra buyer sends N messages of 4,096 characters (WhatsApp's text limit) as fast as it can,
one message per signed webhook delivery (as Meta usually delivers them), `FLOOD_IN_FLIGHT`
deliveries in flight at a time, from a process of its own (`OtherClient`), as prepared bytes
(evals/load/poster.py: an attacker's CPU is not the service's). A short warm-up
pass, not counted, comes first, so the baseline does not pay for cold caches. The service
runs with the per-buyer rate limit `--flood-rate` (BALCAO_BUYER_MESSAGES_PER_MINUTE).
Figures: the others' reply p50/p95 in both runs and their ratio (flood/baseline, within 1.20
is the goal of issue #18), the others' lost and duplicated replies (must be 0), and what the
flooding buyer got back.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import psycopg
from psycopg.rows import dict_row

from api.buyer_limits import FLOOD_REPLY
from evals.load.drive import APP_SECRET, drive_buyers
from evals.load.poster import Delivery, post_all

FLOOD_BUYER = "5511980000001"
FLOOD_TEXT_CHARS = 4096
FLOOD_IN_FLIGHT = 8
RATIO_GOAL = 1.20
_WORDS = "oi quero ver camisetas e garrafas termicas, tem desconto no pix? "


def flood_text(n: int) -> str:
    """A distinct text of exactly `FLOOD_TEXT_CHARS` characters."""
    head = f"mensagem {n}: "
    body = _WORDS * (FLOOD_TEXT_CHARS // len(_WORDS) + 1)
    return (head + body)[:FLOOD_TEXT_CHARS]


def flood_body(n: int) -> dict[str, Any]:
    """The flooding buyer's `n`-th delivery: one long text."""
    from tests import webhooks

    return webhooks.text(flood_text(n), wa_id=FLOOD_BUYER, wamid=f"wamid.flood{n}")


_prepared: list[Delivery] = []
"""The other client's deliveries, built in its process before they count."""


def _prepare_here(make: Callable[[int], dict[str, Any]], count: int) -> int:
    from tests import webhooks

    _prepared[:] = [webhooks.signed(make(n), APP_SECRET) for n in range(count)]
    return len(_prepared)


def _send_here(base_url: str) -> dict[str, Any]:
    started = time.perf_counter()
    statuses, throttled = asyncio.run(post_all(base_url, "/webhooks/whatsapp", _prepared,
                                               FLOOD_IN_FLIGHT))
    return {"sent": len(_prepared), "statuses": statuses, "throttled": throttled,
            "send_seconds": round(time.perf_counter() - started, 2)}


class OtherClient:
    """Sends `count` signed deliveries, `make(n)` each, `FLOOD_IN_FLIGHT` at a time, from a
    process of its own, as an attacker on another machine would: building and posting them
    on the measuring process's event loop would delay its reading of the other buyers'
    replies and count that delay against the service. They are built on entering, before
    anything is measured, and posted as prepared bytes (evals/load/poster.py)."""

    def __init__(self, make: Callable[[int], dict[str, Any]], count: int) -> None:
        self._make = make
        self._count = count

    def __enter__(self) -> OtherClient:
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._pool.submit(_prepare_here, self._make, self._count).result()
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    async def send(self, base_url: str) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _send_here, base_url)


async def warm_up(args: argparse.Namespace, base_url: str, graph_api: Any, db_url: str
                  ) -> None:
    """A short pass, not counted, so that the baseline does not pay for cold caches."""
    first = argparse.Namespace(**{**vars(args), "buyers": args.at_once, "turns": 1})
    await drive_buyers(first, base_url, graph_api, db_url, run=7)


async def flood_scenario(args: argparse.Namespace, base_url: str, graph_api: Any, db_url: str,
                         cpu_seconds: Callable[[], float]) -> dict[str, Any]:
    """Warm-up, baseline, then the same buyers (new numbers) beside one flooding buyer."""
    await warm_up(args, base_url, graph_api, db_url)
    cpu = cpu_seconds()
    baseline = await drive_buyers(args, base_url, graph_api, db_url, run=0)
    baseline["cpu_ms_per_turn"] = _per_turn(cpu_seconds() - cpu, baseline["turns"])
    with OtherClient(flood_body, args.flood_messages) as other:
        cpu = cpu_seconds()
        flooding = asyncio.create_task(other.send(base_url))
        flooded = await drive_buyers(args, base_url, graph_api, db_url, run=1)
        sent = await flooding
    flooder = await _settled_flood_buyer(graph_api, db_url, args.timeout)
    flooded["cpu_ms_per_turn"] = _per_turn(cpu_seconds() - cpu,
                                           flooded["turns"] + flooder["turns"])
    ratio_p50 = reply_ratio(flooded["reply_p50_ms"], baseline["reply_p50_ms"])
    ratio_p95 = reply_ratio(flooded["reply_p95_ms"], baseline["reply_p95_ms"])
    return {
        "baseline": baseline, "flood": flooded, "flooder": {**sent, **flooder},
        "ratio_p50": ratio_p50, "ratio_p95": ratio_p95,
        "within_goal": ratio_p50 is not None and ratio_p95 is not None
        and max(ratio_p50, ratio_p95) <= RATIO_GOAL,
        "lost": baseline["lost"] + flooded["lost"],
        "duplicated": baseline["duplicated"] + flooded["duplicated"],
    }


async def _settled_flood_buyer(graph_api: Any, db_url: str, timeout: float) -> dict[str, Any]:
    """Waits until the flooding buyer's stored messages are answered and its replies sent;
    then what it got: stored messages, turns, replies (and how many were the polite one)."""
    deadline = time.monotonic() + timeout
    async with await psycopg.AsyncConnection.connect(
            db_url, autocommit=True, row_factory=dict_row) as conn:
        while True:
            cur = await conn.execute(
                "SELECT count(*) AS stored, count(DISTINCT i.turn_id) AS turns,"
                " count(*) FILTER (WHERE i.status = 'pending') AS pending,"
                " (SELECT count(*) FROM outbox WHERE recipient = %(b)s"
                "  AND status = 'pending') AS outbox"
                " FROM inbox i JOIN conversations c ON c.id = i.conversation_id"
                " WHERE c.buyer_id = %(b)s", {"b": FLOOD_BUYER})
            row = await cur.fetchone()
            settled = row["pending"] == 0 and row["outbox"] == 0
            if settled or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
    replies = [m for m in graph_api.messages() if m.get("to") == FLOOD_BUYER]
    polite = sum(1 for m in replies if (m.get("text") or {}).get("body") == FLOOD_REPLY)
    return {"stored": row["stored"], "turns": row["turns"], "unanswered": row["pending"],
            "replies": len(replies), "polite_replies": polite}


def _per_turn(cpu: float, turns: int) -> float:
    return round(1000 * cpu / max(turns, 1), 1)


def reply_ratio(measured: float | None, baseline: float | None) -> float | None:
    return round(measured / baseline, 2) if measured and baseline else None


def print_flood(args: argparse.Namespace, s: dict[str, Any]) -> None:
    base, flood, flooder = s["baseline"], s["flood"], s["flooder"]
    print(f"{args.buyers} buyers ({args.at_once} at a time) x {args.turns} messages, "
          f"concurrency {args.concurrency}, workers {args.workers or 'in the API'}; flood: "
          f"{flooder['sent']} messages of {FLOOD_TEXT_CHARS} characters from one buyer, one "
          f"a delivery, {FLOOD_IN_FLIGHT} in flight, rate limit {args.flood_rate}/min")
    for name, run in (("baseline", base), ("flood", flood)):
        print(f"{name:<12} reply p50 {run['reply_p50_ms']} ms   p95 {run['reply_p95_ms']} ms"
              f"   {run['turns']} turns in {run['seconds']} s, cpu {run['cpu_ms_per_turn']}"
              " ms a turn")
    verdict = "yes" if s["within_goal"] else "no"
    print(f"ratio        p50 {s['ratio_p50']}   p95 {s['ratio_p95']}   (flood/baseline; "
          f"within {RATIO_GOAL}: {verdict})")
    print(f"flooder      sent in {flooder['send_seconds']} s, HTTP {flooder['statuses']}, "
          f"{flooder['throttled']} throttled, {flooder['stored']} stored, {flooder['turns']} "
          f"turns, {flooder['replies']} replies ({flooder['polite_replies']} polite), "
          f"{flooder['unanswered']} unanswered")
    print(f"lost         {s['lost']} (the other buyers, both runs)")
    print(f"duplicated   {s['duplicated']}")
