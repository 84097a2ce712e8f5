"""Catalog search: a buyer's words and filters into ranked products, through indexes only.

Two retrievers run on the store's products and their rankings are fused:

- **Full text** (GIN on `search_tsv`). The query is split into meaningful words (filler such as
  "quero" and Portuguese stop words dropped). Each word is a *group* that matches its
  Portuguese stem, a word starting with it (or with its stem), its English-to-Portuguese
  synonyms, and, when the store does not use the word as written, the store words closest to it
  by trigrams (`lexicon.py`: "garafa" → "garrafa"). A product is a hit when it matches at least
  half of the groups (numbers weigh a quarter: "até 300" must not sink a match). Hits rank by
  that coverage, then by `ts_rank` (name over category, brand and tags, over description, over
  attribute values).
- **Meaning** (HNSW on the product vectors, `embeddings/`): the products nearest to the query's
  vector. One found by meaning alone must be at least the model's `min_similarity` close, so a
  store that sells no fridges answers a fridge query with nothing.

Fusion is weighted reciprocal rank fusion (`fusion.py`). Filters apply to what can be bought:
for a product sold by variant, to its variants (size and colour attributes, effective price), so
the product is in stock only if a variant matching the filters is; for a product without
variants, to its own attributes and price. In-stock hits come first; the rest follow, flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row, tuple_row

from tools.catalog.text import words
from tools.catalog.vocabulary import (
    COLOR_KEYS,
    COLORS,
    FILLER,
    SIZE_KEYS,
    SYNONYMS,
    color_names,
    size_names,
)

# A colour word also finds the catalog's other spellings of it ("blue" -> azul).
_COLOR_WORDS = {
    word: tuple(w for name in group for w in name.split() if w.isalnum())
    for group in COLORS
    for name in group
    for word in name.split()
}

# The share of a query's (weighted) words a product must match.
MIN_COVERAGE = 0.5
# A number in a query ("300", "42") counts this much: it may be a price or a size the
# classifier already turned into a filter, or a real part of a name ("128 GB").
NUMBER_WEIGHT = 0.25
# Full-text hits the fusion considers.
LEXICAL_CANDIDATES = 60
# Stems shorter than this are not used as prefixes ("ca" would match half the store).
MIN_STEM_PREFIX = 4


@dataclass(frozen=True)
class Filters:
    """Folded, alias-expanded filters, ready to bind as SQL parameters."""

    price_min: Decimal | None = None
    price_max: Decimal | None = None
    sizes: list[str] | None = None
    color_pattern: str | None = None
    category_words: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        *,
        price_min: Decimal | None,
        price_max: Decimal | None,
        size: str | None,
        color: str | None,
        category: str | None,
    ) -> Filters:
        """Normalizes the filters a caller gave (accents, case, aliases such as blue=azul).

        Args:
            price_min: Lowest effective price, inclusive.
            price_max: Highest effective price, inclusive.
            size: A size as the buyer said it ("M", "42", "GG").
            color: A colour as the buyer said it ("Azul", "preta", "black").
            category: Words of a category or category path ("tênis", "Roupas", "shirt").

        Returns:
            The filters; empty strings count as no filter.
        """
        size_key = " ".join(words(size or ""))
        color_key = " ".join(words(color or ""))
        return cls(
            price_min=price_min,
            price_max=price_max,
            sizes=list(size_names(size_key)) if size_key else None,
            # Words only (a-z, 0-9, spaces), so the pattern needs no escaping.
            color_pattern=(
                r"\m(" + "|".join(color_names(color_key)).replace("-", " ") + r")\M"
                if color_key
                else None
            ),
            category_words=[w for w in words(category or "") if w not in FILLER],
        )

    @property
    def on_variants(self) -> bool:
        """Whether any filter looks at what is sold (attributes or price)."""
        return any(
            v is not None for v in (self.price_min, self.price_max, self.sizes, self.color_pattern)
        )

    def without_category(self) -> Filters:
        """The same filters, category dropped."""
        return Filters(self.price_min, self.price_max, self.sizes, self.color_pattern, [])


@dataclass(frozen=True)
class Terms:
    """The query's word groups: a tsquery (as text) and a weight per group."""

    queries: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @property
    def any_query(self) -> str | None:
        """A tsquery matching any group."""
        return " | ".join(f"({q})" for q in self.queries) or None

    @property
    def all_query(self) -> str | None:
        """A tsquery matching every group (for the category filter)."""
        return " & ".join(f"({q})" for q in self.queries) or None


