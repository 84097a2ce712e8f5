"""Imports a JSON Lines catalog into a store: all lines or none, idempotent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from balcao.clock import Clock
from balcao.db.connect import AnyConnection
from tools.catalog import lexicon
from tools.catalog.document import TSV_SQL, search_text, tsv_params
from tools.catalog.embeddings import Embedder
from tools.catalog.embeddings.store import embed_products
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


@dataclass(frozen=True)
class ImportReport:
    """What an import did, per product; `variants` counts the variants in the file."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    variants: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)
    embedded: int = 0
    """Products whose vector was computed now (new or changed text)."""

    @property
    def products(self) -> int:
        """Products in the file."""
        return self.created + self.updated + self.unchanged


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
        stores = await _fetch(conn, "SELECT currency FROM stores WHERE id = %s", (store_id,))
        if not stores:
            errors.insert(0, (0, f"unknown store '{store_id}': create the store first"))
        if errors:
            raise CatalogImportError(errors)
        errors = await _conflicts(conn, store_id, products)
        if errors:
            raise CatalogImportError(errors)
        report = await _write(conn, store_id, stores[0]["currency"], products, clock.now())
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
    rows = await _fetch(
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
    rows = await _fetch(
        conn,
        "SELECT sku FROM products WHERE store_id = %s AND sku = ANY(%s)",
        (store_id, variant_skus),
    )
    for row in rows:
        sku = row["sku"]
        errors.append((line_of[sku], f"variant sku '{sku}' is already a product's sku"))
    return errors


async def _write(
    conn: AnyConnection,
    store_id: str,
    store_currency: str,
    products: list[tuple[int, ProductLine]],
    now: datetime,
) -> ImportReport:
    existing = await _snapshot(conn, store_id, [p.sku for _, p in products])
    created = updated = unchanged = variants = 0
    for _, product in products:
        currency = product.currency or store_currency
        before = existing.get(product.sku)
        if before is None:
            created += 1
            updated_at = now
        elif before["fingerprint"] == _fingerprint(product, currency):
            unchanged += 1
            updated_at = before["updated_at"]
        else:
            updated += 1
            updated_at = now
        product_id = await _upsert_product(conn, store_id, product, currency, updated_at)
        await _replace_variants(conn, store_id, product_id, product)
        variants += len(product.variants)
    return ImportReport(created=created, updated=updated, unchanged=unchanged, variants=variants)


_UPSERT_PRODUCT = f"""
INSERT INTO products (store_id, sku, name, description, category, brand, price, currency,
                      stock, image_url, attributes, tags, related_skus, digital,
                      search_text, search_tsv, updated_at)
VALUES (%(store_id)s, %(sku)s, %(name)s, %(description)s, %(category)s, %(brand)s, %(price)s,
        %(currency)s, %(stock)s, %(image_url)s, %(attributes)s, %(tags)s, %(related_skus)s,
        %(digital)s, %(search_text)s, {TSV_SQL}, %(updated_at)s)
ON CONFLICT (store_id, sku) DO UPDATE SET
    name = EXCLUDED.name, description = EXCLUDED.description, category = EXCLUDED.category,
    brand = EXCLUDED.brand, price = EXCLUDED.price, currency = EXCLUDED.currency,
    stock = EXCLUDED.stock, image_url = EXCLUDED.image_url, attributes = EXCLUDED.attributes,
    tags = EXCLUDED.tags, related_skus = EXCLUDED.related_skus, digital = EXCLUDED.digital,
    search_text = EXCLUDED.search_text, search_tsv = EXCLUDED.search_tsv,
    updated_at = EXCLUDED.updated_at
RETURNING id
"""

_UPSERT_VARIANT = """
INSERT INTO product_variants (product_id, store_id, sku, attributes, price, stock, position)
VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (store_id, sku) DO UPDATE SET
    product_id = EXCLUDED.product_id, attributes = EXCLUDED.attributes,
    price = EXCLUDED.price, stock = EXCLUDED.stock, position = EXCLUDED.position
"""


async def _upsert_product(
    conn: AnyConnection,
    store_id: str,
    product: ProductLine,
    currency: str,
    updated_at: datetime,
) -> int:
    # Search columns are rewritten even for unchanged products, so a change in how they
    # are computed reaches every product on the next import.
    params: dict[str, Any] = {
        "store_id": store_id,
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "category": product.category,
        "brand": product.brand,
        "price": product.price,
        "currency": currency,
        "stock": product.stock,
        "image_url": product.image_url,
        "attributes": Jsonb(product.attributes),
        "tags": product.tags,
        "related_skus": product.related_skus,
        "digital": product.digital,
        "search_text": search_text(product),
        "updated_at": updated_at,
        **tsv_params(product),
    }
    rows = await _fetch(conn, _UPSERT_PRODUCT, params)
    return int(rows[0]["id"])


async def _replace_variants(
    conn: AnyConnection, store_id: str, product_id: int, product: ProductLine
) -> None:
    skus = [v.sku for v in product.variants]
    await conn.execute(
        "DELETE FROM product_variants WHERE product_id = %s AND NOT (sku = ANY(%s))",
        (product_id, skus),
    )
    if not product.variants:
        return
    async with conn.cursor() as cur:
        await cur.executemany(
            _UPSERT_VARIANT,
            [
                (product_id, store_id, v.sku, Jsonb(v.attributes), v.price, v.stock, position)
                for position, v in enumerate(product.variants)
            ],
        )


async def _snapshot(
    conn: AnyConnection, store_id: str, skus: list[str]
) -> dict[str, dict[str, Any]]:
    """The stored state of the file's products, to tell unchanged ones from updated ones."""
    rows = await _fetch(
        conn,
        "SELECT id, sku, name, description, category, brand, price, currency, stock,"
        " image_url, attributes, tags, related_skus, digital, updated_at"
        " FROM products WHERE store_id = %s AND sku = ANY(%s)",
        (store_id, skus),
    )
    variant_rows = await _fetch(
        conn,
        "SELECT product_id, sku, attributes, price, stock FROM product_variants"
        " WHERE product_id = ANY(%s) ORDER BY product_id, position",
        ([r["id"] for r in rows],),
    )
    variants: dict[int, list[tuple[Any, ...]]] = {}
    for v in variant_rows:
        variants.setdefault(v["product_id"], []).append(
            (v["sku"], v["attributes"], _money_key(v["price"]), v["stock"])
        )
    return {
        r["sku"]: {
            "updated_at": r["updated_at"],
            "fingerprint": (
                r["name"],
                r["description"],
                r["category"],
                r["brand"],
                _money_key(r["price"]),
                r["currency"],
                r["stock"],
                r["image_url"],
                r["attributes"],
                list(r["tags"]),
                list(r["related_skus"]),
                r["digital"],
                variants.get(r["id"], []),
            ),
        }
        for r in rows
    }


def _fingerprint(product: ProductLine, currency: str) -> tuple[Any, ...]:
    return (
        product.name,
        product.description,
        product.category,
        product.brand,
        _money_key(product.price),
        currency,
        product.stock,
        product.image_url,
        dict(product.attributes),
        list(product.tags),
        list(product.related_skus),
        product.digital,
        [(v.sku, dict(v.attributes), _money_key(v.price), v.stock) for v in product.variants],
    )


def _money_key(value: Any) -> str | None:
    # Compared as written: 299.9 -> 299.90 is an update (the stored scale changes).
    return None if value is None else str(value)


async def _dangling_related(
    conn: AnyConnection, store_id: str, products: list[tuple[int, ProductLine]]
) -> list[tuple[int, str]]:
    """Related skus that name no product or variant of the store (after the import)."""
    wanted = sorted({sku for _, p in products for sku in p.related_skus})
    if not wanted:
        return []
    rows = await _fetch(
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


async def _fetch(conn: AnyConnection, sql: str, params: Any) -> list[dict[str, Any]]:
    # Dict rows whatever the connection's own row factory is.
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql, params)
        return await cur.fetchall()
