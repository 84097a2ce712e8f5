"""Search filters (price, size, colour, category): normalized once, then tested in SQL.

Filters apply to what can be bought: for a product sold by variant, to its variants (size and
colour attributes, effective price); for a product without variants, to its own attributes
and price.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tools.catalog.text import words
from tools.catalog.vocabulary import COLOR_KEYS, FILLER, SIZE_KEYS, color_names, size_names


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


def _folded(text: str) -> str:
    """SQL folding text as `unaccent` then `lower` do; ASCII text skips `unaccent`.

    `unaccent` only rewrites non-ASCII characters, and it is the costly part of testing a
    variant's attributes (thousands of calls when a filter meets a common word).
    """
    return (
        f"lower(CASE WHEN octet_length({text}) = char_length({text}) THEN {text}"
        f" ELSE unaccent({text}) END)"
    )


def attribute_filters(attributes: str, price: str) -> str:
    """SQL that is true when attributes (a jsonb) and price (numeric) pass the filters.

    Args:
        attributes: The SQL of a jsonb of attributes (a variant's or a product's).
        price: The SQL of the matching effective price.

    Returns:
        A condition on the parameters of `filter_params`.
    """
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


# A product (alias p) passes when one of its variants does (in stock or not), or, without
# variants, when it does itself.
PASSES_FILTERS = f"""
    CASE WHEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id)
         THEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id
                      AND {attribute_filters("v.attributes", "coalesce(v.price, p.price)")})
         ELSE {attribute_filters("p.attributes", "p.price")} END
"""

# Browsing: the product's category matches every group of the category's words.
IN_CATEGORY = """
    AND to_tsvector('portuguese', unaccent(replace(p.category, ' > ', ' ')))
        @@ %(category)s::text::tsquery
"""


def available(source: str, columns: str, *, where: str, order: str) -> str:
    """The `stock` CTE: candidates passing the filters, their stock state and variants.

    A product sold by variant passes when a variant does (in stock or not), and is in stock
    when such a variant is; a product without variants, when its own attributes and price do.

    Args:
        source: The FROM of the candidates, with the product as `p`.
        columns: The candidate's `id` and `score`.
        where: More conditions on the candidates (each starting with AND), or "".
        order: The order the best `%(limit)s` are taken in.

    Returns:
        A CTE with `id`, `score`, `in_stock` and `variant_skus` (the matching in-stock
        variants, in catalog order).
    """
    variant_ok = attribute_filters("v.attributes", "coalesce(v.price, p.price)")
    return f"""
stock AS (
    SELECT {columns},
        CASE WHEN d.n > 0 THEN coalesce(cardinality(d.available), 0) > 0
             ELSE p.stock IS NULL OR p.stock > 0 END AS in_stock,
        coalesce(d.available, '{{}}') AS variant_skus
    FROM {source}
    CROSS JOIN LATERAL (
        SELECT count(*) AS n,
               count(*) FILTER (WHERE v.ok) AS matching,
               array_agg(v.sku ORDER BY v.position)
                   FILTER (WHERE v.ok AND (v.stock IS NULL OR v.stock > 0)) AS available
        -- The filters tested once per variant ("OFFSET 0": not inlined twice).
        FROM (SELECT v.sku, v.position, v.stock, {variant_ok} AS ok
              FROM product_variants v WHERE v.product_id = p.id OFFSET 0) v
    ) d
    WHERE p.store_id = %(store_id)s {where}
      AND CASE WHEN d.n > 0 THEN d.matching > 0
               ELSE {attribute_filters("p.attributes", "p.price")} END
    ORDER BY {order}
    LIMIT %(limit)s
)"""
