"""`python -m evals.load.ack_cost`: the service's CPU for each acknowledgement of a flood.

A flooding buyer's deliveries over its rate are acknowledged and not stored (issue #18); each
still costs the event loop that runs the other buyers' turns. This starts `balcao serve` (no
worker) on an embedded PostgreSQL, posts the flood benchmark's deliveries (evals/load/flood.py:
one 4,096-character text each, `FLOOD_IN_FLIGHT` connections, prepared bytes) once the buyer
is over its rate, and prints the service process's CPU time per delivery at the default log
level, INFO (user + system, so other processes on a shared machine count little), and the
client's own CPU a delivery (on a 2-core machine it competes with the service). Then the
same in-process over ASGI (the app without uvicorn's HTTP parsing), and per delivery of a
buyer within its rate (stored in the inbox) for comparison. `--profile N` prints the N
functions that took most of the in-process over-rate deliveries' time (cProfile).

    .venv/bin/python -m evals.load.ack_cost --deliveries 2000 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from evals.load.drive import APP_SECRET
from evals.load.flood import FLOOD_BUYER, FLOOD_IN_FLIGHT, flood_body
from evals.load.poster import Delivery, post_all

Deliver = Callable[[bytes, dict[str, str]], Awaitable[int]]
RATE = "1"
"""The flooder's messages a minute: a run's deliveries are all over it but one a minute."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.load.ack_cost",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--deliveries", type=int, default=2000,
                        help="over-rate deliveries a run (max 20000)")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is printed")
    parser.add_argument("--profile", type=int, default=0,
                        help="print the N costliest functions of one more run (cProfile)")
    args = parser.parse_args(argv)
    args.deliveries = max(10, min(args.deliveries, 20_000))
    args.runs = max(1, min(args.runs, 9))
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    from balcao.db.embedded import embedded_database_url

    bodies = [_signed(n) for n in range(args.deliveries)]
    with tempfile.TemporaryDirectory(prefix="balcao-ack-") as tmp:
        db_url = await asyncio.to_thread(embedded_database_url, Path(tmp) / "db")
        over_http = await _over_http(db_url, Path(tmp), bodies, args.runs)
        print(f"acknowledging a flood's delivery over HTTP (one {len(bodies[0][0])}-byte "
              f"text, over its buyer's rate): {statistics.median(over_http):.3f} ms of the "
              f"service's CPU each (median of {len(over_http)} runs of {args.deliveries}: "
              f"{', '.join(f'{r:.3f}' for r in over_http)})")
        async with _InProcess(db_url, Path(tmp)) as deliver:
            stored = await _cpu_ms_each(deliver, [_signed(n, f"55119{n:08d}")
                                                  for n in range(200)])
            await _cpu_ms_each(deliver, bodies[:50])  # the flooder now past its rate
            runs = [await _cpu_ms_each(deliver, bodies) for _ in range(args.runs)]
            print(f"the same in-process over ASGI: {statistics.median(runs):.3f} ms of CPU each "
                  f"(median of {len(runs)} runs: "
                  f"{', '.join(f'{r:.3f}' for r in runs)})")
            print(f"storing a delivery within its buyer's rate: {stored:.3f} ms of CPU each "
                  "(200 buyers, one delivery each)")
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                await _cpu_ms_each(deliver, bodies)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


async def _over_http(db_url: str, data: Path, bodies: list[Delivery], runs: int
                     ) -> list[float]:
    """The service's CPU (ms) per delivery over HTTP, for each run."""
    from evals.load.__main__ import PHONE_NUMBER_ID, _cpu_seconds
    from tests.service import ServiceProcess

    service = ServiceProcess({
        "DATABASE_URL": db_url, "BALCAO_DATA_DIR": str(data / "http"),
        "BALCAO_HOST": "127.0.0.1", "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID, "BALCAO_RUN_WORKER": "false",
        "BALCAO_DEMO_STORE": "false",  # no catalog embedding in the background while measured
        "BALCAO_BUYER_MESSAGES_PER_MINUTE": RATE, "BALCAO_LOG_LEVEL": "INFO",
    }, data / "service.log")
    await asyncio.to_thread(service.start, 180)
    try:
        assert service.proc is not None
        pid = service.proc.pid
        await post_all(service.url, "/webhooks/whatsapp", bodies[:50], FLOOD_IN_FLIGHT)
        measured, client = [], []
        for _ in range(runs):
            cpu, own = _cpu_seconds([pid]), time.process_time()
            statuses, _ = await post_all(service.url, "/webhooks/whatsapp", bodies,
                                         FLOOD_IN_FLIGHT)
            if statuses != {200: len(bodies)}:
                raise RuntimeError(f"deliveries answered {statuses}")
            measured.append(1000 * (_cpu_seconds([pid]) - cpu) / len(bodies))
            client.append(1000 * (time.process_time() - own) / len(bodies))
        print(f"the flooding client (evals/load/poster.py) spent "
              f"{statistics.median(client):.3f} ms of CPU a delivery")
        return measured
    finally:
        await asyncio.to_thread(service.stop)


def _signed(n: int, buyer: str = FLOOD_BUYER) -> Delivery:
    from tests import webhooks

    body = flood_body(n)
    if buyer != FLOOD_BUYER:
        body = webhooks.text(f"oi {n}", wa_id=buyer, wamid=f"wamid.ack{n}")
    return webhooks.signed(body, APP_SECRET)


async def _cpu_ms_each(deliver: Deliver, deliveries: list[Delivery]) -> float:
    started = time.process_time()
    for raw, headers in deliveries:
        status = await deliver(raw, headers)
        if status != 200:
            raise RuntimeError(f"delivery answered {status}")
    return 1000 * (time.process_time() - started) / len(deliveries)


class _InProcess:
    """The app started on `db_url` (no worker), yielding a function that posts one delivery
    over ASGI and returns its status."""

    def __init__(self, db_url: str, data: Path) -> None:
        from api.app import create_app
        from balcao.settings import Settings

        settings = Settings(_env_file=None, **{  # type: ignore[arg-type]
            "WHATSAPP_APP_SECRET": APP_SECRET, "BALCAO_RUN_WORKER": "false",
            "WHATSAPP_PHONE_NUMBER_ID": "1122334455667",
            "BALCAO_DEMO_STORE": "false", "BALCAO_DATA_DIR": str(data / "data"),
            "BALCAO_BUYER_MESSAGES_PER_MINUTE": RATE})
        self.app = create_app(settings, database_url=db_url)
        self._lifespan: Any = None

    async def __aenter__(self) -> Deliver:
        self._lifespan = self.app.router.lifespan_context(self.app)
        state = dict(await self._lifespan.__aenter__() or {})
        return lambda raw, headers: _post(self.app, state, raw, headers)

    async def __aexit__(self, *exc: object) -> None:
        await self._lifespan.__aexit__(None, None, None)


async def _post(app: Any, state: dict[str, Any], raw: bytes, headers: dict[str, str]) -> int:
    scope = {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1", "method": "POST", "scheme": "http", "path": "/webhooks/whatsapp",
        "raw_path": b"/webhooks/whatsapp", "query_string": b"", "root_path": "",
        "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000), "state": dict(state),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-length", str(len(raw)).encode()),
                    *((k.lower().encode(), v.encode()) for k, v in headers.items())],
    }
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


if __name__ == "__main__":
    sys.exit(main())
