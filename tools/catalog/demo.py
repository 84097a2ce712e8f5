"""Seeds the demo store: its row and, once, the sample catalog; prepares the default store."""

from __future__ import annotations

import asyncio
import logging
from importlib import resources

from balcao.clock import Clock
from balcao.db.connect import AnyConnection, fetch_row
from balcao.settings import Settings
from tools.catalog.embeddings import default_embedder
from tools.catalog.importer import import_catalog, lock_catalog
from tools.knowledge.demo import seed_demo_knowledge
from tools.stores import ensure_store

DEMO_STORE_NAME = "Loja Balcão Demo"

log = logging.getLogger(__name__)


def demo_catalog_lines() -> list[str]:
    """The lines of the packaged demo catalog (`balcao/demo/catalog.jsonl`)."""
    text = resources.files("balcao.demo").joinpath("catalog.jsonl").read_text(encoding="utf-8")
    return text.splitlines()


async def seed_demo_store(conn: AnyConnection, *, store_id: str, clock: Clock) -> bool:
    """Creates the store if missing and imports the demo catalog if the store has no products.

    Products get vectors from the configured embeddings model (`BALCAO_EMBEDDINGS`), so the
    demo store searches by meaning as well as words.

    Safe to call at every start and from several processes at once: the store's catalog lock
    (a transaction-level advisory lock, also taken by imports) makes callers take turns, so
    only the first one imports. A store that already has products, demo or not, is never
    touched.

    Args:
        conn: A connection (autocommit; the seeding runs in its own transaction).
        store_id: The store to seed.
        clock: Gives the products' `updated_at`.

    Returns:
        Whether the demo catalog was imported now.
    """
    # Settings and the model's package load from disk: off the event loop.
    embedder = await asyncio.to_thread(default_embedder)
    async with conn.transaction():
        await lock_catalog(conn, store_id)
        await ensure_store(conn, store_id, DEMO_STORE_NAME)
        cur = await conn.execute(
            "SELECT EXISTS (SELECT 1 FROM products WHERE store_id = %s) AS seeded", (store_id,)
        )
        row = await fetch_row(cur, "EXISTS")  # any row factory: dict or tuple rows
        seeded = row["seeded"] if isinstance(row, dict) else row[0]
        if seeded:
            return False
        await import_catalog(
            conn, demo_catalog_lines(), store_id=store_id, clock=clock, embedder=embedder
        )
    return True


async def prepare_default_store(conn: AnyConnection, settings: Settings, clock: Clock) -> None:
    """The default store exists; with `BALCAO_DEMO_STORE` it holds the demo catalog."""
    if settings.demo_store:
        if await seed_demo_store(conn, store_id=settings.default_store_id, clock=clock):
            log.info("demo store imported into store %r", settings.default_store_id)
        await seed_demo_knowledge(conn, settings.default_store_id, clock, default_embedder())
    else:
        await ensure_store(conn, settings.default_store_id, "Loja")
