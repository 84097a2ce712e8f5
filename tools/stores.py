"""Stores: which store a channel message belongs to, and the default store at start."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from psycopg import AsyncConnection

if TYPE_CHECKING:
    from balcao.clock import Clock
    from balcao.settings import Settings

log = logging.getLogger(__name__)


async def ensure_store(conn: AsyncConnection, store_id: str, name: str) -> None:
    """Creates the store row when it does not exist yet."""
    await conn.execute(
        "INSERT INTO stores (id, name) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING",
        (store_id, name),
    )


async def store_for_number(
    conn: AsyncConnection, phone_number_id: str | None, default_store_id: str
) -> str:
    """The store that owns a WhatsApp business number, or the default store."""
    if phone_number_id:
        cur = await conn.execute(
            "SELECT id FROM stores WHERE whatsapp_phone_number_id = %s", (phone_number_id,)
        )
        if (row := await cur.fetchone()) is not None:
            return str(row["id"])
    return default_store_id


async def prepare_default_store(conn: AsyncConnection, settings: Settings, clock: Clock) -> None:
    """The default store exists; with `BALCAO_DEMO_STORE` it holds the demo catalog."""
    if settings.demo_store:
        from balcao.demo.seed import seed_demo_store

        if await seed_demo_store(conn, store_id=settings.default_store_id, clock=clock):
            log.info("demo store imported into store %r", settings.default_store_id)
    else:
        await ensure_store(conn, settings.default_store_id, "Loja")
