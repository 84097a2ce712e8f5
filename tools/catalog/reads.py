"""Reading the catalog besides search: one product, related products, the category overview."""

from __future__ import annotations

from typing import Any

from balcao.db.connect import AnyConnection
from tools.catalog.loading import fetch_rows, load_products
from tools.catalog.models import Product

# Whether a product (alias p) can be bought: any variant in stock, or its own stock.
_IN_STOCK_SQL = """
CASE WHEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id)
     THEN EXISTS (SELECT 1 FROM product_variants v
                  WHERE v.product_id = p.id AND (v.stock IS NULL OR v.stock > 0))
     ELSE p.stock IS NULL OR p.stock > 0 END
"""

# Not one of the given skus, by its own sku or one of its variants'.
_NOT_EXCLUDED_SQL = """
NOT p.sku = ANY(%(exclude)s::text[])
AND NOT EXISTS (SELECT 1 FROM product_variants v
                WHERE v.product_id = p.id AND v.sku = ANY(%(exclude)s::text[]))
"""

# In-stock complements: hand-picked first (in the seeds' order), then the same category, then
# the same top-level category.
_RELATED_SQL = f"""
SELECT p.id FROM products p
WHERE p.store_id = %(store)s
  AND NOT p.id = ANY(%(seeds)s::bigint[])
  AND {_IN_STOCK_SQL} AND {_NOT_EXCLUDED_SQL}
  AND (p.sku = ANY(%(picked)s::text[])
       OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id
                  AND v.sku = ANY(%(picked)s::text[]))
       OR p.category = ANY(%(categories)s::text[])
       OR split_part(p.category, ' > ', 1) = ANY(%(tops)s::text[]))
ORDER BY
  coalesce(array_position(%(picked)s::text[], p.sku),
           (SELECT min(array_position(%(picked)s::text[], v.sku))
            FROM product_variants v WHERE v.product_id = p.id)) NULLS LAST,
  p.category = ANY(%(categories)s::text[]) DESC,
  p.name, p.id
LIMIT %(limit)s
"""


async def get_product(conn: AnyConnection, store_id: str, sku: str) -> Product | None:
    """The product with this sku, or owning a variant with it (then `selected_variant`).

    Args:
        conn: A connection.
        store_id: The store.
        sku: A product's or a variant's sku.

    Returns:
        The product (with `selected_variant` set when a variant's sku was given), or None.
    """
    rows = await fetch_rows(
        conn,
        "SELECT id AS product_id, NULL::text AS variant_sku FROM products"
        " WHERE store_id = %(store)s AND sku = %(sku)s"
        " UNION ALL"
        " SELECT product_id, sku FROM product_variants"
        " WHERE store_id = %(store)s AND sku = %(sku)s"
        " ORDER BY variant_sku NULLS FIRST LIMIT 1",
        {"store": store_id, "sku": sku},
    )
    if not rows:
        return None
    product_id, variant_sku = rows[0]["product_id"], rows[0]["variant_sku"]
    product = (await load_products(conn, store_id, [product_id]))[product_id]
    if variant_sku is None:
        return product
    return product.model_copy(update={"selected_variant": product.variant(variant_sku)})


async def related_products(
    conn: AnyConnection, store_id: str, skus: list[str], *, exclude: set[str], limit: int
) -> list[Product]:
    """In-stock complements of the given products.

    The products' hand-picked `related_skus` come first, in catalog order; the rest is
    filled with in-stock products of the same category, then of the same top-level
    category. The given products themselves are never returned.

    Args:
        conn: A connection.
        store_id: The store.
        skus: Product or variant skus (e.g. what was just added to the cart).
        exclude: Skus not to suggest (e.g. the cart's); a product is left out when its
            sku or any of its variants' is here.
        limit: Most products returned.

    Returns:
        Up to `limit` products, all in stock.
    """
    # The given products in the order given, so their picks keep that order too.
    seeds = await fetch_rows(
        conn,
        "SELECT p.id, p.category, p.related_skus FROM products p"
        " LEFT JOIN product_variants v"
        "   ON v.product_id = p.id AND v.sku = ANY(%(skus)s::text[])"
        " WHERE p.store_id = %(store)s"
        "   AND (p.sku = ANY(%(skus)s::text[]) OR v.sku IS NOT NULL)"
        " GROUP BY p.id"
        " ORDER BY min(coalesce(array_position(%(skus)s::text[], p.sku),"
        "                       array_position(%(skus)s::text[], v.sku))), p.id",
        {"store": store_id, "skus": skus},
    )
    categories = sorted({row["category"] for row in seeds if row["category"]})
    params: dict[str, Any] = {
        "store": store_id,
        "seeds": [row["id"] for row in seeds],
        "exclude": sorted(exclude),
        "picked": list(dict.fromkeys(s for row in seeds for s in row["related_skus"])),
        "categories": categories,
        "tops": sorted({c.split(" > ")[0] for c in categories}),
        "limit": limit,
    }
    ids = [row["id"] for row in await fetch_rows(conn, _RELATED_SQL, params)]
    products = await load_products(conn, store_id, ids)
    return [products[i] for i in ids]


async def category_counts(conn: AnyConnection, store_id: str) -> list[tuple[str, int]]:
    """Top-level categories with how many products each has.

    Args:
        conn: A connection.
        store_id: The store.

    Returns:
        (name, count) pairs, most products first, then by name; products without a
        category are not counted.
    """
    rows = await fetch_rows(
        conn,
        "SELECT split_part(category, ' > ', 1) AS name, count(*) AS n FROM products"
        " WHERE store_id = %s AND category <> ''"
        " GROUP BY 1 ORDER BY n DESC, name",
        (store_id,),
    )
    return [(row["name"], int(row["n"])) for row in rows]
