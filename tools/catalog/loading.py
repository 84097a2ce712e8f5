"""Reading products and their variants from rows, as `Product` models."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row

from tools.catalog.models import Product, Variant
from tools.catalog.vocabulary import COLOR_KEYS, SIZE_KEYS


async def load_products(
    conn: AsyncConnection, store_id: str, ids: Iterable[int]
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
    """A product from a row with its variants as parallel arrays (`search_once`)."""
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


async def product_ids(conn: AsyncConnection, store_id: str, skus: list[str]) -> list[int]:
    """Ids of the products with these skus or owning variants with them."""
    rows = await fetch_rows(
        conn,
        "SELECT id FROM products WHERE store_id = %(store)s AND sku = ANY(%(skus)s::text[])"
        " UNION SELECT product_id FROM product_variants"
        " WHERE store_id = %(store)s AND sku = ANY(%(skus)s::text[])",
        {"store": store_id, "skus": skus},
    )
    return sorted(row["id"] for row in rows)


async def fetch_rows(conn: AsyncConnection, sql: str, params: Any) -> list[dict[str, Any]]:
    # Dict rows whatever the connection's own row factory is.
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql, params)
        return await cur.fetchall()
