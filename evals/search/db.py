"""A throwaway database on the project's server (embedded by default) for evals and benchmarks."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row

from balcao.db.connect import database_url
from balcao.db.migrate import migrate
from balcao.settings import get_settings

_counter = itertools.count()


def server_url() -> str:
    """The server's URL: `DATABASE_URL`'s, or the embedded one (started if needed)."""
    return database_url(get_settings())


@asynccontextmanager
async def scratch_database(url: str, store_id: str = "default") -> AsyncIterator[str]:
    """A new migrated database with one store, dropped on exit.

    Args:
        url: Any URL of the server (its database is only used to create and drop).
        store_id: The store row to create.

    Yields:
        The new database's URL.
    """
    name = f"balcao_eval_{os.getpid()}_{next(_counter)}"
    params = conninfo_to_dict(url)
    scratch = make_conninfo(**{**params, "dbname": name})
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as admin:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    try:
        async with await psycopg.AsyncConnection.connect(
            scratch, autocommit=True, row_factory=dict_row
        ) as conn:
            await migrate(conn)
            await conn.execute(
                "INSERT INTO stores (id, name) VALUES (%s, 'Eval') ON CONFLICT DO NOTHING",
                (store_id,),
            )
        yield scratch
    finally:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as admin:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@asynccontextmanager
async def kept_database(url: str, name: str, store_id: str = "default") -> AsyncIterator[str]:
    """Database `name` on the server, created and migrated with one store if missing, kept.

    Args:
        url: Any URL of the server.
        name: The database's name (letters, digits, underscores).
        store_id: The store row to create.

    Yields:
        The database's URL.
    """
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain database name: {name!r}")
    params = conninfo_to_dict(url)
    kept = make_conninfo(**{**params, "dbname": name})
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as admin:
        cur = await admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        exists = await cur.fetchone() is not None
        if not exists:
            await admin.execute(f"CREATE DATABASE {name}")
    if not exists:
        async with await psycopg.AsyncConnection.connect(
            kept, autocommit=True, row_factory=dict_row
        ) as conn:
            await migrate(conn)
            await conn.execute(
                "INSERT INTO stores (id, name) VALUES (%s, 'Eval') ON CONFLICT DO NOTHING",
                (store_id,),
            )
    yield kept
