"""The catalog interface the graph uses, and its implementation on the project's Postgres."""

from __future__ import annotations

import asyncio
import functools
from collections import OrderedDict
from decimal import Decimal
from typing import Any, Literal, Protocol

from psycopg_pool import AsyncConnectionPool

from tools.catalog import search_once
from tools.catalog.embeddings import Embedder, default_embedder
from tools.catalog.embeddings.store import has_vectors
from tools.catalog.hybrid import find
from tools.catalog.loading import fetch_rows, load_products, product_from_row, product_ids
from tools.catalog.models import Product, ProductHit, Recommendation, Variant
from tools.catalog.recommendations import recommend
from tools.catalog.search import Filters, StemCache, query_words

__all__ = [
    "CatalogClient",
    "PostgresCatalog",
    "Product",
    "ProductHit",
    "Recommendation",
    "Variant",
]


class CatalogClient(Protocol):
    """Read access to a store's catalog."""

    async def search(
        self,
        store_id: str,
        query: str,
        *,
        price_min: Decimal | None = None,
        price_max: Decimal | None = None,
        size: str | None = None,
        color: str | None = None,
        category: str | None = None,
        limit: int = 5,
        skus: list[str] | None = None,
    ) -> list[ProductHit]:
        """Products matching words and filters; in stock first, best first."""
        ...

    async def get(self, store_id: str, sku: str) -> Product | None:
        """The product with this sku, or owning a variant with it (then `selected_variant`)."""
        ...

    async def related(
        self, store_id: str, skus: list[str], *, exclude: set[str], limit: int = 3
    ) -> list[Product]:
        """In-stock complements of these products: hand-picked first, then same category."""
        ...

    async def categories(self, store_id: str) -> list[tuple[str, int]]:
        """Top-level categories with their product counts, largest first."""
        ...

    async def recommend(
        self,
        store_id: str,
        skus: list[str],
        *,
        exclude: set[str],
        limit: int = 3,
        query: str | None = None,
    ) -> list[Recommendation]:
        """In-stock suggestions: complements, bought together, similar, best sellers."""
        ...


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


# Query vectors remembered per process: buyers repeat the same few searches.
_QUERY_CACHE_SIZE = 2048
# How long a store known to have vectors of a model is not asked again (seconds).
_HAS_VECTORS_TTL = 60.0


