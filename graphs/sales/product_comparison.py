"""Two products side by side: their prices and the attributes that differ or match, and,
when the buyer asks which to take, the pick and the data that says why."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from graphs.sales.product_answers import (
    QUESTION_FILLER,
    asks_recommendation,
    attribute_facts,
    description_clauses,
    in_stock_values,
    option_key,
    product_summary,
    stems,
    words_of,
)
from tools.catalog.models import Product
from tools.catalog.text import fold
from tools.catalog.vocabulary import COLOR_KEYS, SIZE_KEYS


def compare(question: str, first: Product, second: Product,
            context_words: Sequence[str] = ()) -> dict[str, Any]:
    """The `product_comparison` outcome: both products, their prices and the attributes that
    differ (or that only one has), and, when asked which to take, the pick and why.

    `context_words` are the buyer's earlier words ("pra levar café pro trabalho"): a pick
    names the product whose data says what the buyer wants, else the cheaper one, with the
    fact that made it.
    """
    products = [first, second]
    differences: list[dict[str, Any]] = []
    keys: list[str] = []
    for product in products:
        for key in product.attributes:
            if key not in keys:
                keys.append(key)
    same: list[dict[str, str]] = []
    option_keys = {fold(k) for k in (*COLOR_KEYS, *SIZE_KEYS)}
    for key in keys:
        if fold(key) in option_keys:
            continue
        values = [p.attributes.get(key, "") for p in products]
        if fold(values[0]) == fold(values[1]):
            same.append({"name": key, "value": values[0]})
        else:
            differences.append({"name": key, "values": values})
    for kind, kind_keys in (("color", COLOR_KEYS), ("size", SIZE_KEYS)):
        values = [_option_values(p, kind_keys) for p in products]
        if any(values) and fold(values[0]) != fold(values[1]):
            differences.append({"name": kind, "values": values})
    outcome: dict[str, Any] = {
        "kind": "product_comparison",
        "products": [product_summary(p) for p in products],
        "differences": differences,
        "same": same,
    }
    if asks_recommendation(question):
        outcome["pick"] = _pick(products, list(context_words) + words_of(question))
    return outcome


def _option_values(product: Product, keys: Iterable[str]) -> str:
    """A product's colours (or sizes) in stock, or the one its attributes name."""
    key = option_key(product, keys)
    if key is not None:
        return ", ".join(in_stock_values(product, key))
    own = attribute_facts(product, keys)
    return own[0]["value"] if own else ""


def _pick(products: list[Product], said: list[str]) -> dict[str, Any]:
    """Which of two products fits the buyer's words better, and the data that says so."""
    named = {w for p in products for w in words_of(p.name)}  # naming both says nothing
    wanted = stems(w for w in said
                    if w not in QUESTION_FILLER and len(w) > 2 and w not in named)
    best: tuple[int, int] | None = None
    reasons: list[str] = []
    for index, product in enumerate(products):
        clauses = [c for c in description_clauses(product.description)
                   if stems(words_of(c)) & wanted]
        tags = [t for t in product.tags if set(words_of(t)) & wanted]
        score = len(clauses) * 2 + len(tags)
        if score and (best is None or score > best[1]):
            best, reasons = (index, score), clauses or tags
        elif best is not None and score == best[1]:
            best, reasons = None, []
            break
    if best is not None:
        chosen = products[best[0]]
        return {"sku": chosen.sku, "name": chosen.name, "reason": "fits",
                "because": reasons[:2]}
    prices = [p.price_range[0] for p in products]
    if prices[0] == prices[1]:
        return {"reason": "tie"}
    cheaper = products[0] if prices[0] < prices[1] else products[1]
    saving: Decimal = abs(prices[0] - prices[1])
    return {"sku": cheaper.sku, "name": cheaper.name, "reason": "cheaper",
            "saving": str(saving)}
