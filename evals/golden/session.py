"""A throwaway database for an eval run: migrated, with the eval catalog, a frozen clock."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from api.resources import Resources, open_resources
from balcao.clock import FrozenClock
from balcao.settings import Settings
from tools.catalog.embeddings import default_embedder
from tools.catalog.importer import import_catalog
from tools.knowledge.demo import seed_demo_knowledge

CATALOG = Path(__file__).resolve().parents[1] / "cases" / "catalog.jsonl"
START = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)  # a Monday afternoon in São Paulo


@asynccontextmanager
async def eval_session(settings: Settings, server_url: str) -> AsyncIterator[
        tuple[Resources, FrozenClock]]:
    """Creates `balcao_eval_<pid>` next to the configured database and drops it after."""
    name = f"balcao_eval_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    url = make_conninfo(**(conninfo_to_dict(server_url) | {"dbname": name}))
    clock = FrozenClock(START)
    try:
        cfg = settings.model_copy(update={"demo_store": False})
        async with open_resources(cfg, clock=clock, url=url) as resources:
            async with resources.pool.connection() as conn:
                await import_catalog(conn, CATALOG.read_text(encoding="utf-8").splitlines(),
                                     store_id=cfg.default_store_id, clock=clock)
                # The demo store's policies and FAQ: questions are answered as in the service.
                await seed_demo_knowledge(conn, cfg.default_store_id, clock,
                                          await asyncio.to_thread(default_embedder))
            yield resources, clock
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