@dataclass(frozen=True)
class Match:
    """One search hit before the product is loaded."""

    product_id: int
    score: float
    in_stock: bool
    variant_skus: list[str]


class StemCache:
    """Remembers how Postgres's `portuguese` configuration reduces words to lexemes.

    Stems depend only on the server's text search configuration, so a process can keep them.
    """

    def __init__(self, max_size: int = 10_000) -> None:
        self._stems: dict[str, str] = {}
        self._max_size = max_size

    def unknown(self, wanted: list[str]) -> list[str]:
        """The words whose stems are not remembered yet, without repeats."""
        return [w for w in dict.fromkeys(wanted) if w not in self._stems]

    def remember(self, stems: dict[str, str]) -> None:
        """Keeps stems the caller got from the same configuration (word -> lexeme)."""
        if len(self._stems) + len(stems) > self._max_size:
            self._stems.clear()
        self._stems.update(stems)

    async def stems(self, conn: AsyncConnection, wanted: list[str]) -> dict[str, str]:
        """The lexeme of each word ('' for stop words)."""
        missing = [w for w in dict.fromkeys(wanted) if w not in self._stems]
        if missing:
            async with conn.cursor(row_factory=tuple_row) as cur:
                await cur.execute(
                    "SELECT w, coalesce((SELECT lexeme FROM unnest(to_tsvector('portuguese', w))"
                    " LIMIT 1), '') FROM unnest(%s::text[]) AS w",
                    (missing,),
                )
                rows = await cur.fetchall()
            self.remember({row[0]: row[1] for row in rows})
        return {w: self._stems[w] for w in wanted}


def query_words(query: str) -> list[str]:
    """The folded words of a query that say something about a product, without repeats."""
    return list(
        dict.fromkeys(w for w in words(query) if w not in FILLER and (len(w) > 1 or w.isdigit()))
    )


