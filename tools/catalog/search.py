"""Catalog search: a buyer's words and filters into ranked products, in two round trips.

1. **Words** (`terms.prepare`): the store's corrections for the query's words, the stems of
   every word the process has not seen yet and, unless known from the last minute, whether the
   store has vectors of the model: one statement. The query's vector is embedded in a thread
   meanwhile (`query_vectors.py`).
2. **Everything else** (`ranking.statement`): full text, the HNSW scan, fusion, the filters and
   stock state, the in-stock-first order and the hits' products and variants: one statement,
   pipelined with its transaction and settings.

A query without meaningful words lists the products passing the filters (browsing), through the
same statement with no retriever on. With words, a category the classifier saw ("relógio") is
one more word, not a hard filter: the store may file a smartwatch under Eletrônicos; browsing,
it filters.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from psycopg import pq
from psycopg.rows import dict_row

from balcao.db.connect import AnyConnection, Pool
from tools.catalog.embeddings import Embedder
from tools.catalog.filters import Filters
from tools.catalog.loading import product_from_row, product_ids
from tools.catalog.models import Product, ProductHit
from tools.catalog.product_cache import ProductCache, known_catalog_version
from tools.catalog.query_vectors import QueryVectors
from tools.catalog.ranking import Ranking, Statement, statement
from tools.catalog.terms import StemCache, WordFacts, prepare, query_words

Retrievers = Literal["hybrid", "lexical", "semantic"]
"""Both retrievers fused (what the service runs), or one alone (the eval compares them)."""


class ProductSearch:
    """Searches the stores' products through a pool; keeps the process's stems."""

    def __init__(
        self,
        pool: Pool,
        vectors: QueryVectors,
        products: ProductCache,
        *,
        retrievers: Retrievers = "hybrid",
    ) -> None:
        """Searches through connections of the pool.

        Args:
            pool: The service's pool.
            vectors: Where query vectors are embedded and remembered.
            products: The catalog's products at their catalog version, shared with its
                reads: a hit whose product is there at the turn's version is not built again.
            retrievers: Which retrievers rank (`hybrid` everywhere but in the eval).
        """
        self._pool = pool
        self._vectors = vectors
        self._products = products
        self._stems = StemCache()
        self._facts = WordFacts()
        self._retrievers = retrievers

    async def find(
        self,
        store_id: str,
        query: str,
        filters: Filters,
        *,
        embedder: Embedder | None,
        limit: int,
        skus: list[str] | None,
    ) -> list[ProductHit]:
        """Products matching words and meaning, and the filters; in stock first, best first.

        Args:
            store_id: The store.
            query: Free text; no meaningful word lists the products passing the filters.
            filters: Normalized filters.
            embedder: The model for meaning, or None for words alone.
            limit: Most hits.
            skus: Only among these products (product or variant skus), or None.

        Returns:
            Hits with score (0 when browsing), stock state under the filters and the
            matching in-stock variants; out-of-stock hits last.
        """
        if limit <= 0:
            return []
        if self._retrievers == "lexical":
            embedder = None
        words = query_words(query)
        if words:
            words += [w for w in filters.category_words if w not in words]
            hits = await self._by_words(
                store_id, query, words, filters, embedder, limit=limit, skus=skus
            )
            if hits is not None:
                return hits
        return await self._browse(store_id, filters, limit=limit, skus=skus)

    async def _by_words(
        self,
        store_id: str,
        query: str,
        words: list[str],
        filters: Filters,
        embedder: Embedder | None,
        *,
        limit: int,
        skus: list[str] | None,
    ) -> list[ProductHit] | None:
        """A search with words in two round trips; None when no word counts (stop words)."""
        known = embedder is not None and self._vectors.has_vectors(store_id, embedder)
        embedding: asyncio.Task[list[float]] | None = None
        if embedder is not None and known:
            # The model works in a thread while the database looks up the words.
            embedding = asyncio.ensure_future(self._vectors.vector(embedder, query))
        try:
            async with self._pool.connection() as conn:
                ids = await product_ids(conn, store_id, skus) if skus is not None else None
                if ids == []:
                    return []
                prepared = await prepare(
                    conn, store_id, words, self._stems, vectors_of=None if known else embedder,
                    facts=self._facts,
                )
                if not prepared.terms.queries and not prepared.terms.dropped:
                    return None  # stop words alone: browse
                vector = None
                if embedding is not None:
                    vector = await embedding
                elif embedder is not None and prepared.has_vectors:
                    self._vectors.saw_vectors(store_id, embedder)
                    vector = await self._vectors.vector(embedder, query)
                by_words = prepared.terms.queries and self._retrievers != "semantic"
                ranking = Ranking(
                    words=prepared.terms if by_words else None,
                    embedder=embedder if vector is not None else None,
                    vector=vector,
                )
                if ranking.browsing:
                    return []  # no word the store has, and no vectors to search by meaning
                return await self._hits(
                    conn, store_id, statement(store_id, ranking, filters, limit=limit, ids=ids)
                )
        finally:
            if embedding is not None and not embedding.done():
                embedding.cancel()

    async def _browse(
        self, store_id: str, filters: Filters, *, limit: int, skus: list[str] | None
    ) -> list[ProductHit]:
        """No words to search by: the products passing the filters; a category filters too."""
        async with self._pool.connection() as conn:
            ids = await product_ids(conn, store_id, skus) if skus is not None else None
            if ids == []:
                return []
            category = None
            if filters.category_words:
                prepared = await prepare(
                    conn, store_id, filters.category_words, self._stems, correct=False
                )
                category = prepared.terms if prepared.terms.queries else None
            ranking = Ranking(category=category)
            return await self._hits(
                conn, store_id, statement(store_id, ranking, filters, limit=limit, ids=ids))

    async def _hits(self, conn: AnyConnection, store_id: str, ranked: Statement
                    ) -> list[ProductHit]:
        """Runs the ranking statement; its rows as hits with their products."""
        version = known_catalog_version(store_id)
        return [_hit(row, self._product(store_id, version, row))
                for row in await _execute(conn, ranked)]

    def _product(self, store_id: str, version: int | None, row: dict[str, Any]) -> Product:
        """The hit's product: from memory when read at the turn's catalog version (a turn's
        resolver and `retrieve` often find the same products), else built from its row and
        kept. A row read after a write that the turn's version predates is kept under the
        older version: what `PostgresCatalog.get` does too (product_cache.py)."""
        if version is None:  # not a worker's turn (the CLI, the golden runner): no version
            return product_from_row(row)
        _, product = self._products.get(store_id, row["sku"], version)
        if product is None:  # not kept, or kept as missing by a `get` racing a write
            product = product_from_row(row)
            self._products.put(store_id, row["sku"], version, product)
        return product


def _hit(row: dict[str, Any], product: Product) -> ProductHit:
    wanted = set(row["variant_skus"])
    return ProductHit(
        product=product,
        score=round(float(row["score"]), 4),
        in_stock=row["in_stock"],
        matching_variants=[v for v in product.variants if v.sku in wanted],
    )


async def _execute(conn: AnyConnection, ranked: Statement) -> list[dict[str, Any]]:
    """The statement's rows; with settings, in a transaction of its own, in one round trip."""
    cur = conn.cursor(row_factory=dict_row)
    settings = "SELECT " + ", ".join(ranked.settings)
    # Unprepared: planned with the real tsquery and vector each time (a generic plan
    # misjudges how many rows a word matches and cannot use the HNSW index).
    if not ranked.settings:
        await cur.execute(ranked.sql, ranked.params, prepare=False)
    elif conn.autocommit:
        # BEGIN, the settings, the statement and COMMIT sent together.
        try:
            async with conn.pipeline():
                await conn.execute("BEGIN")
                await conn.execute(settings)
                await cur.execute(ranked.sql, ranked.params, prepare=False)
                await conn.execute("COMMIT")
        except BaseException:
            if conn.pgconn.transaction_status != pq.TransactionStatus.IDLE and not conn.closed:
                await conn.execute("ROLLBACK")
            raise
    else:
        async with conn.transaction():
            await conn.execute(settings)
            await cur.execute(ranked.sql, ranked.params, prepare=False)
    rows = await cur.fetchall()
    await cur.close()
    return rows
