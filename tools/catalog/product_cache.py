"""Product rows kept in memory per process, valid for one catalog version of their store.

Every committed write to a store's products or variants raises its version (triggers,
migration 0012), so a product read at version V is the catalog's as long as the store is at V.
A turn learns its store's version once, with its claim (api/worker/claims.py), and says it
here for the calls it makes (`catalog_version_known`); a caller that did not (the CLI, the
golden runner) costs one small read for it. A turn that read the version before a write
committed may still see the rows of before: what it would have read a moment earlier anyway.
Checkout never relies on them: it re-reads prices and locks stock (tools/orders/placing.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from balcao.db.connect import AnyConnection
from tools.catalog.models import Product

_MOST_PRODUCTS = 4_096
"""Products kept at most (least recently used dropped): a few MB for a large store's best
sellers."""

_known: ContextVar[tuple[str, int] | None] = ContextVar("catalog_version", default=None)


@contextmanager
def catalog_version_known(store_id: str, version: int) -> Iterator[None]:
    """Within this block (and the tasks it starts), `store_id`'s catalog is at `version`."""
    token = _known.set((store_id, version))
    try:
        yield
    finally:
        _known.reset(token)


def known_catalog_version(store_id: str) -> int | None:
    """The store's catalog version the turn was told, if it was."""
    known = _known.get()
    return known[1] if known is not None and known[0] == store_id else None


CATALOG_VERSION_SQL = (
    "coalesce((SELECT sum(weight) FROM catalog_changes WHERE store_id = {store}), 0)")
"""The version as a column of another statement (the worker's claim reads it so): the sum of
the store's committed changes (migration 0012)."""


async def read_catalog_version(conn: AnyConnection, store_id: str) -> int:
    """The store's catalog version in the database (0 before its first product)."""
    cur = await conn.execute(
        "SELECT " + CATALOG_VERSION_SQL.format(store="%s") + " AS version", (store_id,))
    row = await cur.fetchone()
    return int(row["version"] if isinstance(row, dict) else row[0])  # type: ignore[index]


async def fold_catalog_changes(conn: AnyConnection) -> int:
    """Folds each store's change rows into one of the same sum (upkeep): the version stays,
    its read stays one index entry. A write committing meanwhile keeps its own row (it is not
    in this statement's snapshot). Returns the rows removed."""
    cur = await conn.execute(
        "WITH gone AS (DELETE FROM catalog_changes c WHERE c.store_id IN ("
        "    SELECT store_id FROM catalog_changes GROUP BY store_id HAVING count(*) > 1)"
        "  RETURNING c.store_id, c.weight),"
        " folded AS (INSERT INTO catalog_changes (store_id, weight)"
        "  SELECT store_id, sum(weight) FROM gone GROUP BY store_id RETURNING 1)"
        " SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded) AS removed")
    row = await cur.fetchone()
    return int(row["removed"] if isinstance(row, dict) else row[0])  # type: ignore[index]


class ProductCache:
    """Products by store and sku (`None`: no such sku), each with the version it was read at."""

    def __init__(self, most: int = _MOST_PRODUCTS) -> None:
        self._most = most
        self._rows: OrderedDict[tuple[str, str], tuple[int, Product | None]] = OrderedDict()

    def get(self, store_id: str, sku: str, version: int) -> tuple[bool, Product | None]:
        """(found, product): found only when read at this very version."""
        entry = self._rows.get((store_id, sku))
        if entry is None or entry[0] != version:
            return False, None
        self._rows.move_to_end((store_id, sku))
        return True, entry[1]

    def put(self, store_id: str, sku: str, version: int, product: Product | None) -> None:
        self._rows[(store_id, sku)] = (version, product)
        self._rows.move_to_end((store_id, sku))
        while len(self._rows) > self._most:
            self._rows.popitem(last=False)
