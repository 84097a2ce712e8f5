"""A search with words in two round trips: what `hybrid.find` plus loading the hits does.

`hybrid.find` asks the database one thing at a time (typo corrections, stems, the vector scan
and its settings, full text, stock details, then the products and their variants): about ten
round trips, each costing more than the work on a loaded machine. Here:

1. **Words** (`prepare`): the store's corrections for the query's words, the stems of every
   word the process has not seen yet (corrections included) and, unless already known,
   whether the store has vectors of the model: one statement.
2. **Everything else** (`run`): full text, the HNSW scan, weighted reciprocal rank fusion,
   the filters and stock state, the in-stock-first order and the hits' products and variants:
   one statement, pipelined with the transaction and the scan's settings.

The ranking is `hybrid.find`'s (same groups, coverage, `ts_rank`, fusion constants, filters,
stock order); `tests/search` and `evals/search` hold both to the same query set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection, pq, sql
from psycopg.rows import dict_row, tuple_row

from tools.catalog import lexicon
from tools.catalog.embeddings import Embedder
from tools.catalog.embeddings.store import EF_SEARCH, NEAREST
from tools.catalog.fusion import LEXICAL_WEIGHT, RRF_K, SEMANTIC_WEIGHT
from tools.catalog.search import (
    LEXICAL_CANDIDATES,
    MIN_COVERAGE,
    Filters,
    StemCache,
    Terms,
    _attribute_filters,
    alternatives_of,
    build_terms,
    filter_params,
)

# A word's Portuguese lexeme ('' for a stop word), as `StemCache` keeps it.
_STEM = "coalesce((SELECT lexeme FROM unnest(to_tsvector('portuguese', {w})) LIMIT 1), '')"


@dataclass(frozen=True)
class Prepared:
    """The query's word groups, and whether the store has vectors (None: not asked)."""

    terms: Terms
    has_vectors: bool | None


async def prepare(
    conn: AsyncConnection,
    store_id: str,
    meaningful: list[str],
    stems: StemCache,
    *,
    vectors_of: Embedder | None,
) -> Prepared:
    """The query's groups (`search.build_terms`) with corrections, in one round trip.

    Args:
        conn: A connection.
        store_id: The store.
        meaningful: The query's words (`search.query_words`, category words added).
        stems: The process's stem cache (filled with every stem seen here).
        vectors_of: Also ask whether the store has vectors of this model, or None.

    Returns:
        The groups, and the answer about vectors when asked.
    """
    # The same words `lexicon.corrections` looks up.
    wanted = [
        w
        for w in dict.fromkeys(meaningful)
        if len(w) >= lexicon.MIN_WORD_LENGTH and not w.isdigit()
    ]
    plain = {a for w in meaningful for a in alternatives_of(w)}
    missing = stems.unknown(sorted(plain))
    params: dict[str, Any] = {
        "words": wanted,
        "store": store_id,
        "min": lexicon.TYPO_SIMILARITY,
        "max": lexicon.MAX_CORRECTIONS,
        "missing": missing,
        "model": vectors_of.name if vectors_of is not None else None,
    }
    query = f"""
    SELECT 0 AS kind, q.w, c.word, {_STEM.format(w="c.word")} AS stem, c.n
    FROM unnest(%(words)s::text[]) AS q(w)
    CROSS JOIN LATERAL (
        SELECT s.word, row_number() OVER (
                   ORDER BY similarity(s.word, q.w) DESC, s.products DESC, s.word) AS n
        FROM search_words s
        WHERE s.store_id = %(store)s AND s.word %% q.w
          AND similarity(s.word, q.w) >= %(min)s
          AND NOT EXISTS (SELECT 1 FROM search_words x
                          WHERE x.store_id = %(store)s AND x.word = q.w)
        ORDER BY similarity(s.word, q.w) DESC, s.products DESC, s.word
        LIMIT %(max)s) AS c
    UNION ALL
    SELECT 1, m.w, m.w, {_STEM.format(w="m.w")}, 0 FROM unnest(%(missing)s::text[]) AS m(w)
    UNION ALL
    SELECT 2, NULL, NULL, NULL, 0 WHERE %(model)s::text IS NOT NULL
       AND EXISTS (SELECT 1 FROM product_embeddings
                   WHERE store_id = %(store)s AND model = %(model)s::text)
    """
    async with conn.cursor(row_factory=tuple_row) as cur:
        await cur.execute(query, params)
        rows = await cur.fetchall()
    fixes: dict[str, list[str]] = {}
    learned: dict[str, str] = {}
    has_vectors = False
    for kind, word, other, stem, _ in sorted(rows, key=lambda r: (r[0], r[1] or "", r[4])):
        if kind == 0:
            fixes.setdefault(word, []).append(other)
            learned[other] = stem
        elif kind == 1:
            learned[word] = stem
        else:
            has_vectors = True
    stems.remember(learned)
    terms = await build_terms(conn, meaningful, stems, fixes)
    return Prepared(terms, has_vectors if vectors_of is not None else None)


