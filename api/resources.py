"""The process's resources, opened once by the service (lifespan) or a CLI command.

Opening them brings the database up to date (schema, checkpoint tables, the store and, by
default, the demo catalog), so every entry point works on a fresh data folder.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
import httpx
from langgraph.graph.state import CompiledStateGraph
from psycopg_pool import AsyncConnectionPool

from api.channels.whatsapp.client import WhatsAppClient
from api.channels.whatsapp.senders import StoreSenders
from api.checkpointer import TurnSaver
from balcao.clock import Clock, SystemClock
from balcao.db.connect import database_url, open_pool
from balcao.db.migrate import migrate
from balcao.settings import Settings
from balcao.store_config import StoreConfigs
from graphs.sales.graph import build_graph
from graphs.sales.nlu.engine import default_classifier
from graphs.sales.nlu.llm_stores import llm_understanding
from graphs.sales.services import Services, build_services
from tools.catalog.demo import prepare_default_store
from tools.crm.registry import build_crm
from tools.payments.gateway import PaymentGateway
from tools.stores import sync_stores

log = logging.getLogger(__name__)

_SETUP_LOCK = 4_242_002  # serializes checkpoint-table setup across processes


@dataclass
class Resources:
    settings: Settings
    pool: AsyncConnectionPool
    graph: CompiledStateGraph
    services: Services
    clock: Clock
    http: httpx.AsyncClient
    whatsapp: WhatsAppClient | None
    """None when WhatsApp sending is not configured (no access token or number id)."""
    senders: StoreSenders
    """Each store's own WhatsApp client (the default store falls back to `whatsapp`)."""


@asynccontextmanager
async def open_resources(
    settings: Settings, *, clock: Clock | None = None, url: str | None = None
) -> AsyncIterator[Resources]:
    """Opens the pool, prepares the database and compiles the graph with Postgres."""
    clock = clock or SystemClock()
    pool = await open_pool(url or database_url(settings), max_size=pool_size(settings))
    http = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
    cloud_api = cloud_api_session()
    try:
        checkpointer = TurnSaver(pool)  # type: ignore[arg-type]
        async with pool.connection() as conn:
            await migrate(conn)
            await prepare_default_store(conn, settings, clock)
            await conn.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK,))
            try:
                await checkpointer.setup()
            finally:
                await conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))
        gateway = PaymentGateway(settings, http, clock)
        stores = StoreConfigs(settings.stores_dir)
        stores.get(settings.default_store_id)  # a bad store file fails the start
        async with pool.connection() as conn:  # every store file valid, its number routed
            if problems := await sync_stores(conn, stores):
                raise RuntimeError("store files refused:\n  " + "\n  ".join(
                    line for lines in problems.values() for line in lines))
        whatsapp = _whatsapp_client(settings, cloud_api)
        yield Resources(
            settings=settings,
            pool=pool,
            graph=build_graph(checkpointer),
            services=build_services(
                pool, gateway=gateway, stores=stores, clock=clock,
                crm=build_crm(settings, pool, http, clock),
                understanding=llm_understanding(settings, stores, default_classifier(), clock)),
            clock=clock,
            http=http,
            whatsapp=whatsapp,
            senders=StoreSenders(settings, stores, cloud_api, whatsapp),
        )
    finally:
        await http.aclose()
        await cloud_api.close()
        await pool.close()


def pool_size(settings: Settings) -> int:
    """Connections the process may open: each turn in flight holds its conversation's lock
    connection and uses about two more at a time (checkpoints, tools); the rest serve HTTP,
    the outbox and maintenance. The pool opens them only as they are needed."""
    return max(10, 3 * settings.worker_concurrency + 6)


def cloud_api_session() -> aiohttp.ClientSession:
    """The session the WhatsApp Cloud API sender posts with; opened inside the running loop.

    aiohttp rather than the shared httpx client: the outbox sends every reply, and a POST costs
    ~0.3 ms of CPU with aiohttp against ~1.4 ms with httpx (measured against the fake). The
    timeouts are the httpx client's; proxies from the environment are not read (trust_env).
    """
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15.0, connect=5.0))


def _whatsapp_client(settings: Settings, http: aiohttp.ClientSession) -> WhatsAppClient | None:
    if settings.whatsapp_access_token is None or not settings.whatsapp_phone_number_id:
        return None
    return WhatsAppClient(
        base_url=settings.whatsapp_api_base_url,
        api_version=settings.whatsapp_api_version,
        phone_number_id=settings.whatsapp_phone_number_id,
        access_token=settings.whatsapp_access_token.get_secret_value(),
        http=http,
    )
