"""Writing an import's products and variants: upserts, variant replacement, and the snapshot
that tells unchanged products (which keep their `updated_at`) from updated ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from balcao.db.connect import AnyConnection
from tools.catalog.document import TSV_SQL, search_text, tsv_params
from tools.catalog.schema import ProductLine


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


async def write_products(
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
    rows = await fetch_dicts(conn, _UPSERT_PRODUCT, params)
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
    rows = await fetch_dicts(
        conn,
        "SELECT id, sku, name, description, category, brand, price, currency, stock,"
        " image_url, attributes, tags, related_skus, digital, updated_at"
        " FROM products WHERE store_id = %s AND sku = ANY(%s)",
        (store_id, skus),
    )
    variant_rows = await fetch_dicts(
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


async def fetch_dicts(conn: AnyConnection, sql: str, params: Any) -> list[dict[str, Any]]:
    # Dict rows whatever the connection's own row factory is.
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql, params)
        return await cur.fetchall()