# Above this many groups, all rows matching any group are scored at once (too many subsets).
MAX_TIERED_GROUPS = 6


def coverage_tiers(terms: Terms) -> list[str]:
    """tsqueries of the rows covering at least each coverage level, highest level first.

    The full-text candidates are the best `LEXICAL_CANDIDATES` by coverage, then `ts_rank`. A
    row covering less than a level ranks below every row covering it, so once the rows at or
    above a level (passing the filters) are that many, no row below it can be a candidate:
    the statement scores tier after tier and stops there. "presente pra minha mãe" then ranks
    the few hundred products matching both words, not the thousands matching "presente".

    Args:
        terms: The query's groups.

    Returns:
        One tsquery per level that passes `MIN_COVERAGE`, from "every group" down; the last
        matches exactly the rows passing `MIN_COVERAGE`. A single `any_query` when the groups
        are too many to list their subsets.
    """
    count = len(terms.queries)
    if count > MAX_TIERED_GROUPS:
        return [terms.any_query or ""]
    total = sum(terms.weights)
    subsets = []
    for mask in range(1, 1 << count):
        members = [i for i in range(count) if mask >> i & 1]
        value = 0.0
        for i in members:
            value += terms.weights[i]  # in group order, as the statement adds them
        subsets.append((value / total, mask, members))
    levels = sorted({v for v, _, _ in subsets if v >= MIN_COVERAGE}, reverse=True)
    tiers = []
    for level in levels:
        reaching = [(mask, members) for v, mask, members in subsets if v >= level]
        # Only the minimal subsets: a row matching more matches one of them too.
        minimal = [
            members
            for mask, members in reaching
            if not any(other != mask and other & mask == other for other, _ in reaching)
        ]
        tiers.append(
            " | ".join(
                "(" + " & ".join(f"({terms.queries[i]})" for i in members) + ")"
                for members in minimal
            )
        )
    return tiers


@dataclass(frozen=True)
class Hit:
    """One hit with what building its `Product` needs."""

    product_id: int
    score: float
    in_stock: bool
    variant_skus: list[str]
    row: dict[str, Any]
    """The product's columns, and its variants' as parallel arrays (`v_sku`, ...)."""


