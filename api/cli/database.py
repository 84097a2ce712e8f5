"""The database connection a one-shot CLI command uses: same server, schema brought up to date."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from psycopg import AsyncConnection

from balcao.settings import Settings


@asynccontextmanager
async def migrated_connection(settings: Settings) -> AsyncIterator[AsyncConnection]:
    """A connection to `DATABASE_URL` or the embedded server, with migrations applied."""
    from balcao.db.connect import database_url, open_pool
    from balcao.db.migrate import migrate

    pool = await open_pool(await asyncio.to_thread(database_url, settings), min_size=1,
                           max_size=2)
    try:
        async with pool.connection() as conn:
            await migrate(conn)
            yield conn
    finally:
        await pool.close()
