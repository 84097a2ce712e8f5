"""What a node reads from its run: the context, and the services in it.

LangGraph Studio runs the graph with an empty context, so the first node to ask opens default
services from the settings (a pool on `DATABASE_URL` or the embedded server) and keeps them for
the process.
"""

from __future__ import annotations

import asyncio

import httpx
from langgraph.runtime import Runtime

from balcao.clock import SystemClock
from balcao.store_config import StoreConfigs
from graphs.sales.context import Context
from graphs.sales.services import Services, build_services
from tools.payments.gateway import PaymentGateway


async def services_for(runtime: Runtime[Context]) -> Services:
    """The run's services, or the process defaults when the context carries none."""
    context = runtime.context
    if context is not None and context.services is not None:
        return context.services
    return await _default_services()


_default: Services | None = None
_default_lock = asyncio.Lock()


async def _default_services() -> Services:
    global _default
    async with _default_lock:
        if _default is None:
            from balcao.db.connect import database_url, open_pool
            from balcao.db.migrate import migrate
            from balcao.settings import get_settings
            from graphs.sales.nlu.engine import default_classifier
            from tools.catalog.demo import prepare_default_store

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
            _default = build_services(pool, gateway=gateway,
                                      stores=StoreConfigs(settings.stores_dir), clock=clock,
                                      classifier=classifier)
    return _default


def context_of(runtime: Runtime[Context]) -> Context:
    """The run's context, with defaults when a caller (Studio) passed none."""
    return runtime.context if runtime.context is not None else Context()


async def conversation_id_for(runtime: Runtime[Context], services: Services) -> int:
    """The id of this run's conversation row, creating it for a buyer seen the first time."""
    return await conversation_id_of(context_of(runtime), services)


async def conversation_id_of(context: Context, services: Services) -> int:
    """`conversation_id_for`, from the context itself."""
    from tools.conversations.threads import ensure_conversation

    if context.conversation_id is not None:
        return context.conversation_id
    async with services.pool.connection() as conn:
        return await ensure_conversation(
            conn, store_id=context.store_id, buyer_id=context.buyer_id, channel=context.channel
        )
