"""`python -m evals.load --stores 2`: does one store past its per-store limit slow another?

The service serves two stores: the default (demo) store, whose buyers are measured, and a
busy store with a number of its own (`BUSY_NUMBER`, a store file written here). The measured
buyers run once alone (the one-store baseline), then again while `--busy-messages` messages
come to the busy store from `BUSY_BUYERS` buyers, from a process of its own, as fast as they
are acknowledged. Every store is limited to `--store-rate`
messages a minute (BALCAO_STORE_MESSAGES_PER_MINUTE); the measured store stays under it, the
busy store is far past it, so its surplus is stored and answered later at that rate.
Figures: the measured store's reply p50/p95 alone and beside the busy store, their ratio,
its lost and duplicated replies (must be 0), and the busy store's stored, answered and
still waiting messages when the measured run ends.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from evals.load.drive import drive_buyers
from evals.load.flood import FLOOD_IN_FLIGHT, OtherClient, reply_ratio, warm_up

BUSY_STORE = "loja-cheia"
BUSY_NUMBER = "2233445566778"
BUSY_TOKEN_ENV = "LOAD_BUSY_STORE_TOKEN"
BUSY_BUYERS = 200
_BUSY_TEXTS = ["oi", "tem garrafa termica?", "quero ver camisetas"]


def busy_store_env(folder: Path, token: str) -> dict[str, str]:
    """Writes the busy store's file; the service's environment that serves both stores."""
    from api.cli.stores import store_yaml

    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{BUSY_STORE}.yaml").write_text(
        store_yaml("Loja Cheia", BUSY_NUMBER, BUSY_TOKEN_ENV), encoding="utf-8")
    return {"BALCAO_STORES_DIR": str(folder), BUSY_TOKEN_ENV: token}


def busy_body(n: int) -> dict[str, Any]:
    """The busy store's `n`-th delivery: a short message of buyer n % `BUSY_BUYERS` (one
    buyer's messages are far apart, as people type, not in concurrent deliveries)."""
    from tests import webhooks

    buyer = f"55219{n % BUSY_BUYERS:08d}"
    text = _BUSY_TEXTS[(n // BUSY_BUYERS) % len(_BUSY_TEXTS)]
    return webhooks.text(text, wa_id=buyer, wamid=f"wamid.busy{n}",
                         phone_number_id=BUSY_NUMBER)


async def two_store_scenario(args: argparse.Namespace, base_url: str, graph_api: Any,
                             db_url: str) -> dict[str, Any]:
    """Warm-up, the measured store alone, then beside the busy store."""
    await warm_up(args, base_url, graph_api, db_url)
    alone = await drive_buyers(args, base_url, graph_api, db_url, run=0)
    with OtherClient(busy_body, args.busy_messages) as other:
        busy = asyncio.create_task(other.send(base_url))
        beside = await drive_buyers(args, base_url, graph_api, db_url, run=1)
        busy_state = await _busy_store_state(db_url)
        sent = await busy
    ratio_p50 = reply_ratio(beside["reply_p50_ms"], alone["reply_p50_ms"])
    ratio_p95 = reply_ratio(beside["reply_p95_ms"], alone["reply_p95_ms"])
    return {"alone": alone, "beside": beside, "busy": {**sent, **busy_state},
            "ratio_p50": ratio_p50, "ratio_p95": ratio_p95,
            "lost": alone["lost"] + beside["lost"],
            "duplicated": alone["duplicated"] + beside["duplicated"]}


async def _busy_store_state(db_url: str) -> dict[str, int]:
    async with await psycopg.AsyncConnection.connect(
            db_url, autocommit=True, row_factory=dict_row) as conn:
        cur = await conn.execute(
            "SELECT count(*) AS stored, count(*) FILTER (WHERE status = 'done') AS answered,"
            " count(*) FILTER (WHERE status = 'pending' AND retry_at > now()) AS paced"
            " FROM inbox WHERE store_id = %s", (BUSY_STORE,))
        row = await cur.fetchone()
    return dict(row) if row else {}


def print_two_stores(args: argparse.Namespace, s: dict[str, Any]) -> None:
    alone, beside, busy = s["alone"], s["beside"], s["busy"]
    print(f"two stores, BALCAO_STORE_MESSAGES_PER_MINUTE={args.store_rate}; measured store: "
          f"{args.buyers} buyers ({args.at_once} at a time) x {args.turns} messages; busy "
          f"store: {busy['sent']} messages from {min(busy['sent'], BUSY_BUYERS)} buyers, "
          f"{FLOOD_IN_FLIGHT} deliveries in flight")
    for name, run in (("one store", alone), ("beside busy", beside)):
        print(f"{name:<12} reply p50 {run['reply_p50_ms']} ms   p95 {run['reply_p95_ms']} ms"
              f"   {run['turns']} turns in {run['seconds']} s")
    print(f"ratio        p50 {s['ratio_p50']}   p95 {s['ratio_p95']}   (beside/alone)")
    print(f"busy store   sent in {busy['send_seconds']} s, HTTP {busy['statuses']}; when the "
          f"measured run ended: {busy['stored']} stored, {busy['answered']} answered, "
          f"{busy['paced']} waiting for their turn at the store's rate")
    print(f"lost         {s['lost']} (the measured store, both runs)")
    print(f"duplicated   {s['duplicated']}")

