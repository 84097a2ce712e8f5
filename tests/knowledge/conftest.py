"""Fixtures for knowledge tests: a frozen clock, the embeddings model, a database holding the
demo store's knowledge (store `default`) and the eval's second store (`torrasul`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from psycopg_pool import AsyncConnectionPool

from balcao.clock import FrozenClock
from balcao.db.connect import open_pool
from balcao.store_config import StoreConfig, load_store_config
from tests import pg
from tools.catalog.embeddings import get_embedder
from tools.knowledge.demo import demo_knowledge_dir
from tools.knowledge.importer import import_folder
from tools.knowledge.vectors import Encoder
from tools.stores import ensure_store

ROOT = Path(__file__).resolve().parents[2]
EVAL_STORES = ROOT / "evals" / "knowledge" / "stores"
# Wednesday 12:00 in São Paulo.
NOON_WEDNESDAY = datetime(2025, 3, 5, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOON_WEDNESDAY)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The shipped model (USE multilingual v3, inside its wheel)."""
    model = get_embedder("use")
    if model is None:
        pytest.skip("the USE embeddings wheel is not installed")
    return model


@pytest.fixture(scope="session")
def demo_config() -> StoreConfig:
    return load_store_config("default")


@pytest.fixture(scope="session")
def torrasul_config() -> StoreConfig:
    """The eval's second store: no free shipping, PIX only, no pickup."""
    return load_store_config("torrasul", EVAL_STORES)


@pytest.fixture(scope="module")
async def knowledge_pool(
    pg_server_url: str, encoder: Encoder
) -> AsyncIterator[AsyncConnectionPool]:
    """A database with the demo knowledge in `default` and Torra Sul's in `torrasul`.

    Shared by a module: tests that use it only read (unanswered questions aside, which they
    clean up or count relative to before).
    """
    url = pg.fresh_database(pg_server_url)
    pool = await open_pool(url, min_size=1, max_size=4)
    clock = FrozenClock(NOON_WEDNESDAY)
    async with pool.connection() as conn:
        await ensure_store(conn, "torrasul", "Torra Sul")
        await import_folder(conn, demo_knowledge_dir(), store_id="default", clock=clock,
                            encoder=encoder)
        await import_folder(conn, EVAL_STORES / "torrasul", store_id="torrasul", clock=clock,
                            encoder=encoder)
    yield pool
    await pool.close()
    pg.drop_database(pg_server_url, url)


def write(folder: Path, name: str, text: str) -> Path:
    """Writes a knowledge file (creating sub-folders), returns its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
