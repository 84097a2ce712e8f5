"""Imports a JSON Lines catalog into a store: all lines or none, idempotent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from balcao.clock import Clock
from balcao.db.connect import AnyConnection
from tools.catalog import lexicon
from tools.catalog.embeddings import Embedder
from tools.catalog.embeddings.store import embed_products
from tools.catalog.product_rows import ImportReport, fetch_dicts, write_products
from tools.catalog.schema import ProductLine, parse_catalog

# Taken (per store) by imports and by demo seeding, so two of them never interleave.
_CATALOG_LOCK_CLASS = 4_242_101


class CatalogImportError(Exception):
    """A file that cannot be imported; nothing of it was written.

    Attributes:
        errors: `(line number, reason)` pairs, 1-based; line 0 for problems of the whole
            import (such as an unknown store).
    """

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = sorted(errors, key=lambda e: e[0])
        super().__init__("; ".join(f"line {n}: {reason}" for n, reason in self.errors))


async def lock_catalog(conn: AnyConnection, store_id: str) -> None:
    """Waits for, then holds until the transaction ends, the store's catalog lock.

    Args:
        conn: A connection inside a transaction.
        store_id: The store whose catalog is about to change.
    """
    await conn.execute(
        "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (_CATALOG_LOCK_CLASS, store_id)
    )


async def import_catalog(
    conn: AnyConnection,
    lines: Iterable[str],
    *,
    store_id: str,
    clock: Clock,
    embedder: Embedder | None = None,
) -> ImportReport:
    """Validates every line, then upserts the products and their variants in one transaction.

    Products are matched by sku and updated in place (their ids stay). A product's variants
    become exactly those of the file, in the file's order. Products not in the file are left
    alone. An unchanged product keeps its `updated_at`, so importing the same file twice
    leaves identical rows.

    Args:
        conn: A connection (autocommit or not; the import runs in its own transaction or
            savepoint).
        lines: The file's lines; blank lines are skipped.
        store_id: The store to import into; it must exist.
        clock: Gives `updated_at` of created and changed products.
        embedder: Computes vectors for semantic search, for products that have none of this
            model or whose text changed; None leaves vectors alone (search by words only
            until `balcao catalog embed` or an import with a model runs).

    Returns:
        Counts of created, updated and unchanged products and of variants, and warnings
        (related skus that name nothing in the catalog).

    Raises:
        CatalogImportError: With every error found; nothing was written.
    """
    products, errors = parse_catalog(lines)
    async with conn.transaction():
        await lock_catalog(conn, store_id)
        stores = await fetch_dicts(conn, "SELECT currency FROM stores WHERE id = %s", (store_id,))
        if not stores:
            errors.insert(0, (0, f"unknown store '{store_id}': create the store first"))
        if errors:
            raise CatalogImportError(errors)
        errors = await _conflicts(conn, store_id, products)
        if errors:
            raise CatalogImportError(errors)
        report = await write_products(conn, store_id, stores[0]["currency"], products, clock.now())
        warnings = await _dangling_related(conn, store_id, products)
        await lexicon.rebuild(conn, store_id)
        embedded = 0
        if embedder is not None:
            skus = [p.sku for _, p in products]
            embedded = await embed_products(conn, store_id, embedder, skus=skus)
    return replace(report, warnings=warnings, embedded=embedded)


async def _conflicts(
    conn: AnyConnection, store_id: str, products: list[tuple[int, ProductLine]]
) -> list[tuple[int, str]]:
    """Skus of the file already used in the store by a product the file does not include."""
    line_of = {sku: n for n, p in products for sku in p.skus()}
    product_skus = [p.sku for _, p in products]
    variant_skus = [v.sku for _, p in products for v in p.variants]
    errors: list[tuple[int, str]] = []
    rows = await fetch_dicts(
        conn,
        "SELECT v.sku, p.sku AS owner FROM product_variants v"
        " JOIN products p ON p.id = v.product_id"
        " WHERE v.store_id = %(store)s AND v.sku = ANY(%(skus)s)"
        " AND NOT (p.sku = ANY(%(products)s))",
        {"store": store_id, "skus": product_skus + variant_skus, "products": product_skus},
    )
    for row in rows:
        sku, owner = row["sku"], row["owner"]
        reason = f"sku '{sku}' is already a variant of product '{owner}', not in this file"
        errors.append((line_of[sku], reason))
    rows = await fetch_dicts(
        conn,
        "SELECT sku FROM products WHERE store_id = %s AND sku = ANY(%s)",
        (store_id, variant_skus),
    )
    for row in rows:
        sku = row["sku"]
        errors.append((line_of[sku], f"variant sku '{sku}' is already a product's sku"))
    return errors


async def _dangling_related(
    conn: AnyConnection, store_id: str, products: list[tuple[int, ProductLine]]
) -> list[tuple[int, str]]:
    """Related skus that name no product or variant of the store (after the import)."""
    wanted = sorted({sku for _, p in products for sku in p.related_skus})
    if not wanted:
        return []
    rows = await fetch_dicts(
        conn,
        "SELECT sku FROM products WHERE store_id = %(store)s AND sku = ANY(%(skus)s)"
        " UNION SELECT sku FROM product_variants WHERE store_id = %(store)s"
        " AND sku = ANY(%(skus)s)",
        {"store": store_id, "skus": wanted},
    )
    known = {row["sku"] for row in rows}
    return [
        (n, f"related sku '{sku}' is not in the catalog")
        for n, p in products
        for sku in p.related_skus
        if sku not in known
    ]