def _run_sql(
    terms: Terms, tiers: list[str], filters: Filters, *, semantic: Embedder | None, ids: bool
) -> sql.SQL:
    restrict = "AND p.id = ANY(%(ids)s::bigint[])" if ids else ""
    passes = f"""
        AND CASE WHEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id)
             THEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id
                          AND {_attribute_filters("v.attributes", "coalesce(v.price, p.price)")})
             ELSE {_attribute_filters("p.attributes", "p.price")} END
    """ if filters.on_variants else ""
    # The coverage of a row, inline (one test per group, no subplan per row).
    coverage = " + ".join(
        f"CASE WHEN p.search_tsv @@ %(g{i})s::text::tsquery THEN %(w{i})s::float8 ELSE 0 END"
        for i in range(len(terms.queries))
    )
    levels = []
    for i in range(len(tiers)):
        before = f"AND NOT p.search_tsv @@ %(t{i - 1})s::text::tsquery" if i else ""
        gate = (
            "AND (" + " + ".join(f"(SELECT count(*) FROM t{j})" for j in range(i)) + ")"
            f" < {LEXICAL_CANDIDATES}"
            if i
            else ""
        )
        # A tier's rows sorted first, the filters then tried in that order until enough pass:
        # testing variants is the costly part ("running shoes" in red), ranking is not.
        levels.append(f"""
t{i} AS MATERIALIZED (
    SELECT p.id, p.coverage, p.rank FROM (
        SELECT p.id, p.price, p.attributes,
               ({coverage}) / %(total)s::float8 AS coverage,
               ts_rank(p.search_tsv, %(any)s::text::tsquery) AS rank
        FROM products p
        -- "IS TRUE": not a condition for the (store, sku) index, so that the only way in is
        -- the GIN index (a long tsquery looks costly to the planner, wrongly).
        WHERE p.search_tsv @@ %(t{i})s::text::tsquery AND (p.store_id = %(store_id)s) IS TRUE
          {before}
          {restrict}
          {gate}
        ORDER BY coverage DESC, rank DESC, p.id
        OFFSET 0
    ) p
    WHERE p.coverage >= {MIN_COVERAGE}
      {passes}
    LIMIT {LEXICAL_CANDIDATES}
),""")
    union = " UNION ALL ".join(f"SELECT * FROM t{i}" for i in range(len(tiers)))
    lex = f"""{"".join(levels)}
lex AS (
    SELECT id, coverage, row_number() OVER (ORDER BY coverage DESC, rank DESC, id) AS r
    FROM (
        SELECT s.id, s.coverage, s.rank FROM ({union}) s
        ORDER BY s.coverage DESC, s.rank DESC, s.id
        LIMIT {LEXICAL_CANDIDATES}
    ) t
),"""
    if semantic is not None:
        dim = int(semantic.dimension)
        model = _literal(semantic.name)
        only = "AND product_id = ANY(%(ids)s::bigint[])" if ids else ""
        sem = f"""
sem AS (
    SELECT id, sim, row_number() OVER (ORDER BY sim DESC, n) AS r FROM (
        SELECT product_id AS id,
               1 - (embedding::vector({dim}) <=> %(q)s::vector({dim})) AS sim,
               row_number() OVER () AS n
        FROM (
            SELECT product_id, embedding FROM product_embeddings
            WHERE model = {model} AND store_id = %(store_id)s {only}
            ORDER BY embedding::vector({dim}) <=> %(q)s::vector({dim})
            LIMIT {NEAREST}
        ) e
    ) t
),"""
    else:
        sem = "sem AS (SELECT NULL::bigint AS id, NULL::float8 AS sim, 0 AS r WHERE false),"
    variant_ok = _attribute_filters("v.attributes", "coalesce(v.price, p.price)")
    text = f"""
WITH {lex}
{sem}
fused AS (
    SELECT coalesce(l.id, s.id) AS id,
           coalesce({LEXICAL_WEIGHT}::float8 * l.coverage / (%(k)s + l.r), 0)
           + CASE WHEN s.id IS NOT NULL AND (l.id IS NOT NULL OR s.sim >= %(min_sim)s::float8)
                  THEN {SEMANTIC_WEIGHT}::float8 / (%(k)s + s.r) ELSE 0 END AS score
    FROM lex l FULL JOIN sem s ON s.id = l.id
    WHERE l.id IS NOT NULL OR s.sim >= %(min_sim)s::float8
),
stock AS (
    SELECT f.id, f.score,
        CASE WHEN d.n > 0 THEN coalesce(cardinality(d.available), 0) > 0
             ELSE p.stock IS NULL OR p.stock > 0 END AS in_stock,
        coalesce(d.available, '{{}}') AS variant_skus
    FROM fused f
    JOIN products p ON p.id = f.id
    CROSS JOIN LATERAL (
        SELECT count(*) AS n,
               count(*) FILTER (WHERE {variant_ok}) AS matching,
               array_agg(v.sku ORDER BY v.position)
                   FILTER (WHERE (v.stock IS NULL OR v.stock > 0) AND {variant_ok}) AS available
        FROM product_variants v WHERE v.product_id = p.id
    ) d
    WHERE p.store_id = %(store_id)s
      AND CASE WHEN d.n > 0 THEN d.matching > 0
               ELSE {_attribute_filters("p.attributes", "p.price")} END
    ORDER BY in_stock DESC, f.score DESC, f.id
    LIMIT %(limit)s
)
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
ORDER BY h.in_stock DESC, h.score DESC, h.id
"""
    return sql.SQL(text)  # type: ignore[arg-type]