def alternatives_of(word: str, corrections: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    """A query word, its synonyms, its colour's other names and its corrections, in order."""
    return tuple(
        dict.fromkeys((word, *SYNONYMS.get(word, ()), *_COLOR_WORDS.get(word, ()), *corrections))
    )


async def build_terms(
    conn: AsyncConnection,
    meaningful: list[str],
    cache: StemCache,
    corrections: dict[str, list[str]] | None = None,
) -> Terms:
    """Turns query words into word groups with their tsqueries.

    Args:
        conn: Any connection (used to stem unseen words).
        meaningful: Words from `query_words`.
        cache: Where stems are remembered.
        corrections: Store words standing in for misspelled query words.

    Returns:
        The groups; none when no word is meaningful.
    """
    corrections = corrections or {}
    alternatives = {w: alternatives_of(w, corrections.get(w, ())) for w in meaningful}
    stems = await cache.stems(conn, [a for alts in alternatives.values() for a in alts])
    queries: list[str] = []
    weights: list[float] = []
    kept: list[str] = []
    for word in meaningful:
        if len(alternatives[word]) == 1 and not stems[word]:
            continue  # a Portuguese stop word
        parts: list[str] = []
        for alt in alternatives[word]:
            stem = stems[alt]
            if stem:
                parts.append(f"'{stem}'")
            if alt.isalnum() and len(alt) >= 3:
                # A typed word's beginning ("cami") finds longer words ("camiseta"), and a
                # stem finds its family ("camisa" -> camis -> "camiseta").
                parts.append(f"'{alt}':*")
                if stem and len(stem) >= MIN_STEM_PREFIX and stem != alt and stem.isalnum():
                    parts.append(f"'{stem}':*")
        if parts:
            queries.append(" | ".join(dict.fromkeys(parts)))
            weights.append(NUMBER_WEIGHT if word.isdigit() else 1.0)
            kept.append(word)
    return Terms(queries=queries, weights=weights, words=kept)


def _folded(text: str) -> str:
    """SQL folding text as `unaccent` then `lower` do; ASCII text skips `unaccent`.

    `unaccent` only rewrites non-ASCII characters, and it is the costly part of testing a
    variant's attributes (thousands of calls when a filter meets a common word).
    """
    return (
        f"lower(CASE WHEN octet_length({text}) = char_length({text}) THEN {text}"
        f" ELSE unaccent({text}) END)"
    )


def _attribute_filters(attributes: str, price: str) -> str:
    """SQL that is true when attributes (a jsonb) and price (numeric) pass the filters."""
    return f"""
        (%(sizes)s::text[] IS NULL OR EXISTS (
            SELECT 1 FROM jsonb_each_text({attributes}) AS a
            WHERE {_folded("a.key")} = ANY(%(size_keys)s::text[])
              AND {_folded("btrim(a.value)")} = ANY(%(sizes)s::text[])))
        AND (%(color)s::text IS NULL OR EXISTS (
            SELECT 1 FROM jsonb_each_text({attributes}) AS a
            WHERE {_folded("a.key")} = ANY(%(color_keys)s::text[])
              AND replace({_folded("a.value")}, '-', ' ') ~ %(color)s::text))
        AND (%(price_min)s::numeric IS NULL OR {price} >= %(price_min)s::numeric)
        AND (%(price_max)s::numeric IS NULL OR {price} <= %(price_max)s::numeric)
    """


# A product passes the variant filters when one of its variants does (in stock or not), or,
# without variants, when it does itself.
_PASSES_FILTERS = f"""
    CASE WHEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id)
         THEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id
                      AND {_attribute_filters("v.attributes", "coalesce(v.price, p.price)")})
         ELSE {_attribute_filters("p.attributes", "p.price")} END
"""

_IN_CATEGORY = """
    to_tsvector('portuguese', unaccent(replace(p.category, ' > ', ' ')))
        @@ %(category)s::text::tsquery
"""

_RESTRICT = "(%(ids)s::bigint[] IS NULL OR p.id = ANY(%(ids)s::bigint[]))"


def _lexical_sql(filters: Filters, category: bool) -> str:
    return f"""
WITH groups AS (
    SELECT g.q::tsquery AS q, g.weight
    FROM unnest(%(queries)s::text[], %(weights)s::float8[]) AS g(q, weight)
),
matched AS (
    SELECT p.id, p.search_tsv FROM products p
    WHERE p.store_id = %(store_id)s AND p.search_tsv @@ %(any)s::text::tsquery
      AND {_RESTRICT}
      {"AND " + _IN_CATEGORY if category else ""}
      {"AND " + _PASSES_FILTERS if filters.on_variants else ""}
),
scored AS (
    SELECT m.id, m.search_tsv,
           (SELECT coalesce(sum(g.weight) FILTER (WHERE m.search_tsv @@ g.q), 0) FROM groups g)
               / %(total)s::float8 AS coverage
    FROM matched m
)
-- ts_rank only for the rows that cover enough of the query.
SELECT id, coverage, ts_rank(search_tsv, %(any)s::text::tsquery) AS rank FROM scored
WHERE coverage >= {MIN_COVERAGE}
ORDER BY coverage DESC, rank DESC, id
LIMIT {LEXICAL_CANDIDATES}
"""


def _details_sql(filters: Filters, category: bool, browse: bool) -> str:
    """Stock state and matching variants of candidates (or, browsing, of the whole store)."""
    return f"""
SELECT p.id, p.name,
    CASE WHEN vc.n > 0 THEN coalesce(cardinality(mv.available), 0) > 0
         ELSE p.stock IS NULL OR p.stock > 0 END AS in_stock,
    coalesce(mv.available, '{{}}') AS variant_skus
FROM products p
CROSS JOIN LATERAL (
    SELECT count(*) AS n FROM product_variants v WHERE v.product_id = p.id
) vc
CROSS JOIN LATERAL (
    SELECT count(*) AS matching,
           array_agg(v.sku ORDER BY v.position)
               FILTER (WHERE v.stock IS NULL OR v.stock > 0) AS available
    FROM product_variants v
    WHERE v.product_id = p.id
      AND {_attribute_filters("v.attributes", "coalesce(v.price, p.price)")}
) mv
WHERE p.store_id = %(store_id)s
  AND {_RESTRICT if browse else "p.id = ANY(%(ids)s::bigint[])"}
  {"AND " + _IN_CATEGORY if category else ""}
  AND CASE WHEN vc.n > 0 THEN mv.matching > 0
           ELSE {_attribute_filters("p.attributes", "p.price")} END
{"ORDER BY in_stock DESC, p.name, p.id LIMIT %(limit)s" if browse else ""}
"""


def filter_params(filters: Filters) -> dict[str, Any]:
    """The SQL parameters of the filters."""
    return {
        "sizes": filters.sizes,
        "size_keys": list(SIZE_KEYS),
        "color": filters.color_pattern,
        "color_keys": list(COLOR_KEYS),
        "price_min": filters.price_min,
        "price_max": filters.price_max,
    }


async def lexical(
    conn: AsyncConnection,
    store_id: str,
    terms: Terms,
    filters: Filters,
    *,
    category: Terms | None,
    ids: list[int] | None,
) -> list[tuple[int, float]]:
    """Full-text hits passing the filters, best first.

    Args:
        conn: A connection.
        store_id: The store.
        terms: The query's groups (at least one).
        filters: Variant filters.
        category: Groups the product's category must all match, or None.
        ids: Only among these products, or None.

    Returns:
        (product id, coverage) pairs, best first (by coverage, then `ts_rank`).
    """
    params = {
        "store_id": store_id,
        "queries": terms.queries,
        "weights": terms.weights,
        "total": sum(terms.weights),
        "any": terms.any_query,
        "category": category.all_query if category else None,
        "ids": ids,
        **filter_params(filters),
    }
    async with conn.cursor(row_factory=dict_row) as cur:
        # Planned with the real tsquery each time: a generic plan misjudges how many rows a
        # word matches.
        await cur.execute(_lexical_sql(filters, category is not None), params, prepare=False)
        rows = await cur.fetchall()
    return [(row["id"], float(row["coverage"])) for row in rows]


async def details(
    conn: AsyncConnection,
    store_id: str,
    filters: Filters,
    *,
    category: Terms | None,
    ids: list[int] | None,
    browse_limit: int | None = None,
) -> dict[int, tuple[bool, list[str]]]:
    """Stock state under the filters and matching in-stock variants, per product.

    Args:
        conn: A connection.
        store_id: The store.
        filters: Variant filters.
        category: Groups the category must match, or None.
        ids: The candidates; with `browse_limit`, None means the whole store.
        browse_limit: Browsing: list products passing the filters, in stock first, then by
            name, at most this many.

    Returns:
        product id -> (in stock under the filters, skus of matching in-stock variants); only
        products passing the filters, in the browse order when browsing.
    """
    browse = browse_limit is not None
    params = {
        "store_id": store_id,
        "ids": ids,
        "category": category.all_query if category else None,
        "limit": browse_limit,
        **filter_params(filters),
    }
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            _details_sql(filters, category is not None, browse), params, prepare=False
        )
        rows = await cur.fetchall()
    return {row["id"]: (row["in_stock"], list(row["variant_skus"])) for row in rows}
