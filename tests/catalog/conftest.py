"""Fixtures for catalog tests: a frozen clock, the spec's example line, the demo catalog."""

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
from tools.catalog.importer import import_catalog

# The example of docs/spec/catalog.md, on one line.
SPEC_EXAMPLE = (
    '{"sku": "TEN-RUN-01", "name": "Tênis de corrida Veloz",'
    ' "description": "Tênis leve com amortecimento para corridas de até 21 km.",'
    ' "category": "Calçados > Tênis", "brand": "Veloz", "price": 299.90, "currency": "BRL",'
    ' "stock": 14, "image_url": "https://example.com/img/ten-run-01.jpg",'
    ' "attributes": {"material": "mesh", "genero": "unissex"},'
    ' "variants": ['
    '{"sku": "TEN-RUN-01-42-PRETO", "attributes": {"tamanho": "42", "cor": "preto"},'
    ' "price": 299.90, "stock": 3},'
    ' {"sku": "TEN-RUN-01-43-AZUL", "attributes": {"tamanho": "43", "cor": "azul"},'
    ' "price": 309.90, "stock": 0}],'
    ' "tags": ["corrida", "esporte"], "related_skus": ["MEIA-ESP-02"]}'
)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture(scope="module")
async def demo_pool(pg_server_url: str) -> AsyncIterator[AsyncConnectionPool]:
    """A pool on a database with the demo catalog in the `default` store, shared by a module.

    Tests that use it must only read: a fresh database per test would make the search tests
    spend most of their time importing the same catalog again.
    """
    url = pg.fresh_database(pg_server_url)
    pool = await open_pool(url, min_size=1, max_size=4)
    async with pool.connection() as conn:
        await import_catalog(
            conn,
            demo_catalog_lines(),
            store_id="default",
            clock=FrozenClock(datetime(2025, 3, 1, tzinfo=UTC)),
        )
    yield pool
    await pool.close()
    pg.drop_database(pg_server_url, url)


@pytest.fixture
def catalog(demo_pool: AsyncConnectionPool) -> PostgresCatalog:
    """The demo catalog, read-only."""
    return PostgresCatalog(demo_pool)
