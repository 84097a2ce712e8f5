"""What to suggest next: complements, then similar products, then best sellers.

Sources, in order, each filling what the previous left:

1. **related**: the seeds' hand-picked `related_skus`, in catalog order;
2. **bought_together**: products in the same paid orders as the seeds, most orders first;
3. **similar**: the seeds' nearest neighbours by meaning (their vectors), or, after a search
   that found nothing, the products nearest to the query;
4. **best_seller**: the most sold products (paid orders) of the seeds' categories (same
   category first, then the same top-level one), or of the whole store without seeds.

Never suggested: a product out of stock, a seed, or a product whose sku or any of whose
variants' skus is excluded (the cart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from psycopg import sql
from psycopg.rows import dict_row

from balcao.db.connect import AnyConnection
from tools.catalog.embeddings import Embedder
from tools.catalog.embeddings.store import nearest

Reason = Literal["related", "bought_together", "similar", "best_seller"]

# Orders whose lines count as bought.
PAID_STATUSES = ("paid", "shipped", "delivered")
# Candidates fetched per source before stock and exclusions are applied.
_PER_SOURCE = 20


@dataclass(frozen=True)
class Pick:
    """One suggested product id and why."""

    product_id: int
    reason: Reason


async def recommend(
    conn: AnyConnection,
    store_id: str,
    seeds: list[str],
    *,
    exclude: set[str],
    limit: int,
    embedder: Embedder | None = None,
    query_vector: list[float] | None = None,
) -> list[Pick]:
    """Products to suggest after the seeds (or after a search that found nothing).

    Args:
        conn: A connection (a transaction is opened on it).
        store_id: The store.
        seeds: Product or variant skus just added or viewed; empty after a failed search.
        exclude: Skus never to suggest (the cart's), product or variant.
        limit: Most picks.
        embedder: The model whose vectors give "similar", or None.
        query_vector: A failed search's vector: "similar" means near it.

    Returns:
        Picks in order, all in stock, none excluded or a seed.
    """
    if limit <= 0:
        return []
    async with conn.transaction():
        seed_rows = await _seeds(conn, store_id, seeds)
        seed_ids = [row["id"] for row in seed_rows]
        candidates: list[Pick] = []
        picked = list(dict.fromkeys(s for row in seed_rows for s in row["related_skus"]))
        candidates += [Pick(i, "related") for i in await _ids_of(conn, store_id, picked)]
        candidates += [Pick(i, "bought_together") for i in await _bought_together(
            conn, store_id, [row["sku"] for row in seed_rows])]
        if embedder is not None:
            for vector_source in await _similar(conn, store_id, embedder, seed_ids, query_vector):
                candidates.append(Pick(vector_source, "similar"))
        categories = sorted({row["category"] for row in seed_rows if row["category"]})
        if seeds and not categories:
            best: list[int] = []
        else:
            best = await _best_sellers(conn, store_id, categories)
        candidates += [Pick(i, "best_seller") for i in best]
        allowed = await _allowed(
            conn, store_id, [c.product_id for c in candidates], exclude, seed_ids
        )
    picks: list[Pick] = []
    seen: set[int] = set()
    for candidate in candidates:
        if candidate.product_id in allowed and candidate.product_id not in seen:
            seen.add(candidate.product_id)
            picks.append(candidate)
    return picks[:limit]


async def _seeds(conn: AnyConnection, store_id: str, skus: list[str]) -> list[dict[str, Any]]:
    """The seeds' products (a variant sku names its product), in the order given."""
    if not skus:
        return []
    return await _fetch(
        conn,
        "SELECT p.id, p.sku, p.category, p.related_skus FROM products p"
        " LEFT JOIN product_variants v ON v.product_id = p.id AND v.sku = ANY(%(skus)s::text[])"
        " WHERE p.store_id = %(store)s AND (p.sku = ANY(%(skus)s::text[]) OR v.sku IS NOT NULL)"
        " GROUP BY p.id"
        " ORDER BY min(coalesce(array_position(%(skus)s::text[], p.sku),"
        "                       array_position(%(skus)s::text[], v.sku))), p.id",
        {"store": store_id, "skus": skus},
    )


async def _ids_of(conn: AnyConnection, store_id: str, skus: list[str]) -> list[int]:
    """Products named by these skus (theirs or a variant's), in the order of the skus."""
    if not skus:
        return []
    rows = await _fetch(
        conn,
        "SELECT p.id FROM products p WHERE p.store_id = %(store)s AND ("
        "  p.sku = ANY(%(skus)s::text[]) OR EXISTS (SELECT 1 FROM product_variants v"
        "  WHERE v.product_id = p.id AND v.sku = ANY(%(skus)s::text[])))"
        " ORDER BY coalesce(array_position(%(skus)s::text[], p.sku),"
        "  (SELECT min(array_position(%(skus)s::text[], v.sku)) FROM product_variants v"
        "   WHERE v.product_id = p.id)), p.id",
        {"store": store_id, "skus": skus},
    )
    return [row["id"] for row in rows]


async def _bought_together(
    conn: AnyConnection, store_id: str, product_skus: list[str]
) -> list[int]:
    """Products in paid orders that also hold a seed, most such orders first."""
    if not product_skus:
        return []
    rows = await _fetch(
        conn,
        "SELECT p.id, count(DISTINCT o.id) AS orders FROM orders o"
        " JOIN order_lines l ON l.order_id = o.id"
        " JOIN products p ON p.store_id = o.store_id AND p.sku = l.product_sku"
        " WHERE o.store_id = %(store)s AND o.status = ANY(%(paid)s::text[])"
        "   AND NOT l.product_sku = ANY(%(seeds)s::text[])"
        "   AND EXISTS (SELECT 1 FROM order_lines s WHERE s.order_id = o.id"
        "               AND s.product_sku = ANY(%(seeds)s::text[]))"
        " GROUP BY p.id ORDER BY orders DESC, p.id LIMIT %(n)s",
        {"store": store_id, "paid": list(PAID_STATUSES), "seeds": product_skus,
         "n": _PER_SOURCE},
    )
    return [row["id"] for row in rows]


async def _similar(
    conn: AnyConnection,
    store_id: str,
    embedder: Embedder,
    seed_ids: list[int],
    query_vector: list[float] | None,
) -> list[int]:
    """Nearest products by meaning to the query, or to each seed in turn."""
    if query_vector is not None and not seed_ids:
        return [pid for pid, _ in await nearest(
            conn, store_id, embedder, query_vector, limit=_PER_SOURCE)]
    found: list[int] = []
    for seed_id in seed_ids:
        rows = await _fetch(
            conn,
            sql.SQL(
                "SELECT embedding::text AS v FROM product_embeddings"
                " WHERE product_id = %(id)s AND model = {model}"
            ).format(model=sql.Literal(embedder.name)),
            {"id": seed_id},
        )
        if not rows:
            continue
        vector = [float(x) for x in rows[0]["v"].strip("[]").split(",")]
        found += [pid for pid, _ in await nearest(
            conn, store_id, embedder, vector, limit=_PER_SOURCE // max(len(seed_ids), 1) + 1)]
    return found


async def _best_sellers(conn: AnyConnection, store_id: str, categories: list[str]) -> list[int]:
    """Most units sold in paid orders: the categories' products (or all), then by name."""
    tops = sorted({c.split(" > ")[0] for c in categories})
    rows = await _fetch(
        conn,
        "SELECT p.id FROM products p"
        " LEFT JOIN (SELECT l.product_sku, sum(l.quantity) AS units FROM order_lines l"
        "            JOIN orders o ON o.id = l.order_id"
        "            WHERE o.store_id = %(store)s AND o.status = ANY(%(paid)s::text[])"
        "            GROUP BY l.product_sku) s ON s.product_sku = p.sku"
        " WHERE p.store_id = %(store)s AND (cardinality(%(tops)s::text[]) = 0"
        "       OR split_part(p.category, ' > ', 1) = ANY(%(tops)s::text[]))"
        " ORDER BY p.category = ANY(%(cats)s::text[]) DESC, coalesce(s.units, 0) DESC, p.name"
        " LIMIT %(n)s",
        {"store": store_id, "paid": list(PAID_STATUSES), "tops": tops, "cats": categories,
         "n": _PER_SOURCE},
    )
    return [row["id"] for row in rows]


async def _allowed(
    conn: AnyConnection,
    store_id: str,
    ids: list[int],
    exclude: set[str],
    seed_ids: list[int],
) -> set[int]:
    """Which candidates are in stock, not seeds and not excluded (by any of their skus)."""
    if not ids:
        return set()
    rows = await _fetch(
        conn,
        "SELECT p.id FROM products p"
        " WHERE p.store_id = %(store)s AND p.id = ANY(%(ids)s::bigint[])"
        "   AND NOT p.id = ANY(%(seeds)s::bigint[])"
        "   AND NOT p.sku = ANY(%(exclude)s::text[])"
        "   AND NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id"
        "                   AND v.sku = ANY(%(exclude)s::text[]))"
        "   AND CASE WHEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id)"
        "            THEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id"
        "                         AND (v.stock IS NULL OR v.stock > 0))"
        "            ELSE p.stock IS NULL OR p.stock > 0 END",
        {"store": store_id, "ids": ids, "seeds": seed_ids, "exclude": sorted(exclude)},
    )
    return {row["id"] for row in rows}


async def _fetch(conn: AnyConnection, query: Any, params: Any) -> list[dict[str, Any]]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(query, params)
        return await cur.fetchall()
