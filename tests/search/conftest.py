"""Fixtures for search tests: the shipped embeddings model, loaded once, and stores using it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from psycopg_pool import AsyncConnectionPool

from balcao.clock import FrozenClock
from balcao.db.connect import open_pool
from tests import pg
from tools.catalog.client import PostgresCatalog
from tools.catalog.demo import demo_catalog_lines
from tools.catalog.embeddings import DEFAULT_PROVIDER, Embedder, get_embedder
from tools.catalog.importer import import_catalog

CLOCK = FrozenClock(datetime(2025, 3, 1, tzinfo=UTC))


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The shipped model (loaded once per test session)."""
    model = get_embedder(DEFAULT_PROVIDER)
    assert model is not None, f"the {DEFAULT_PROVIDER!r} embeddings package is not installed"
    return model


@pytest.fixture(scope="module")
async def hybrid_pool(pg_server_url: str, embedder: Embedder) -> AsyncIterator[AsyncConnectionPool]:
    """The demo catalog with vectors, shared by a module's read-only tests."""
    url = pg.fresh_database(pg_server_url)
    pool = await open_pool(url, min_size=1, max_size=4)
    async with pool.connection() as conn:
        await import_catalog(
            conn, demo_catalog_lines(), store_id="default", clock=CLOCK, embedder=embedder
        )
    yield pool
    await pool.close()
    pg.drop_database(pg_server_url, url)


@pytest.fixture
def hybrid(hybrid_pool: AsyncConnectionPool, embedder: Embedder) -> PostgresCatalog:
    """The demo catalog searched by words and meaning, as the service does."""
    return PostgresCatalog(hybrid_pool, embedder=embedder)
