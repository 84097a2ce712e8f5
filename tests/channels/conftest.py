"""Fixtures of the channel tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import pg


@pytest.fixture(scope="module")
def module_db(pg_server_url: str) -> Iterator[str]:
    """One database for a module's service."""
    url = pg.fresh_database(pg_server_url)
    yield url
    pg.drop_database(pg_server_url, url)
