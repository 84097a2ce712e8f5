"""Shared fixtures: a real embedded PostgreSQL, a fresh migrated database per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from balcao.db.connect import open_pool
from tests import pg

FIXTURES = Path(__file__).resolve().parent / "fixtures"
"""Data written by others, kept in the repository with its licences (tests/fixtures/)."""


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    url = pg.server_url()
    pg.create_template(url)
    yield url
    pg.drop_database(url, pg.with_dbname(url, pg.TEMPLATE_DB))


@pytest.fixture
def db_url(pg_server_url: str) -> Iterator[str]:
    """The URL of a fresh, migrated database with a `default` store."""
    url = pg.fresh_database(pg_server_url)
    yield url
    pg.drop_database(pg_server_url, url)


@pytest.fixture
async def pool(db_url: str) -> AsyncIterator:
    pool = await open_pool(db_url, min_size=1, max_size=8)
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures/: WhatsApp payloads, τ²-bench retail, Bitext."""
    assert FIXTURES.is_dir(), f"fixtures not found at {FIXTURES}"
    return FIXTURES
