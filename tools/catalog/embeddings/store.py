"""Product vectors in `product_embeddings`: what is embedded, when, and the nearest search.

Each model's vectors have their own partial HNSW index on `embedding::vector(N)` (pgvector's
way to index a column whose rows differ in dimension); `ensure_index` creates it the first
time a model stores vectors. Queries name the model and the dimension literally, so the
planner can match that index even with prepared statements.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row

from balcao.db.connect import AnyConnection, fetch_row
from tools.catalog.embeddings import Embedder

# Products embedded per model call: big enough to amortize, small enough to bound memory.
BATCH = 64
# How many nearest products the semantic side of a search proposes.
NEAREST = 40
# Candidates the HNSW scan visits; pgvector's default (40) misses neighbours past ~10k rows.
EF_SEARCH = 80


def embedding_text(row: dict[str, Any]) -> str:
    """What a product's vector is made from: name, category path, brand, tags, description.

    Args:
        row: A product with `name`, `category`, `brand`, `tags` and `description`.

    Returns:
        One passage, most telling parts first (models read the start best).
    """
    parts = [
        row["name"],
        (row.get("category") or "").replace(" > ", ", "),
        row.get("brand") or "",
        ", ".join(row.get("tags") or []),
        (row.get("description") or "")[:400],
    ]
    return ". ".join(p for p in parts if p)


def index_name(embedder: Embedder) -> str:
    """The name of the model's HNSW index (Postgres names are at most 63 bytes)."""
    digest = hashlib.md5(embedder.name.encode()).hexdigest()[:12]
    return f"product_embeddings_hnsw_{digest}"


async def ensure_index(conn: AnyConnection, embedder: Embedder) -> None:
    """Creates the model's partial HNSW index (cosine distance) unless it exists."""
    await conn.execute(
        sql.SQL(
            "CREATE INDEX IF NOT EXISTS {name} ON product_embeddings USING hnsw"
            " ((embedding::vector({dim})) vector_cosine_ops) WHERE model = {model}"
        ).format(
            name=sql.Identifier(index_name(embedder)),
            dim=sql.Literal(int(embedder.dimension)),
            model=sql.Literal(embedder.name),
        )
    )


async def embed_products(
    conn: AnyConnection, store_id: str, embedder: Embedder, *, skus: list[str] | None = None
) -> int:
    """Stores vectors for the store's products whose text changed or that have none.

    Args:
        conn: A connection (inside the import's transaction, or autocommit).
        store_id: The store.
        embedder: The model.
        skus: Only these products (e.g. an import's); None for the whole store.

    Returns:
        How many products were embedded now.
    """
    await ensure_index(conn, embedder)
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT p.id, p.name, p.category, p.brand, p.tags, p.description, e.text_hash"
            " FROM products p LEFT JOIN product_embeddings e"
            "   ON e.product_id = p.id AND e.model = %(model)s"
            " WHERE p.store_id = %(store)s"
            "   AND (%(skus)s::text[] IS NULL OR p.sku = ANY(%(skus)s::text[]))"
            " ORDER BY p.id",
            {"model": embedder.name, "store": store_id, "skus": skus},
        )
        rows = await cur.fetchall()
    stale = []
    for row in rows:
        text = embedding_text(row)
        digest = hashlib.md5(text.encode()).hexdigest()
        if row["text_hash"] != digest:
            stale.append((row["id"], text, digest))
    for start in range(0, len(stale), BATCH):
        batch = stale[start : start + BATCH]
        # The model is CPU-bound: off the event loop.
        vectors = await asyncio.to_thread(embedder.embed_documents, [t for _, t, _ in batch])
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO product_embeddings (product_id, model, store_id, text_hash, embedding)"
                " VALUES (%s, %s, %s, %s, %s::vector)"
                " ON CONFLICT (product_id, model) DO UPDATE SET"
                "   text_hash = EXCLUDED.text_hash, embedding = EXCLUDED.embedding",
                [
                    (pid, embedder.name, store_id, digest, vector_text(vec))
                    for (pid, _, digest), vec in zip(batch, vectors, strict=True)
                ],
            )
    return len(stale)


async def has_vectors(conn: AnyConnection, store_id: str, embedder: Embedder) -> bool:
    """Whether any product of the store has a vector of this model."""
    cur = await conn.execute(
        "SELECT EXISTS (SELECT 1 FROM product_embeddings WHERE store_id = %s AND model = %s)",
        (store_id, embedder.name),
    )
    row = await fetch_row(cur, "EXISTS")  # any row factory: dict or tuple rows
    return bool(row["exists"] if isinstance(row, dict) else row[0])


async def nearest(
    conn: AnyConnection,
    store_id: str,
    embedder: Embedder,
    query_vector: list[float],
    *,
    limit: int = NEAREST,
    product_ids: list[int] | None = None,
) -> list[tuple[int, float]]:
    """The store's products nearest in meaning to a query vector, through the HNSW index.

    Must run inside a transaction (it sets the scan's parameters for that transaction only).

    Args:
        conn: A connection inside a transaction.
        store_id: The store.
        embedder: The model the vector came from.
        query_vector: The query's vector.
        limit: Most products returned.
        product_ids: Only among these products (exact distances, no index), or None.

    Returns:
        (product id, cosine similarity) pairs, nearest first.
    """
    dim = int(embedder.dimension)
    # Several stores share the index: keep scanning until enough rows of this store are found.
    await conn.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
    await conn.execute(sql.SQL("SET LOCAL hnsw.ef_search = {}").format(sql.Literal(EF_SEARCH)))
    query = sql.SQL(
        "SELECT product_id, 1 - (embedding::vector({dim}) <=> %(q)s::vector({dim})) AS sim"
        " FROM product_embeddings"
        " WHERE model = {model} AND store_id = %(store)s {only}"
        " ORDER BY embedding::vector({dim}) <=> %(q)s::vector({dim})"
        " LIMIT %(limit)s"
    ).format(
        dim=sql.Literal(dim),
        model=sql.Literal(embedder.name),
        only=sql.SQL("AND product_id = ANY(%(ids)s::bigint[])" if product_ids is not None else ""),
    )
    async with conn.cursor() as cur:
        # Unprepared: a generic plan of a prepared statement cannot see the vector and
        # falls back to scanning every row (10x slower past the 5th execution).
        await cur.execute(
            query,
            {"q": vector_text(query_vector), "store": store_id, "ids": product_ids, "limit": limit},
            prepare=False,
        )
        rows = await cur.fetchall()
    # relaxed_order may return a few rows slightly out of order.
    pairs = [(int(_col(r, 0, "product_id")), float(_col(r, 1, "sim"))) for r in rows]
    return sorted(pairs, key=lambda p: -p[1])


def vector_text(values: Sequence[float]) -> str:
    """pgvector's text form of a vector (no dependency on the pgvector adapter's
    registration); a query vector's was made once, when it was embedded (`QueryVector`)."""
    made = getattr(values, "text", None)
    return made if isinstance(made, str) else format_vector(values)


def format_vector(values: Sequence[float]) -> str:
    """Writes the text form (~0.3 ms for 512 numbers, so a repeated query keeps it)."""
    return "[" + ",".join(f"{v:.7g}" for v in values) + "]"


def _col(row: Any, index: int, key: str) -> Any:
    return row[key] if isinstance(row, dict) else row[index]
