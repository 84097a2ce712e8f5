"""`balcao worker`: the conversation worker, the outbox sender and upkeep, without the API.

Run as many as the load needs, on this machine or others, against one database: each
conversation is taken by one process at a time (an advisory lock), so none is answered twice
and a process that dies releases its conversations to the others.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from typing import Any

from balcao.pii import configure_logging
from balcao.settings import Settings, get_settings

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "worker", help="run the conversation worker and the outbox sender (no API)"
    )
    parser.add_argument("--concurrency", type=int, default=None,
                        help="turns at once (default: BALCAO_WORKER_CONCURRENCY)")
    parser.add_argument("--port", type=int, default=None,
                        help="also answer /healthz, /readyz and /metrics on this port"
                             " (on BALCAO_HOST; default: no HTTP at all)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.concurrency is not None:
        settings = settings.model_copy(update={"worker_concurrency": max(1, args.concurrency)})
    settings = settings.model_copy(update={"run_worker": True})
    configure_logging(settings.log_level, settings.log_format, settings)
    return asyncio.run(_serve(settings, args.port))


async def _serve(settings: Settings, port: int | None = None) -> int:
    """Runs until SIGTERM/SIGINT (0) or a worker task dies (1: a supervisor restarts it)."""
    from api.resources import open_resources
    from api.worker.supervisor import start_workers

    stop = asyncio.Event()
    failed = False
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with open_resources(settings) as resources:
        workers = start_workers(resources, settings)
        probes = _probe_server(resources, workers, settings, port) if port else None
        probe_task = asyncio.create_task(probes.serve()) if probes else None
        log.info("worker started (%s turns at once)", settings.worker_concurrency)
        try:
            while not stop.is_set():
                if stopped := workers.failed():
                    log.error("worker tasks ended: %s; stopping", ", ".join(stopped))
                    failed = True
                    break
                try:
                    await asyncio.wait_for(stop.wait(), timeout=1)
                except TimeoutError:
                    pass
        finally:
            if probes is not None and probe_task is not None:
                probes.should_exit = True
                await probe_task
            await workers.close()
    log.info("worker stopped")
    return 1 if failed else 0


def _probe_server(resources: Any, workers: Any, settings: Settings, port: int) -> Any:
    """The health and metrics routes of `balcao serve`, over this process's resources."""
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager, nullcontext

    import uvicorn
    from fastapi import FastAPI

    from api.routes import health

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        yield {"resources": resources, "workers": workers}

    app = FastAPI(title="Balcão worker", lifespan=lifespan)
    app.include_router(health.router)
    config = uvicorn.Config(app, host=settings.host, port=port, log_config=None,
                            access_log=False)
    server = uvicorn.Server(config)
    # This process's SIGTERM/SIGINT handlers stop the workers and then this server.
    server.capture_signals = nullcontext  # type: ignore[method-assign]
    return server
