"""How a search is ranked: the one statement every search runs, whichever retrievers are on.

- **Full text** (`Ranking.words`, GIN on `search_tsv`): a product is a candidate when it matches
  at least `MIN_COVERAGE` of the query's weighted groups (`terms.py`). Candidates rank by that
  coverage, then by `ts_rank` (name over category, brand and tags, over description, over
  attribute values); the best `LEXICAL_CANDIDATES` passing the filters count.
- **Meaning** (`Ranking.vector`, HNSW on the product vectors, `embeddings/`): the `NEAREST`
  products to the query's vector. One found by meaning alone must be at least the model's
  `min_similarity` close, so a store that sells no fridges answers a fridge query with nothing.
- **Fusion**: weighted reciprocal rank fusion. Plain RRF forgets how well a product matched: the
  only full match of "garrafa térmica" and a "caneca térmica" matching half the words would
  score alike if the model put the mug first, so the full-text term is scaled by coverage.
- **Browsing** (neither retriever): the products passing the filters and, when one is named,
  the category, by name.

Then, for every search: the filters decide what can be bought (`filters.py`), in-stock hits come
first (the rest follow, flagged), and the hits' products and variants come back with them, all
in one statement. Production (`search.py`) and the eval's configurations (full text alone,
meaning alone, both) run this statement; only which retrievers are on differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.catalog.embeddings import Embedder
from tools.catalog.embeddings.store import EF_SEARCH, NEAREST, vector_text
from tools.catalog.filters import IN_CATEGORY, PASSES_FILTERS, Filters, available, filter_params
from tools.catalog.loading import HIT_PRODUCTS_SQL
from tools.catalog.terms import Terms

# The share of a query's (weighted) groups a full-text candidate must match.
MIN_COVERAGE = 0.5
# Full-text hits the fusion considers.
LEXICAL_CANDIDATES = 60
# RRF's k: how fast a lower rank stops counting. Tuned on evals/search (RESULTS.md); the
# usual 60 flattens a 60-product catalog's ranks until they barely differ.
RRF_K = 10
# Full text is the more precise signal for product names; meaning fills in what words miss.
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 0.8
# Above this many groups, all rows matching any group are scored at once (too many subsets).
MAX_TIERED_GROUPS = 6


@dataclass(frozen=True)
class Ranking:
    """What one search ranks by: words, meaning, both, or neither (browsing)."""

    words: Terms | None = None
    """The query's groups (at least one): full text is on."""
    embedder: Embedder | None = None
    vector: list[float] | None = None
    """The query's vector of `embedder`: meaning is on."""
    category: Terms | None = None
    """Browsing only: groups the product's category must all match."""

    @property
    def browsing(self) -> bool:
        """Whether no retriever is on: the products passing the filters, by name."""
        return self.words is None and self.vector is None


@dataclass(frozen=True)
class Statement:
    """The ranking statement, its parameters and its transaction's settings."""

    sql: str
    params: dict[str, Any]
    settings: list[str]
    """`set_config` calls to run first in the same transaction (none: no transaction)."""


def statement(
    store_id: str, ranking: Ranking, filters: Filters, *, limit: int, ids: list[int] | None
) -> Statement:
    """The statement ranking a search, with the hits' products and variants.

    Args:
        store_id: The store.
        ranking: The retrievers on, and what they search by.
        filters: Normalized filters.
        limit: Most hits.
        ids: Only among these products, or None.

    Returns:
        A statement whose rows are the hits (`hit_id`, `score`, `in_stock`, `variant_skus`),
        in stock first, then by score (by name when browsing), with the product's columns
        and its variants' as arrays (`v_sku`, `v_attributes`, `v_price`, `v_stock`).
    """
    if ranking.vector is not None and ranking.embedder is None:
        raise ValueError("a query vector needs the model it came from")
    words = ranking.words or Terms()
    tiers = coverage_tiers(words) if ranking.words is not None else []
    semantic = ranking.embedder if ranking.vector is not None else None
    params = {
        "store_id": store_id,
        **{f"g{i}": q for i, q in enumerate(words.queries)},
        **{f"w{i}": w for i, w in enumerate(words.weights)},
        **{f"t{i}": t for i, t in enumerate(tiers)},
        "total": sum(words.weights),
        "any": words.any_query,
        "category": ranking.category.all_query if ranking.category is not None else None,
        "ids": ids,
        "q": vector_text(ranking.vector) if ranking.vector is not None else None,
        "k": RRF_K,
        "min_sim": semantic.min_similarity if semantic is not None else 1.0,
        "limit": limit,
        **filter_params(filters),
    }
    restrict = "AND p.id = ANY(%(ids)s::bigint[])" if ids is not None else ""
    if ranking.browsing:
        category = IN_CATEGORY if ranking.category is not None else ""
        sql = "WITH " + available(
            "products p",
            "p.id, 0::float8 AS score",
            where=f"{restrict} {category}",
            order="in_stock DESC, p.name, p.id",
        )
        sql += f"{HIT_PRODUCTS_SQL}ORDER BY h.in_stock DESC, p.name, h.id"
    else:
        lexical = _lexical_ctes(words, tiers, filters, restrict) if ranking.words else _NO_LEX
        sql = f"WITH {lexical}{_semantic_cte(semantic, ids is not None)}{_FUSED}"
        sql += available(
            "fused f JOIN products p ON p.id = f.id",
            "f.id, f.score",
            where="",
            order="in_stock DESC, f.score DESC, f.id",
        )
        sql += f"{HIT_PRODUCTS_SQL}ORDER BY h.in_stock DESC, h.score DESC, h.id"
    return Statement(sql, params, _settings(ranking))


