"""One database with τ²-bench's retail store converted into it, shared by the module."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from balcao.clock import FrozenClock
from balcao.db.connect import Pool, open_pool
from tests import pg
from tests.aftersale.oracle import TAU2
from tools.catalog.tau2 import read_db
from tools.orders.tau2 import load_tau2

STORE = "default"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))


@pytest.fixture(scope="module")
async def tau2_pool(pg_server_url: str) -> AsyncIterator[Pool]:
    """A pool on a fresh database holding the converted τ² store (loaded once)."""
    url = pg.fresh_database(pg_server_url)
    pool = await open_pool(url, min_size=1, max_size=2)
    async with pool.connection() as conn:
        await load_tau2(conn, read_db(TAU2 / "db.json"), store_id=STORE,
                        clock=FrozenClock(datetime(2026, 3, 1, tzinfo=UTC)))
    yield pool
    await pool.close()
    pg.drop_database(pg_server_url, url)