@functools.cache
def _one_blas_thread() -> None:
    """Keeps the process's BLAS (numpy's OpenBLAS) to one thread, when threadpoolctl is here.

    A query's vector is a few small matrix products. With one BLAS thread per core, on a
    small machine where the database and other requests share the cores, those threads
    wait for each other: measured on 2 cores under load, embedding a query took p50 3 ms but
    p95 100 ms; with one thread p50 2 ms, p95 6-10 ms. Applies to the whole process (BLAS
    has no per-call setting); bulk imports run in their own process.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # not installed: set OPENBLAS_NUM_THREADS=1 in the environment
        return
    threadpool_limits(limits=1, user_api="blas")


class PostgresCatalog:
    """`CatalogClient` over the `products` and `product_variants` tables."""

    def __init__(
        self,
        pool: AsyncConnectionPool,
        *,
        embedder: Embedder | None | Literal["default"] = "default",
    ) -> None:
        """Reads through connections of the pool.

        Args:
            pool: The service's pool.
            embedder: The model for semantic search; "default" loads the one the settings
                name (`BALCAO_EMBEDDINGS`) on the first search; None searches by words alone.
        """
        self._pool = pool
        self._stems = StemCache()
        self._embedder = embedder
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        # (store, model) -> when the store was last seen to have vectors of the model.
        self._vectors_seen: dict[tuple[str, str], float] = {}

    async def embedder(self) -> Embedder | None:
        """The model semantic search uses (loaded off the event loop on first use)."""
        if self._embedder == "default":
            self._embedder = await asyncio.to_thread(default_embedder)
        return self._embedder

    async def _query_vector(self, embedder: Embedder, text: str) -> list[float]:
        key = " ".join(text.lower().split())
        vector = self._vectors.get(key)
        if vector is None:
            _one_blas_thread()
            vector = await asyncio.to_thread(embedder.embed_query, key)
            self._vectors[key] = vector
            if len(self._vectors) > _QUERY_CACHE_SIZE:
                self._vectors.popitem(last=False)
        else:
            self._vectors.move_to_end(key)
        return vector

    async def search(
        self,
        store_id: str,
        query: str,
        *,
        price_min: Decimal | None = None,
        price_max: Decimal | None = None,
        size: str | None = None,
        color: str | None = None,
        category: str | None = None,
        limit: int = 5,
        skus: list[str] | None = None,
    ) -> list[ProductHit]:
        """Products matching words and meaning, and the filters; in stock first, best first.

        Args:
            store_id: The store.
            query: Free text ("tênis de corrida", "garafa termica", "running shoes"); an
                empty query lists the products passing the filters by name.
            price_min: Lowest effective price (a variant's own, or the product's).
            price_max: Highest effective price.
            size: Size of a variant ("M", "42"); matches the tamanho/size attribute.
            color: Colour of a variant ("azul", "preta", "blue"); matches cor/color.
            category: Words of the category path ("tênis", "roupas"); a filter when the
                store has such a category, else just more words of the query.
            limit: Most hits returned.
            skus: Only among these products (product or variant skus), e.g. the list the
                buyer was just shown ("the blue one in 42").

        Returns:
            Hits with score, stock state under the filters and the matching in-stock
            variants. Out-of-stock hits come last.
        """
        filters = Filters.build(
            price_min=price_min, price_max=price_max, size=size, color=color, category=category
        )
        embedder = await self.embedder()
        meaningful = query_words(query)
        if limit > 0 and meaningful:
            if filters.category_words:
                # With words, a category the classifier saw ("relógio") is one more word, not
                # a hard filter: the store may file a smartwatch under Eletrônicos.
                meaningful += [w for w in filters.category_words if w not in meaningful]
            hits = await self._search_words(
                store_id, query, meaningful, filters, embedder, limit=limit, skus=skus
            )
            if hits is not None:
                return hits
        # No words to search by: list the products passing the filters.
        async with self._pool.connection() as conn:
            vector = None
            if embedder is not None and query.strip() and await has_vectors(
                conn, store_id, embedder
            ):
                vector = await self._query_vector(embedder, query)
            matches = await find(
                conn,
                store_id,
                query,
                filters,
                limit=limit,
                stems=self._stems,
                embedder=embedder,
                query_vector=vector,
                skus=skus,
            )
            products = await load_products(conn, store_id, [m.product_id for m in matches])
        hits = []
        for match in matches:
            product = products[match.product_id]
            wanted = set(match.variant_skus)
            hits.append(
                ProductHit(
                    product=product,
                    score=match.score,
                    in_stock=match.in_stock,
                    matching_variants=[v for v in product.variants if v.sku in wanted],
                )
            )
        return hits

    async def _search_words(
        self,
        store_id: str,
        query: str,
        meaningful: list[str],
        filters: Filters,
        embedder: Embedder | None,
        *,
        limit: int,
        skus: list[str] | None,
    ) -> list[ProductHit] | None:
        """A search with words in two round trips (`search_once`); None when no word counts."""
        loop = asyncio.get_running_loop()
        key = (store_id, embedder.name) if embedder is not None else None
        known = key is not None and loop.time() - self._vectors_seen.get(key, -1e9) < (
            _HAS_VECTORS_TTL
        )
        embedding: asyncio.Task[list[float]] | None = None
        if embedder is not None and known:
            # The model works in a thread while the database looks up the words.
            embedding = asyncio.ensure_future(self._query_vector(embedder, query))
        try:
            async with self._pool.connection() as conn:
                ids = await product_ids(conn, store_id, skus) if skus is not None else None
                if ids == []:
                    return []
                prepared = await search_once.prepare(
                    conn,
                    store_id,
                    meaningful,
                    self._stems,
                    vectors_of=embedder if embedder is not None and not known else None,
                )
                if not prepared.terms.queries:
                    return None
                vector = None
                if embedding is not None:
                    vector = await embedding
                elif embedder is not None and prepared.has_vectors:
                    self._vectors_seen[key] = loop.time()  # type: ignore[index]
                    vector = await self._query_vector(embedder, query)
                found = await search_once.run(
                    conn,
                    store_id,
                    prepared.terms,
                    filters,
                    limit=limit,
                    embedder=embedder if vector is not None else None,
                    query_vector=vector,
                    ids=ids,
                )
        finally:
            if embedding is not None and not embedding.done():
                embedding.cancel()
        hits = []
        for hit in found:
            product = product_from_row(hit.row)
            wanted = set(hit.variant_skus)
            hits.append(
                ProductHit(
                    product=product,
                    score=round(hit.score, 4),
                    in_stock=hit.in_stock,
                    matching_variants=[v for v in product.variants if v.sku in wanted],
                )
            )
        return hits

    async def get(self, store_id: str, sku: str) -> Product | None:
        """The product with this sku, or owning a variant with it.

        Args:
            store_id: The store.
            sku: A product's or a variant's sku.

        Returns:
            The product (with `selected_variant` set when a variant's sku was given), or None.
        """
        async with self._pool.connection() as conn:
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

    async def related(
        self, store_id: str, skus: list[str], *, exclude: set[str], limit: int = 3
    ) -> list[Product]:
        """In-stock complements of the given products.

        The products' hand-picked `related_skus` come first, in catalog order; the rest is
        filled with in-stock products of the same category, then of the same top-level
        category. The given products themselves are never returned.

        Args:
            store_id: The store.
            skus: Product or variant skus (e.g. what was just added to the cart).
            exclude: Skus not to suggest (e.g. the cart's); a product is left out when its
                sku or any of its variants' is here.
            limit: Most products returned.

        Returns:
            Up to `limit` products, all in stock.
        """
        if limit <= 0:
            return []
        async with self._pool.connection() as conn:
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
            seed_ids = [row["id"] for row in seeds]
            picked = list(dict.fromkeys(s for row in seeds for s in row["related_skus"]))
            categories = sorted({row["category"] for row in seeds if row["category"]})
            tops = sorted({c.split(" > ")[0] for c in categories})
            params: dict[str, Any] = {
                "store": store_id,
                "seeds": seed_ids,
                "exclude": sorted(exclude),
                "picked": picked,
                "categories": categories,
                "tops": tops,
                "limit": limit,
            }
            rows = await fetch_rows(
                conn,
                f"""
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
                """,
                params,
            )
            ids = [row["id"] for row in rows]
            products = await load_products(conn, store_id, ids)
        return [products[i] for i in ids]

    async def recommend(
        self,
        store_id: str,
        skus: list[str],
        *,
        exclude: set[str],
        limit: int = 3,
        query: str | None = None,
    ) -> list[Recommendation]:
        """Products to suggest after some were added, or after a search found nothing.

        See `tools.catalog.recommendations` for the order of sources.

        Args:
            store_id: The store.
            skus: Product or variant skus just added (empty after a failed search).
            exclude: Skus never to suggest (the cart's), product or variant.
            limit: Most suggestions.
            query: The failed search's words: "similar" then means near them.

        Returns:
            Suggestions in order, all in stock, none excluded.
        """
        embedder = await self.embedder()
        async with self._pool.connection() as conn:
            vector = None
            if embedder is not None and not await has_vectors(conn, store_id, embedder):
                embedder = None
            if embedder is not None and query and query.strip() and not skus:
                vector = await self._query_vector(embedder, query)
            picks = await recommend(
                conn,
                store_id,
                skus,
                exclude=exclude,
                limit=limit,
                embedder=embedder,
                query_vector=vector,
            )
            products = await load_products(conn, store_id, [p.product_id for p in picks])
        return [Recommendation(product=products[p.product_id], reason=p.reason) for p in picks]

    async def categories(self, store_id: str) -> list[tuple[str, int]]:
        """Top-level categories with how many products each has.

        Args:
            store_id: The store.

        Returns:
            (name, count) pairs, most products first, then by name; products without a
            category are not counted.
        """
        async with self._pool.connection() as conn:
            rows = await fetch_rows(
                conn,
                "SELECT split_part(category, ' > ', 1) AS name, count(*) AS n FROM products"
                " WHERE store_id = %s AND category <> ''"
                " GROUP BY 1 ORDER BY n DESC, name",
                (store_id,),
            )
        return [(row["name"], int(row["n"])) for row in rows]