def _settings(ranking: Ranking) -> list[str]:
    # A tier's tsquery can be long (prefixes, synonyms, corrections): the planner then prefers
    # testing it on every row of the store over the GIN index, 5-10x slower. Several stores
    # share the HNSW index: keep scanning until enough of this store's rows are found
    # (`embeddings.store.nearest` does the same).
    if ranking.browsing:
        return []
    settings = ["set_config('enable_seqscan', 'off', true)"]
    if ranking.vector is not None:
        settings += [
            "set_config('hnsw.iterative_scan', 'relaxed_order', true)",
            f"set_config('hnsw.ef_search', '{int(EF_SEARCH)}', true)",
        ]
    return settings


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


def _lexical_ctes(terms: Terms, tiers: list[str], filters: Filters, restrict: str) -> str:
    """Full-text candidates tier by tier (`coverage_tiers`), then the best of them ranked."""
    passes = f"AND {PASSES_FILTERS}" if filters.on_variants else ""
    # The coverage of a row, inline (one test per group, no subplan per row).
    coverage = " + ".join(
        f"CASE WHEN p.search_tsv @@ %(g{i})s::text::tsquery THEN %(w{i})s::float8 ELSE 0 END"
        for i in range(len(terms.queries))
    )
    levels = []
    for i in range(len(tiers)):
        before = f"AND NOT p.search_tsv @@ %(t{i - 1})s::text::tsquery" if i else ""
        earlier = " + ".join(f"(SELECT count(*) FROM t{j})" for j in range(i))
        gate = f"AND ({earlier}) < {LEXICAL_CANDIDATES}" if i else ""
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
    return f"""{"".join(levels)}
lex AS (
    SELECT id, coverage, row_number() OVER (ORDER BY coverage DESC, rank DESC, id) AS r
    FROM (
        SELECT s.id, s.coverage, s.rank FROM ({union}) s
        ORDER BY s.coverage DESC, s.rank DESC, s.id
        LIMIT {LEXICAL_CANDIDATES}
    ) t
),"""


_NO_LEX = "lex AS (SELECT NULL::bigint AS id, NULL::float8 AS coverage, 0 AS r WHERE false),"


def _semantic_cte(embedder: Embedder | None, restricted: bool) -> str:
    """The nearest products by meaning, nearest first (none without a model)."""
    if embedder is None:
        return "sem AS (SELECT NULL::bigint AS id, NULL::float8 AS sim, 0 AS r WHERE false),"
    dim = int(embedder.dimension)
    # The model's name as a literal, so the planner matches its partial HNSW index.
    model = "'" + embedder.name.replace("'", "''") + "'"
    only = "AND product_id = ANY(%(ids)s::bigint[])" if restricted else ""
    return f"""
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


# Weighted reciprocal rank fusion; a product found by meaning alone must be close enough.
_FUSED = f"""
fused AS (
    SELECT coalesce(l.id, s.id) AS id,
           coalesce({LEXICAL_WEIGHT}::float8 * l.coverage / (%(k)s + l.r), 0)
           + CASE WHEN s.id IS NOT NULL AND (l.id IS NOT NULL OR s.sim >= %(min_sim)s::float8)
                  THEN {SEMANTIC_WEIGHT}::float8 / (%(k)s + s.r) ELSE 0 END AS score
    FROM lex l FULL JOIN sem s ON s.id = l.id
    WHERE l.id IS NOT NULL OR s.sim >= %(min_sim)s::float8
),"""


