"""The FastAPI application; its lifespan owns the resources and the background workers."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.buyer_limits import ACCESS_LOG_FILTER
from api.console import router as console_router
from api.limits import BodyLimitMiddleware
from api.payment_guard import check_payment_setup
from api.resources import open_resources
from api.routes import chatwoot, evolution, health, pay_page, payments, playground, whatsapp
from api.security_headers import SecurityHeadersMiddleware
from api.worker.supervisor import start_workers
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
        check_payment_setup(cfg)  # a sandbox-only store on https outside demo mode: no start
        if not cfg.webhook_enabled:
            log.warning(
                "WHATSAPP_APP_SECRET is not set: the WhatsApp webhook is disabled "
                "(BALCAO_INSECURE_DEV_WEBHOOK=true enables it without signatures, for development)"
            )
        async with open_resources(cfg, clock=clock, url=database_url) as resources:
            workers = start_workers(resources, cfg)
            try:
                yield {"resources": resources, "turn_wake": workers.turn_wake,
                       "outbox_wake": workers.outbox_wake, "workers": workers}
            finally:
                await workers.close()

    app = FastAPI(title="Balcão", lifespan=lifespan)
    logging.getLogger("uvicorn.access").addFilter(ACCESS_LOG_FILTER)  # once, however many apps
    app.add_middleware(RequestMetrics)
    app.add_middleware(SecurityHeadersMiddleware)  # console and pay page (issue #18)
    app.add_middleware(BodyLimitMiddleware)  # outermost: 413 before a body is read whole
    # First: a flood's deliveries must not pay for matching every router (issue #18).
    app.router.routes.insert(0, whatsapp.delivery_route)
    app.include_router(health.router)
    app.include_router(whatsapp.router)
    app.include_router(evolution.router)
    app.include_router(chatwoot.router)
    app.include_router(payments.router)
    app.include_router(pay_page.router)
    for router in (playground.root_router, playground.demo_router, playground.console_router):
        app.include_router(router)  # the playground: `/` in demo mode, or for operators
    app.include_router(console_router)
    return app


class RequestMetrics:
    """Counts answered requests by route template (never the raw path: ids and tokens stay
    out of the labels), method and status, and times them by route template and method."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def send_counting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_counting)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            metrics.count_request(template, scope["method"], status,
                                  time.perf_counter() - started)
