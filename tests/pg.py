"""Test databases on the real embedded PostgreSQL: one migrated template, a fresh copy per test."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from balcao.db.embedded import embedded_database_url

# Per process, so parallel test sessions on one server never drop each other's template.
TEMPLATE_DB = f"balcao_template_{os.getpid()}"
_counter = itertools.count()


def server_url() -> str:
    """The URL of the server tests use: `TEST_DATABASE_URL`, or an embedded one of their own."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        return url
    data_dir = Path(os.environ.get("BALCAO_TEST_DATA_DIR", Path.cwd() / ".balcao-test"))
    return embedded_database_url(data_dir)


def with_dbname(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)


def create_template(url: str) -> None:
    """(Re)creates the migrated template database once per test session."""
    import asyncio

    from balcao.db.migrate import migrate

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {TEMPLATE_DB}")

    async def _migrate() -> None:
        from psycopg.rows import dict_row

        conn = await psycopg.AsyncConnection.connect(
            with_dbname(url, TEMPLATE_DB), autocommit=True, row_factory=dict_row
        )
        async with conn:
            await migrate(conn)
            await conn.execute(
                "INSERT INTO stores (id, name) VALUES ('default', 'Loja Teste') "
                "ON CONFLICT DO NOTHING"
            )

    asyncio.run(_migrate())


def fresh_database(url: str) -> str:
    """A new database cloned from the template; returns its URL."""
    name = f"t_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    return with_dbname(url, name)


def drop_database(url: str, db_url: str) -> None:
    name = conninfo_to_dict(db_url)["dbname"]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
