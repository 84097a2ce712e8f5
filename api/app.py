"""The FastAPI application; its lifespan owns the resources and the background workers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from api.console import router as console_router
from api.resources import open_resources
from api.routes import health, pay_page, payments, whatsapp
from api.worker.conversations import ConversationWorker, WorkerTiming
from api.worker.maintenance import Maintenance
from api.worker.outbox import OutboxSender
from balcao.clock import Clock
from balcao.settings import Settings, get_settings

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, database_url: str | None = None
) -> FastAPI:
    """Builds the service; nothing is opened until the app starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        cfg = settings or get_settings()
        if not cfg.webhook_enabled:
            log.warning(
                "WHATSAPP_APP_SECRET is not set: the WhatsApp webhook is disabled "
                "(BALCAO_INSECURE_DEV_WEBHOOK=true enables it without signatures, for development)"
            )
        async with open_resources(cfg, clock=clock, url=database_url) as resources:
            stop, turn_wake, outbox_wake = asyncio.Event(), asyncio.Event(), asyncio.Event()
            tasks = _start_workers(resources, cfg, stop, turn_wake, outbox_wake)
            try:
                yield {"resources": resources, "turn_wake": turn_wake,
                       "outbox_wake": outbox_wake}
            finally:
                stop.set()
                turn_wake.set()
                outbox_wake.set()
                for task in tasks:
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task

    app = FastAPI(title="Balcão", lifespan=lifespan)
    app.include_router(health.router)
    app.include_router(whatsapp.router)
    app.include_router(payments.router)
    app.include_router(pay_page.router)
    app.include_router(console_router)
    return app


def _start_workers(
    resources: Any, cfg: Settings, stop: asyncio.Event, turn_wake: asyncio.Event,
    outbox_wake: asyncio.Event,
) -> list[asyncio.Task[None]]:
    if not cfg.run_worker:
        return []
    poll = cfg.worker_poll_ms / 1000
    worker = ConversationWorker(
        resources.pool,
        resources.graph,
        resources.services,
        resources.clock,
        WorkerTiming(
            debounce=timedelta(milliseconds=cfg.debounce_ms),
            max_burst_wait=timedelta(milliseconds=cfg.max_burst_wait_ms),
        ),
        outbox_wake=outbox_wake,
    )
    maintenance = Maintenance(resources.pool, resources.services, resources.clock,
                              turn_wake=turn_wake, outbox_wake=outbox_wake)
    tasks = [
        asyncio.create_task(worker.run(stop, turn_wake, poll), name="conversation-worker"),
        asyncio.create_task(maintenance.run(stop, cfg.maintenance_seconds), name="maintenance"),
    ]
    if resources.whatsapp is None:
        log.warning(
            "WhatsApp sending is not configured (WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID):"
            " replies wait in the outbox until it is"
        )
    else:
        sender = OutboxSender(
            resources.pool, resources.whatsapp, resources.clock,
            max_attempts=cfg.outbox_max_attempts,
        )
        tasks.append(asyncio.create_task(sender.run(stop, outbox_wake, poll), name="outbox"))
    return tasks
