""""tem mais barato?", "anything cheaper?": the products of the same kind as the one in view
that cost less, or the word that it is already the most affordable of its kind.

A shop assistant asked for something cheaper shows cheaper things of the same kind (another
trainer, not instalments of the same one); the price objection's nudge is for doubts that
name no alternative.
"""

from __future__ import annotations

import re
from decimal import Decimal

from graphs.sales.inbound import turn_text
from graphs.sales.product_questions import product_in_view
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.summaries import hit_summary
from tools.catalog.request import search_request
from tools.catalog.text import fold

_LIMIT = 5
# "tem mais barato?", "algo mais em conta?", "anything cheaper?"; not "o mais barato" of a
# list (the cheapest of what is shown, a pick).
_ASKS_CHEAPER = re.compile(
    r"(?<!\bo )(?<!\ba )(?<!\bthe )\b(?:mais barat[oa]s?|mais em conta|mais economic[oa]s?|"
    r"menor preco|cheaper|less expensive|more affordable|lower price)\b")


# "qual a camiseta mais barata q vcs tem", "what's your cheapest backpack": the one product
# with the lowest price, not a list.
_ASKS_CHEAPEST = re.compile(
    r"\b(?:(?:o|a|os|as|qual|quais)\s+(?:\w+\s+){0,3}mais\s+(?:barat[oa]s?|em conta)"
    r"|cheapest|least expensive)\b")


def asks_cheapest(text: str) -> bool:
    """Whether a search asks for the cheapest product of its kind."""
    return bool(_ASKS_CHEAPEST.search(fold(text)))


def asks_cheaper(text: str) -> bool:
    """Whether the buyer asks for something cheaper than what is in view."""
    return bool(_ASKS_CHEAPER.search(fold(text)))


async def cheaper_alternatives(state: SalesState, services: Services,
                               store_id: str) -> SalesUpdate | None:
    """Search results of the same kind and category as the product in view, each cheaper than
    its lowest price; None when no product is in view (the search goes on as before)."""
    if not asks_cheaper(turn_text(state)):
        return None
    product = await product_in_view(state, services, store_id)
    if product is None:
        return None
    lowest = product.price_range[0]
    kind = fold(product.name).split()[0]  # "Tênis Casual Couro" -> "tenis"
    entities = {"category": product.category or None, "price_max": lowest - Decimal("0.01")}
    request = search_request(kind, entities)
    hits = await services.catalog.search(store_id, request.query, limit=2 * _LIMIT,
                                         **request.kwargs())
    # (the category's words weigh in the search, they do not filter it: "Calçados > Tênis"
    # brings trousers too)
    # (of its kind: the same category and the kind's word in the name, "garrafa" of the
    # bottles, not the glass jars of the same shelf)
    items = [hit_summary(hit) for hit in hits if hit.product.sku != product.sku
             and hit.product.category == product.category and hit.in_stock
             and kind in fold(hit.product.name).split()][:_LIMIT]
    than = {"name": product.name, "price": str(lowest)}
    if not items:
        return {"outcome": {"kind": "no_results", "query": kind, "cheaper_than": than},
                "shown": []}
    return {"outcome": {"kind": "search_results", "query": kind, "items": items,
                        "cheaper_than": than},
            "shown": items, "pending_question": "choose_product", "pending": {}}
