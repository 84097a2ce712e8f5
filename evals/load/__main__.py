"""`python -m evals.load`: how many turns a second the service answers, and how fast.

Starts an embedded PostgreSQL in a private, temporary data folder, the local fake Graph API
(tests/fakes/graph_api.py) and `balcao serve` (optionally with `--workers K` extra
`balcao worker` processes and the API's own worker off), all on 127.0.0.1. Then N buyers each
send a few messages over signed webhooks, one at a time, waiting for each answer. Prints
turns/s, webhook acknowledgement p50/p95, reply p50/p95 (webhook sent to the first reply at the
fake Graph API), and from the database: lost messages (not answered) and duplicated replies
(turns recorded twice, or sends beyond the outbox's rows). Bounded: at most 200 buyers, 10
messages each and `--timeout` seconds.

Run from the repository root (it uses the test fakes):
    .venv/bin/python -m evals.load --buyers 20 --messages 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.rows import dict_row

APP_SECRET = "load-app-secret"
ACCESS_TOKEN = "load-access-token"
PHONE_NUMBER_ID = "1122334455667"
SCRIPT = ["oi", "tem garrafa termica?", "o que tem no meu carrinho?", "quero ver camisetas",
          "obrigado"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.load",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--buyers", type=int, default=20, help="buyers at once (max 200)")
    parser.add_argument("--messages", type=int, default=3, help="messages per buyer (max 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="BALCAO_WORKER_CONCURRENCY")
    parser.add_argument("--workers", type=int, default=0,
                        help="extra `balcao worker` processes (0: the API's own worker)")
    parser.add_argument("--debounce-ms", type=int, default=100, help="BALCAO_DEBOUNCE_MS")
    parser.add_argument("--timeout", type=float, default=180, help="seconds for the whole run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    args.buyers = max(1, min(args.buyers, 200))
    args.messages = max(1, min(args.messages, 10))
    args.workers = max(0, min(args.workers, 8))
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    from balcao.db.embedded import embedded_database_url
    from tests.fakes.graph_api import FakeGraphApi
    from tests.service import ServiceProcess

    with tempfile.TemporaryDirectory(prefix="balcao-load-") as tmp, \
            FakeGraphApi(token=ACCESS_TOKEN) as graph_api:
        data = Path(tmp)
        db_url = await asyncio.to_thread(embedded_database_url, data / "db")
        env = {
            "DATABASE_URL": db_url,
            "BALCAO_DATA_DIR": str(data / "db"),
            "BALCAO_HOST": "127.0.0.1",
            "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
            "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_API_BASE_URL": graph_api.base_url,
            "BALCAO_DEBOUNCE_MS": str(args.debounce_ms),
            "BALCAO_WORKER_POLL_MS": "50",
            "BALCAO_WORKER_CONCURRENCY": str(args.concurrency),
            "BALCAO_LOG_LEVEL": "WARNING",
            "BALCAO_RUN_WORKER": "false" if args.workers else "true",
        }
        service = ServiceProcess(env, data / "service.log")
        workers: list[Any] = []
        try:
            await asyncio.to_thread(service.start, 180)
            for i in range(args.workers):
                workers.append(await _start_worker({**os.environ, **env}, data / f"w{i}.log"))
            figures = await _drive(args, service.url, graph_api, db_url)
        finally:
            for proc in workers:
                proc.terminate()
            for proc in workers:
                await asyncio.to_thread(proc.wait, 20)
            await asyncio.to_thread(service.stop)
    _print(args, figures)
    return 0 if figures["lost"] == 0 and figures["duplicated"] == 0 else 1


async def _start_worker(env: dict[str, str], log_path: Path) -> Any:
    import subprocess

    from tests.service import REPO

    env = {**env, "BALCAO_LOG_LEVEL": "INFO"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli.main", "worker"], cwd=REPO, env=env,
                            stdout=log_path.open("ab"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "worker started" not in log_path.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("worker did not start:\n" + log_path.read_text()[-3000:])
        await asyncio.sleep(0.1)
    return proc


async def _drive(args: argparse.Namespace, base_url: str, graph_api: Any,
                 db_url: str) -> dict[str, Any]:
    from tests import webhooks

    buyers = [f"55119{7000000 + n:08d}" for n in range(args.buyers)]
    acks: list[float] = []
    replies: list[float] = []
    unanswered = 0
    deadline = time.monotonic() + args.timeout

    def received(buyer: str) -> int:
        return sum(1 for m in graph_api.messages() if m.get("to") == buyer)

    async def settled(conn: Any, buyer: str) -> bool:
        cur = await conn.execute(
            "SELECT (SELECT count(*) FROM inbox i JOIN conversations c ON c.id = i.conversation_id"
            "        WHERE c.buyer_id = %(b)s AND i.status = 'pending') AS inbox,"
            "       (SELECT count(*) FROM outbox WHERE recipient = %(b)s"
            "        AND status = 'pending') AS outbox", {"b": buyer})
        row = await cur.fetchone()
        return row["inbox"] == 0 and row["outbox"] == 0

    async def buyer_session(http: httpx.AsyncClient, buyer: str) -> None:
        nonlocal unanswered
        async with await psycopg.AsyncConnection.connect(
                db_url, autocommit=True, row_factory=dict_row) as conn:
            for n in range(args.messages):
                text = SCRIPT[n % len(SCRIPT)]
                before = received(buyer)
                raw, headers = webhooks.signed(webhooks.text(text, wa_id=buyer), APP_SECRET)
                sent = time.perf_counter()
                response = await http.post("/webhooks/whatsapp", content=raw, headers=headers)
                acks.append(time.perf_counter() - sent)
                response.raise_for_status()
                while received(buyer) <= before:
                    if time.monotonic() > deadline:
                        unanswered += args.messages - n
                        return
                    await asyncio.sleep(0.005)
                replies.append(time.perf_counter() - sent)
                while not await settled(conn, buyer):  # the whole turn sent, then the next
                    if time.monotonic() > deadline:
                        return
                    await asyncio.sleep(0.02)

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        await asyncio.gather(*(buyer_session(http, b) for b in buyers))
    elapsed = time.perf_counter() - started

    async with await psycopg.AsyncConnection.connect(
            db_url, autocommit=True, row_factory=dict_row) as conn:
        cur = await conn.execute(
            "SELECT count(*) FILTER (WHERE status <> 'done') AS not_done, count(*) AS total,"
            " count(DISTINCT turn_id) AS turns FROM inbox")
        inbox = await cur.fetchone()
        cur = await conn.execute(
            "SELECT count(*) AS n FROM (SELECT data->>'turn_id' FROM conversation_events"
            " WHERE type = 'turn' GROUP BY conversation_id, 1 HAVING count(*) > 1) d")
        twice = (await cur.fetchone())["n"]
        cur = await conn.execute("SELECT count(*) AS n FROM outbox WHERE status = 'sent'")
        sent_rows = (await cur.fetchone())["n"]
    sent_messages = len(graph_api.messages())
    return {
        "buyers": args.buyers, "messages": args.buyers * args.messages,
        "turns": inbox["turns"], "seconds": round(elapsed, 2),
        "turns_per_second": round(inbox["turns"] / elapsed, 2) if elapsed else 0.0,
        "ack_p50_ms": _ms(acks, 50), "ack_p95_ms": _ms(acks, 95),
        "reply_p50_ms": _ms(replies, 50), "reply_p95_ms": _ms(replies, 95),
        "lost": max(inbox["not_done"] + max(args.buyers * args.messages - inbox["total"], 0),
                    unanswered),
        "duplicated": twice + max(sent_messages - sent_rows, 0),
    }


def _ms(values: list[float], pct: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0] * 1000, 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1] * 1000, 1)


def _print(args: argparse.Namespace, figures: dict[str, Any]) -> None:
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{figures['buyers']} buyers x {args.messages} messages, concurrency "
          f"{args.concurrency}, workers {args.workers or 'in the API'}, debounce "
          f"{args.debounce_ms} ms")
    print(f"turns        {figures['turns']} in {figures['seconds']} s = "
          f"{figures['turns_per_second']} turns/s")
    print(f"ack          p50 {figures['ack_p50_ms']} ms   p95 {figures['ack_p95_ms']} ms")
    print(f"reply        p50 {figures['reply_p50_ms']} ms   p95 {figures['reply_p95_ms']} ms")
    print(f"lost         {figures['lost']}")
    print(f"duplicated   {figures['duplicated']}")


if __name__ == "__main__":
    sys.exit(main())
