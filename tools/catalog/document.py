"""What search sees of a product: the folded `search_text` and the weighted `search_tsv`."""

from __future__ import annotations

from tools.catalog.schema import ProductLine
from tools.catalog.text import fold

# The tsvector is built in SQL from four weighted texts, passed as %(tsv_a)s … %(tsv_d)s:
# the name weighs most, then what classifies the product, then prose, then attribute values
# (so "vestido azul" finds a dress sold in blue, without outranking a blue item's name).
TSV_SQL = (
    "setweight(to_tsvector('portuguese', unaccent(%(tsv_a)s)), 'A')"
    " || setweight(to_tsvector('portuguese', unaccent(%(tsv_b)s)), 'B')"
    " || setweight(to_tsvector('portuguese', unaccent(%(tsv_c)s)), 'C')"
    " || setweight(to_tsvector('portuguese', unaccent(%(tsv_d)s)), 'D')"
)


def attribute_values(product: ProductLine) -> list[str]:
    """The product's attribute values, then each variant's, without repeats."""
    values = list(product.attributes.values())
    for variant in product.variants:
        values.extend(variant.attributes.values())
    return list(dict.fromkeys(v for v in values if v))


def search_text(product: ProductLine) -> str:
    """The accent-folded text trigram search matches typos against.

    Args:
        product: A validated import line.

    Returns:
        fold(name, description, category, brand, tags, attribute values, variant values).
    """
    parts = [
        product.name,
        product.description,
        product.category.replace(" > ", " "),
        product.brand,
        *product.tags,
        *attribute_values(product),
    ]
    return fold(" ".join(p for p in parts if p))


def tsv_params(product: ProductLine) -> dict[str, str]:
    """The four weighted texts `TSV_SQL` reads.

    Args:
        product: A validated import line.

    Returns:
        A mapping with keys tsv_a (name), tsv_b (category, brand, tags), tsv_c (description)
        and tsv_d (attribute values).
    """
    return {
        "tsv_a": product.name,
        "tsv_b": " ".join([product.category.replace(" > ", " "), product.brand, *product.tags]),
        "tsv_c": product.description,
        "tsv_d": " ".join(attribute_values(product)),
    }
