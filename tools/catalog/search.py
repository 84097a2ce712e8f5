"""Catalog search: turns a buyer's words and filters into one ranked SQL query.

A query is split into meaningful words (filler such as "quero" and Portuguese stop words are
dropped; English words also look for their Portuguese counterparts). Each word is a *group*
that a product matches when its full-text document has the word's stem or a word starting
with it, or, failing that, when the word is close to a word of the product's folded text
(trigram similarity, for typos like "garafa"). A product is a hit when it matches at least
half of the groups, or when the whole query is close to its text. Hits are ranked by that
coverage plus `ts_rank` (which weighs the name over category, brand and tags, over the
description, over attribute values) plus trigram similarity; in-stock hits come first.

Filters apply to what can be bought: for a product sold by variant, to its variants (size and
colour attributes, effective price), so the product is in stock only if a variant matching
the filters is; for a product without variants, to its own attributes and price.
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
    FILLER,
    SIZE_KEYS,
    SYNONYMS,
    color_names,
    size_names,
)

# A word this close (pg_trgm strict_word_similarity) to a product's text counts as a typo of it;
# 0.5 lets one wrong letter in an 8-letter word through ("camizeta").
TYPO_SIMILARITY = 0.5
# A whole query this close to a product's text is a hit even when few words matched.
QUERY_SIMILARITY = 0.6
# The share of a query's words a product must match.
MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class Filters:
    """Folded, alias-expanded filters, ready to bind as SQL parameters."""

    price_min: Decimal | None = None
    price_max: Decimal | None = None
    sizes: list[str] | None = None
    color_pattern: str | None = None
    category_patterns: list[str] | None = None

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
            category: Words of a category or category path ("tênis", "Roupas").

        Returns:
            The filters; empty strings count as no filter.
        """
        size_key = " ".join(words(size or ""))
        color_key = " ".join(words(color or ""))
        category_words = words(category or "")
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
            category_patterns=[r"\m" + w for w in category_words] or None,
        )


@dataclass(frozen=True)
class Terms:
    """The query's word groups: a tsquery (as text) and the word itself, for typo matching."""

    queries: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def any_query(self) -> str | None:
        """A tsquery matching any group, for ranking."""
        return " | ".join(f"({q})" for q in self.queries) or None


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

    async def stems(self, conn: AsyncConnection, wanted: list[str]) -> dict[str, str]:
        """The `plainto_tsquery('portuguese', word)` text of each word ('' for stop words)."""
        missing = [w for w in dict.fromkeys(wanted) if w not in self._stems]
        if missing:
            async with conn.cursor(row_factory=tuple_row) as cur:
                await cur.execute(
                    "SELECT w, plainto_tsquery('portuguese', w)::text FROM unnest(%s::text[]) AS w",
                    (missing,),
                )
                rows = await cur.fetchall()
            if len(self._stems) + len(rows) > self._max_size:
                self._stems.clear()
            self._stems.update({row[0]: row[1] for row in rows})
        return {w: self._stems[w] for w in wanted}


async def build_terms(conn: AsyncConnection, query: str, cache: StemCache) -> Terms:
    """Splits a query into word groups with their tsqueries.

    Args:
        conn: Any connection (used to stem unseen words).
        query: What the buyer typed, e.g. "quero um tênis de corrida".
        cache: Where stems are remembered.

    Returns:
        The groups; none when the query has no meaningful word.
    """
    meaningful = [w for w in words(query) if w not in FILLER and (len(w) > 1 or w.isdigit())]
    alternatives = {w: (w, *SYNONYMS.get(w, ())) for w in meaningful}
    stems = await cache.stems(conn, [a for alts in alternatives.values() for a in alts])
    queries: list[str] = []
    kept: list[str] = []
    for word in dict.fromkeys(meaningful):
        if not stems[word] and not SYNONYMS.get(word):
            continue  # a Portuguese stop word
        parts: list[str] = []
        for alt in alternatives[word]:
            if stems[alt]:
                parts.append(f"({stems[alt]})")
            if alt.isalnum() and len(alt) >= 3:
                # A typed word's beginning ("cami") finds longer words ("camiseta").
                parts.append(f"'{alt}':*")
        if parts:
            queries.append(" | ".join(dict.fromkeys(parts)))
            kept.append(word)
    return Terms(queries=queries, words=kept, text=" ".join(kept))


