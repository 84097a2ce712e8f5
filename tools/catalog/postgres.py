"""`CatalogClient` on the project's Postgres: search, reads and recommendations, one pool."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Literal

from balcao.db.connect import Pool
from tools.catalog.embeddings import Embedder, default_embedder
from tools.catalog.embeddings.store import has_vectors
from tools.catalog.filters import Filters
from tools.catalog.loading import load_products
from tools.catalog.models import Product, ProductHit, Recommendation
from tools.catalog.product_cache import (
    ProductCache,
    known_catalog_version,
    read_catalog_version,
)
from tools.catalog.query_vectors import QueryVectors
from tools.catalog.reads import category_counts, get_product, related_products
from tools.catalog.recommendations import recommend
from tools.catalog.search import ProductSearch, Retrievers


class PostgresCatalog:
    """`CatalogClient` over the `products` and `product_variants` tables."""

    def __init__(
        self,
        pool: Pool,
        *,
        embedder: Embedder | None | Literal["default"] = "default",
        retrievers: Retrievers = "hybrid",
    ) -> None:
        """Reads through connections of the pool.

        Args:
            pool: The service's pool.
            embedder: The model for semantic search; "default" loads the one the settings
                name (`BALCAO_EMBEDDINGS`) on the first search; None searches by words alone.
            retrievers: Which retrievers rank searches: both (the service), or full text or
                meaning alone (the eval's comparison).
        """
        self._pool = pool
        self._load_embedder = embedder == "default"
        self._embedder = None if isinstance(embedder, str) else embedder
        self._vectors = QueryVectors()
        self._products = ProductCache()
        self._search = ProductSearch(pool, self._vectors, self._products, retrievers=retrievers)

    async def embedder(self) -> Embedder | None:
        """The model semantic search uses (loaded off the event loop on first use)."""
        if self._load_embedder:
            self._embedder = await asyncio.to_thread(default_embedder)
            self._load_embedder = False
        return self._embedder

    def forget_query_vectors(self) -> None:
        """Drops the remembered query vectors (the benchmark times every embedding)."""
        self._vectors.forget()

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
        return await self._search.find(
            store_id, query, filters, embedder=await self.embedder(), limit=limit, skus=skus
        )

    async def get(self, store_id: str, sku: str) -> Product | None:
        """The product with this sku, or owning a variant with it (see `reads.get_product`);
        from memory when read at the store's current catalog version (`product_cache.py`)."""
        version = known_catalog_version(store_id)
        if version is not None:
            found, product = self._products.get(store_id, sku, version)
            if found:
                return product
        async with self._pool.connection() as conn:
            if version is None:
                version = await read_catalog_version(conn, store_id)
                found, product = self._products.get(store_id, sku, version)
                if found:
                    return product
            product = await get_product(conn, store_id, sku)
        self._products.put(store_id, sku, version, product)
        return product

    async def related(
        self, store_id: str, skus: list[str], *, exclude: set[str], limit: int = 3
    ) -> list[Product]:
        """In-stock complements of the given products (see `reads.related_products`)."""
        if limit <= 0:
            return []
        async with self._pool.connection() as conn:
            return await related_products(conn, store_id, skus, exclude=exclude, limit=limit)

    async def categories(self, store_id: str) -> list[tuple[str, int]]:
        """Top-level categories with their product counts, largest first, then by name."""
        async with self._pool.connection() as conn:
            return await category_counts(conn, store_id)

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
                vector = await self._vectors.vector(embedder, query)
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