def _literal(value: str) -> str:
    # A model name as an SQL string literal, so the planner matches its partial HNSW index.
    return "'" + value.replace("'", "''") + "'"


async def run(
    conn: AsyncConnection,
    store_id: str,
    terms: Terms,
    filters: Filters,
    *,
    limit: int,
    embedder: Embedder | None,
    query_vector: list[float] | None,
    ids: list[int] | None,
) -> list[Hit]:
    """Full text and meaning, fused, filtered, in stock first, with the hits' products.

    Args:
        conn: A connection in autocommit mode (a transaction is opened on it).
        store_id: The store.
        terms: The query's groups (at least one).
        filters: Normalized filters.
        limit: Most hits.
        embedder: The model of `query_vector`, or None for full text alone.
        query_vector: The query's vector, or None.
        ids: Only among these products, or None.

    Returns:
        Hits in stock first, then by fused score.
    """
    semantic = embedder if embedder is not None and query_vector is not None else None
    tiers = coverage_tiers(terms)
    params = {
        "store_id": store_id,
        **{f"g{i}": q for i, q in enumerate(terms.queries)},
        **{f"w{i}": w for i, w in enumerate(terms.weights)},
        **{f"t{i}": t for i, t in enumerate(tiers)},
        "total": sum(terms.weights),
        "any": terms.any_query,
        "ids": ids,
        "q": _vector(query_vector) if semantic is not None else None,
        "k": RRF_K,
        "min_sim": embedder.min_similarity if embedder is not None else 1.0,
        "limit": limit,
        **filter_params(filters),
    }
    statement = _run_sql(terms, tiers, filters, semantic=semantic, ids=ids is not None)
    # Settings for this transaction only. A tier's tsquery can be long (prefixes, synonyms,
    # corrections): the planner then prefers testing it on every row of the store over the
    # GIN index, 5-10x slower. Several stores share the HNSW index: keep scanning until
    # enough of this store's rows are found (`embeddings.store.nearest` does the same).
    settings = "SELECT set_config('enable_seqscan', 'off', true)"
    if semantic is not None:
        settings += (
            ", set_config('hnsw.iterative_scan', 'relaxed_order', true)"
            f", set_config('hnsw.ef_search', '{int(EF_SEARCH)}', true)"
        )
    cur = conn.cursor(row_factory=dict_row)
    if conn.autocommit:
        # One round trip: BEGIN, settings, the search and COMMIT sent together.
        try:
            async with conn.pipeline():
                await conn.execute("BEGIN")
                await conn.execute(settings)
                # Unprepared: planned with the real tsquery and vector each time (a generic
                # plan misjudges how many rows a word matches and cannot use the HNSW index).
                await cur.execute(statement, params, prepare=False)
                await conn.execute("COMMIT")
        except BaseException:
            if conn.pgconn.transaction_status != pq.TransactionStatus.IDLE and not conn.closed:
                await conn.execute("ROLLBACK")
            raise
    else:
        async with conn.transaction():
            await conn.execute(settings)
            await cur.execute(statement, params, prepare=False)
    rows = await cur.fetchall()
    await cur.close()
    return [
        Hit(row["hit_id"], float(row["score"]), row["in_stock"], list(row["variant_skus"]), row)
        for row in rows
    ]


def _vector(values: list[float]) -> str:
    # pgvector's text form, as `embeddings.store` writes it.
    return "[" + ",".join(f"{v:.7g}" for v in values) + "]"
