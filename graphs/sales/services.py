"""The process resources nodes use, reached through the run's context.

The service and the tests put their `Services` in `Context.services`. LangGraph Studio runs
the graph with an empty context, so the first node to ask opens default services from the
settings (a pool on `DATABASE_URL` or the embedded server) and keeps them for the process.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from langgraph.runtime import Runtime
from psycopg_pool import AsyncConnectionPool

from balcao.clock import Clock, SystemClock
from balcao.payment_gateway import PaymentGateway
from graphs.sales.context import Context
from graphs.sales.nlu.types import Classifier
from tools.cart.store import CartStore
from tools.catalog.client import CatalogClient, PostgresCatalog
from tools.crm.base import CrmClient


@dataclass
class Services:
    """Everything a node may call: database-backed clients, the classifier, the clock."""

    pool: AsyncConnectionPool
    catalog: CatalogClient
    carts: CartStore
    classifier: Classifier
    clock: Clock
    gateway: PaymentGateway
    """Store configuration (shipping, payment methods) and payment providers."""
    crm: CrmClient
    """Customer profiles (VIP, lifetime value), interaction log and tickets."""


def build_services(
    pool: AsyncConnectionPool,
    *,
    gateway: PaymentGateway,
    clock: Clock | None = None,
    classifier: Classifier | None = None,
    crm: CrmClient | None = None,
) -> Services:
    """Wires the default implementations over one pool (the CRM on Postgres unless given)."""
    from graphs.sales.nlu.engine import default_classifier
    from tools.crm.postgres import PostgresCrm

    clock = clock or SystemClock()
    return Services(
        pool=pool,
        catalog=PostgresCatalog(pool),
        carts=CartStore(pool, clock),
        classifier=classifier or default_classifier(),
        clock=clock,
        gateway=gateway,
        crm=crm or PostgresCrm(pool, clock),
    )


_default: Services | None = None
_default_lock = asyncio.Lock()


async def services_for(runtime: Runtime[Context]) -> Services:
    """The run's services, or the process defaults when the context carries none."""
    context = runtime.context
    if context is not None and context.services is not None:
        return context.services
    return await _default_services()


async def _default_services() -> Services:
    global _default
    async with _default_lock:
        if _default is None:
            from balcao.db.connect import database_url, open_pool
            from balcao.db.migrate import migrate
            from balcao.settings import get_settings
            from balcao.stores import prepare_default_store
            from graphs.sales.nlu.engine import default_classifier

            # Reading settings, starting the embedded server and loading the model block;
            # the LangGraph API server forbids blocking calls on its event loop.
            settings = await asyncio.to_thread(get_settings)
            url = await asyncio.to_thread(database_url, settings)
            classifier = await asyncio.to_thread(default_classifier)
            pool = await open_pool(url)
            clock = SystemClock()
            async with pool.connection() as conn:
                await migrate(conn)
                await prepare_default_store(conn, settings, clock)
            gateway = PaymentGateway(settings, httpx.AsyncClient(timeout=15), clock)
            _default = build_services(pool, gateway=gateway, clock=clock, classifier=classifier)
    return _default


def context_of(runtime: Runtime[Context]) -> Context:
    """The run's context, with defaults when a caller (Studio) passed none."""
    return runtime.context if runtime.context is not None else Context()


async def conversation_id_for(runtime: Runtime[Context], services: Services) -> int:
    """The id of this run's conversation row, creating it for a buyer seen the first time."""
    return await conversation_id_of(context_of(runtime), services)


async def conversation_id_of(context: Context, services: Services) -> int:
    """`conversation_id_for`, from the context itself."""
    from balcao.conversations import ensure_conversation

    if context.conversation_id is not None:
        return context.conversation_id
    async with services.pool.connection() as conn:
        return await ensure_conversation(
            conn, store_id=context.store_id, buyer_id=context.buyer_id, channel=context.channel
        )
