"""Reading products and their variants from rows, as `Product` models."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg.rows import dict_row

from balcao.db.connect import AnyConnection
from tools.catalog.models import Product, Variant
from tools.catalog.vocabulary import COLOR_KEYS, SIZE_KEYS

# The rows `product_from_row` reads: the hits of a `stock` CTE (`hit_id`, `score`, `in_stock`,
# `variant_skus`) with their products' columns and their variants' as arrays (catalog order).
HIT_PRODUCTS_SQL = """
SELECT h.id AS hit_id, h.score, h.in_stock, h.variant_skus,
       p.id, p.sku, p.name, p.description, p.category, p.brand, p.price, p.currency, p.stock,
       p.image_url, p.attributes, p.tags, p.related_skus,
       vs.v_sku, vs.v_attributes, vs.v_price, vs.v_stock
FROM stock h
JOIN products p ON p.id = h.id
CROSS JOIN LATERAL (
    SELECT array_agg(v.sku ORDER BY v.position, v.id) AS v_sku,
           array_agg(v.attributes ORDER BY v.position, v.id) AS v_attributes,
           array_agg(v.price ORDER BY v.position, v.id) AS v_price,
           array_agg(v.stock ORDER BY v.position, v.id) AS v_stock
    FROM product_variants v WHERE v.product_id = h.id
) vs
"""


async def load_products(
    conn: AnyConnection, store_id: str, ids: Iterable[int]
) -> dict[int, Product]:
    """Products by id, with their variants in catalog order."""
    ids = list(ids)
    if not ids:
        return {}
    rows = await fetch_rows(
        conn,
        "SELECT id, sku, name, description, category, brand, price, currency, stock,"
        " image_url, attributes, tags, related_skus FROM products"
        " WHERE store_id = %s AND id = ANY(%s)",
        (store_id, ids),
    )
    variant_rows = await fetch_rows(
        conn,
        "SELECT product_id, sku, attributes, price, stock FROM product_variants"
        " WHERE product_id = ANY(%s) ORDER BY product_id, position, id",
        (ids,),
    )
    variants: dict[int, list[dict[str, Any]]] = {}
    for row in variant_rows:
        variants.setdefault(row["product_id"], []).append(row)
    return {row["id"]: build_product(row, variants.get(row["id"], [])) for row in rows}


def product_from_row(row: dict[str, Any]) -> Product:
    """A product from a row with its variants as parallel arrays (`HIT_PRODUCTS_SQL`)."""
    variants = [
        {"sku": sku, "attributes": attributes, "price": price, "stock": stock}
        for sku, attributes, price, stock in zip(
            row["v_sku"] or [],
            row["v_attributes"] or [],
            row["v_price"] or [],
            row["v_stock"] or [],
            strict=True,
        )
    ]
    return build_product(row, variants)


def build_product(row: dict[str, Any], variants: list[dict[str, Any]]) -> Product:
    """A product from its row and its variants' rows (in catalog order)."""
    return Product(
        sku=row["sku"],
        name=row["name"],
        description=row["description"],
        category=row["category"],
        brand=row["brand"],
        price=row["price"],
        currency=row["currency"],
        stock=row["stock"],
        image_url=row["image_url"],
        attributes=ordered_attributes(row["attributes"]),
        tags=list(row["tags"]),
        related_skus=list(row["related_skus"]),
        variants=[
            Variant(
                sku=v["sku"],
                attributes=ordered_attributes(v["attributes"]),
                price=v["price"] if v["price"] is not None else row["price"],
                stock=v["stock"],
            )
            for v in variants
        ],
    )


def ordered_attributes(attributes: dict[str, str]) -> dict[str, str]:
    """Attributes with size first, then colour, then the rest."""
    # jsonb does not keep the file's key order; labels such as "42 / preto" read best in
    # the order catalogs usually write them.
    rank = {key: i for i, key in enumerate((*SIZE_KEYS, *COLOR_KEYS))}
    return dict(sorted(attributes.items(), key=lambda kv: rank.get(kv[0].lower(), len(rank))))


async def product_ids(conn: AnyConnection, store_id: str, skus: list[str]) -> list[int]:
    """Ids of the products with these skus or owning variants with them."""
    rows = await fetch_rows(
        conn,
        "SELECT id FROM products WHERE store_id = %(store)s AND sku = ANY(%(skus)s::text[])"
        " UNION SELECT product_id FROM product_variants"
        " WHERE store_id = %(store)s AND sku = ANY(%(skus)s::text[])",
        {"store": store_id, "skus": skus},
    )
    return sorted(row["id"] for row in rows)


async def fetch_rows(conn: AnyConnection, sql: str, params: Any) -> list[dict[str, Any]]:
    # Dict rows whatever the connection's own row factory is.
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql, params)
        return await cur.fetchall()
