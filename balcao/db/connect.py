"""Connection URL resolution, the async connection pool and the types of its connections."""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

from psycopg import AsyncConnection, AsyncCursor
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool

from balcao.db.embedded import embedded_database_url
from balcao.settings import Settings

# Every connection the service hands out comes from `open_pool` (or is opened the same way),
# with `row_factory=dict_row`: rows are `dict[str, Any]`. Annotate with these, not with the
# bare psycopg classes, whose default row type is a tuple.
Connection: TypeAlias = AsyncConnection[DictRow]
Pool: TypeAlias = AsyncConnectionPool[Connection]
# For code that does not depend on the connection's row factory: it picks one per cursor
# (`conn.cursor(row_factory=dict_row)`) or reads rows of either shape.
AnyConnection: TypeAlias = AsyncConnection[Any]

R = TypeVar("R")


class MissingRow(RuntimeError):
    """A query that always yields a row yielded none: a broken invariant, not a user error."""


async def fetch_row(cur: AsyncCursor[R], what: str) -> R:
    """The next row of a query that cannot come back empty.

    For an aggregate without GROUP BY, `INSERT ... RETURNING` (without ON CONFLICT DO
    NOTHING), or a row this transaction created or locked. Where a row may legitimately be
    missing, call `cur.fetchone()` and handle None instead.

    Args:
        cur: The executed query's cursor.
        what: What the row is, for the error message.

    Raises:
        MissingRow: The query returned no row.
    """
    row = await cur.fetchone()
    if row is None:
        raise MissingRow(f"no row returned for {what}")
    return row


def database_url(settings: Settings) -> str:
    """`DATABASE_URL` when set, otherwise the embedded server's URL (starting it if needed)."""
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return embedded_database_url(settings.data_dir)


async def open_pool(url: str, *, min_size: int = 2, max_size: int = 10) -> Pool:
    """An open pool configured the way the LangGraph checkpointer needs it."""
    # The annotation types the pool's connections; `kwargs` makes their rows dicts at run time.
    pool: Pool = AsyncConnectionPool(
        url,
        min_size=min_size,
        max_size=max_size,
        open=False,
        kwargs={"autocommit": True, "row_factory": dict_row, "prepare_threshold": 0},
    )
    await pool.open(wait=True, timeout=30)
    return pool