def _attribute_filters(attributes: str, price: str) -> str:
    """SQL that is true when attributes (a jsonb) and price (numeric) pass the filters."""
    return f"""
        (%(sizes)s::text[] IS NULL OR EXISTS (
            SELECT 1 FROM jsonb_each_text({attributes}) AS a
            WHERE lower(unaccent(a.key)) = ANY(%(size_keys)s::text[])
              AND lower(unaccent(btrim(a.value))) = ANY(%(sizes)s::text[])))
        AND (%(color)s::text IS NULL OR EXISTS (
            SELECT 1 FROM jsonb_each_text({attributes}) AS a
            WHERE lower(unaccent(a.key)) = ANY(%(color_keys)s::text[])
              AND replace(lower(unaccent(a.value)), '-', ' ') ~ %(color)s::text))
        AND (%(price_min)s::numeric IS NULL OR {price} >= %(price_min)s::numeric)
        AND (%(price_max)s::numeric IS NULL OR {price} <= %(price_max)s::numeric)
    """


SEARCH_SQL = f"""
WITH groups AS (
    SELECT g.q::tsquery AS q, g.w
    FROM unnest(%(queries)s::text[], %(words)s::text[]) AS g(q, w)
),
candidates AS (
    SELECT p.id, p.name,
        CASE WHEN vc.n > 0 THEN coalesce(cardinality(mv.available), 0) > 0
             ELSE p.stock IS NULL OR p.stock > 0 END AS in_stock,
        coalesce(mv.available, '{{}}') AS variant_skus,
        vc.n AS n_variants, mv.matching,
        CASE WHEN %(text)s::text = '' THEN 1.0 ELSE (
            SELECT coalesce(sum(CASE
                WHEN p.search_tsv @@ groups.q THEN 1.0
                WHEN length(groups.w) >= 4
                     AND strict_word_similarity(groups.w, p.search_text) >= {TYPO_SIMILARITY}
                     THEN strict_word_similarity(groups.w, p.search_text)
                ELSE 0 END), 0) / greatest(cardinality(%(words)s::text[]), 1)
            FROM groups) END AS coverage,
        CASE WHEN %(text)s::text = '' THEN 0.0
             ELSE strict_word_similarity(%(text)s::text, p.search_text) END AS similarity,
        CASE WHEN %(any)s::text IS NULL THEN 0.0
             ELSE ts_rank(p.search_tsv, %(any)s::text::tsquery) END AS rank
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
      AND (%(categories)s::text[] IS NULL
           OR lower(unaccent(p.category)) ~ ALL(%(categories)s::text[]))
      AND CASE WHEN vc.n > 0 THEN mv.matching > 0
               ELSE {_attribute_filters("p.attributes", "p.price")} END
)
SELECT id, in_stock, variant_skus,
       CASE WHEN %(text)s::text = '' THEN 0.0
            ELSE coverage + 0.5 * rank + 0.3 * similarity END::float8 AS score
FROM candidates
WHERE coverage >= {MIN_COVERAGE} OR similarity >= {QUERY_SIMILARITY}
ORDER BY in_stock DESC, score DESC, name, id
LIMIT %(limit)s
"""


async def find(
    conn: AsyncConnection,
    store_id: str,
    terms: Terms,
    filters: Filters,
    *,
    limit: int,
) -> list[Match]:
    """Runs the search; returns hits in order (in stock first, then by score, then by name).

    Args:
        conn: A connection.
        store_id: The store whose catalog is searched.
        terms: The query's word groups (none: every product passing the filters).
        filters: Normalized filters.
        limit: Most hits returned.

    Returns:
        Product ids with score, stock state under the filters and the skus of the variants
        that match the filters and are in stock.
    """
    params: dict[str, Any] = {
        "store_id": store_id,
        "queries": terms.queries,
        "words": terms.words,
        "text": terms.text,
        "any": terms.any_query,
        "sizes": filters.sizes,
        "size_keys": list(SIZE_KEYS),
        "color": filters.color_pattern,
        "color_keys": list(COLOR_KEYS),
        "price_min": filters.price_min,
        "price_max": filters.price_max,
        "categories": filters.category_patterns,
        "limit": max(0, limit),
    }
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(SEARCH_SQL, params)
        rows = await cur.fetchall()
    return [
        Match(
            product_id=row["id"],
            score=round(float(row["score"]), 4),
            in_stock=row["in_stock"],
            variant_skus=list(row["variant_skus"]),
        )
        for row in rows
    ]
