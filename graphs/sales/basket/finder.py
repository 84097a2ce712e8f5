"""Which parts of a message are needs, and the products that fit each one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphs.sales.basket.pieces import need_pieces
from graphs.sales.basket_types import NeedData, NeedItem
from graphs.sales.catalog_hint import named_hits
from graphs.sales.resolve.variants import attribute_sets, match_attributes, narrow
from graphs.sales.resolve.words import tokenize
from tools.catalog.models import Product
from tools.catalog.vocabulary import OCCASIONS

_PER_NEED = 3
_SEARCHED = 5


async def find_needs(text: str, catalog: Any, store_id: str,
                     budget: Decimal | None = None) -> list[NeedData]:
    """The needs of a message with the products that fit each, in the order said. A part
    that names no product ("vou pra praia", "tenho uns 400 reais") is no need; a part whose
    best product an earlier need already has is the same need said again. With a budget,
    each need's products within it come first (the others only when none is)."""
    needs: list[NeedData] = []
    taken: set[str] = set()
    for piece in need_pieces(text):
        items = await _fitting(piece, catalog, store_id, budget) if budget is not None else []
        items = items or await _fitting(piece, catalog, store_id)
        if not items:
            continue
        if items[0]["sku"] in taken:
            # The same need again; said with its options ("to comecando yoga ... um tapete
            # roxo"), it is the one to keep, where the first was said.
            earlier = next(n for n in needs if n["items"][0]["sku"] == items[0]["sku"])
            if len(items[0]["attributes"]) > len(earlier["items"][0]["attributes"]):
                earlier["items"] = items
            continue
        taken.add(items[0]["sku"])
        needs.append({"said": piece, "items": items})
    return needs


async def _fitting(piece: str, catalog: Any, store_id: str,
                   budget: Decimal | None = None) -> list[NeedItem]:
    """Up to three products the search finds for a need whose name or category shares a
    word with it ("uma garrafinha pra levar na facul": its words one by one if need be) and
    that come in the option values it names ("sandalia 36"), within the budget if one."""
    # A gift is the occasion, not the need ("um presente pro meu namorado"); "vale presente"
    # and "gift card" still name the card.
    said = " ".join(w for w in piece.split() if w not in OCCASIONS)
    hits = await named_hits(catalog, store_id, said, limit=_SEARCHED, price_max=budget)
    items = [item for hit in hits if (item := _fit(piece, hit.product)) is not None]
    return items[:_PER_NEED]


def _fit(words: str, product: Product) -> NeedItem | None:
    """The product as it answers the need: the option values named, and the lowest price
    among the variants in stock that have them; None when none has them."""
    _, tokens = tokenize(words)
    wanted = match_attributes(tokens, range(len(tokens)), attribute_sets(product)).wanted
    if product.variants:
        _, in_stock = narrow(product, wanted)
        if not in_stock:
            return None
        price = min(v.price for v in in_stock)
    elif not product.in_stock:
        return None
    else:
        price = product.price
    return {"sku": product.sku, "name": product.name, "price": str(price),
            "attributes": wanted if product.variants else {}}
