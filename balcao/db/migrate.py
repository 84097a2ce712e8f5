"""Applies the numbered SQL files in `migrations/` once each, under an advisory lock."""

from __future__ import annotations

import asyncio
import logging
from importlib import resources

from balcao.db.connect import AnyConnection

log = logging.getLogger(__name__)

# Any constant works; it only has to be the same for every process migrating this database.
_MIGRATION_LOCK = 4_242_001


def _migration_files() -> list[tuple[str, str]]:
    folder = resources.files("balcao.db") / "migrations"
    files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".sql"))
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in files]


async def migrate(conn: AnyConnection) -> list[str]:
    """Brings the schema up to date; returns the names of the migrations applied now."""
    applied_now: list[str] = []
    files = await asyncio.to_thread(_migration_files)  # file reads stay off the event loop
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        cur = await conn.execute("SELECT name FROM schema_migrations")
        done = {row["name"] if isinstance(row, dict) else row[0] for row in await cur.fetchall()}
        for name, sql in files:
            if name in done:
                continue
            log.info("applying migration %s", name)
            await conn.execute(sql, prepare=False)  # a file holds many statements
            await conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
            applied_now.append(name)
    return applied_now


async def pending_migrations(conn: AnyConnection) -> list[str]:
    """The migrations this code has that the database has not applied (for readiness)."""
    names = [name for name, _ in await asyncio.to_thread(_migration_files)]
    cur = await conn.execute(
        "SELECT name FROM schema_migrations WHERE name = ANY(%s)", (names,)
    )
    done = {row["name"] if isinstance(row, dict) else row[0] for row in await cur.fetchall()}
    return [name for name in names if name not in done]
