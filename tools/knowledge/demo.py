"""Seeds the demo store's knowledge (`balcao/demo/knowledge/`) once, like its catalog."""

from __future__ import annotations

import asyncio
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import tuple_row

from balcao.clock import Clock
from tools.knowledge.files import load_folder
from tools.knowledge.importer import import_documents, lock_knowledge
from tools.knowledge.vectors import Encoder
from tools.stores import ensure_store

DEMO_STORE_NAME = "Loja Balcão Demo"

log = logging.getLogger(__name__)


def demo_knowledge_dir() -> Path:
    """The packaged demo knowledge folder."""
    return Path(str(resources.files("balcao.demo").joinpath("knowledge")))


async def seed_demo_knowledge(
    conn: AsyncConnection[Any], store_id: str, clock: Clock, encoder: Encoder | None = None
) -> bool:
    """Imports the demo knowledge into a store that has no passages yet.

    Safe at every start and from several processes at once: the store's knowledge lock makes
    callers take turns, so only the first imports. A store with knowledge of its own (demo or
    not) is never touched.

    Args:
        conn: A connection (autocommit; the seeding runs in its own transaction).
        store_id: The store to seed (created when missing).
        clock: Gives the passages' `updated_at`.
        encoder: The embeddings model (`default_embedder()`), or None for full text only.

    Returns:
        Whether the demo knowledge was imported now.
    """
    documents = await asyncio.to_thread(load_folder, demo_knowledge_dir())
    async with conn.transaction():
        await lock_knowledge(conn, store_id)
        await ensure_store(conn, store_id, DEMO_STORE_NAME)
        async with conn.cursor(row_factory=tuple_row) as cur:
            await cur.execute(
                "SELECT EXISTS (SELECT 1 FROM knowledge_passages WHERE store_id = %s)",
                (store_id,),
            )
            row = await cur.fetchone()
        if row is not None and row[0]:
            return False
        report = await import_documents(conn, documents, store_id=store_id, clock=clock,
                                        encoder=encoder)
    log.info("demo knowledge imported into store %r (%d passages)", store_id, report.passages)
    return True
