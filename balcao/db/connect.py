"""Connection URL resolution and the async connection pool."""

from __future__ import annotations

from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from balcao.db.embedded import embedded_database_url
from balcao.settings import Settings


def database_url(settings: Settings) -> str:
    """`DATABASE_URL` when set, otherwise the embedded server's URL (starting it if needed)."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return embedded_database_url(settings.data_dir)


async def open_pool(url: str, *, min_size: int = 2, max_size: int = 10) -> AsyncConnectionPool:
    """An open pool configured the way the LangGraph checkpointer needs it."""
    pool = AsyncConnectionPool(
        url,
        min_size=min_size,
        max_size=max_size,
        open=False,
        kwargs={"autocommit": True, "row_factory": dict_row, "prepare_threshold": 0},
    )
    await pool.open(wait=True, timeout=30)
    return pool
