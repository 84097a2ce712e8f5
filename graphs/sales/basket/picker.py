"""One product per need, the best fits that stay within the budget."""

from __future__ import annotations

import itertools
from decimal import Decimal

from graphs.sales.basket_types import BasketItem, NeedData, NeedItem

# How much the search's first, second and third products are worth to a basket: the first
# fits best, but a cheaper second can make room for everything else within the budget.
_RANK_WEIGHTS = (1.0, 0.6, 0.4)


def pick(needs: list[NeedData], budget: Decimal | None) -> list[BasketItem]:
    """The basket: for each need one of its products, so that the goods cost at most
    `budget` with the best fits possible; when nothing fits the budget, the cheapest basket
    (the caller says it goes over)."""
    choices = [list(enumerate(need["items"][:len(_RANK_WEIGHTS)])) for need in needs]
    best_key: tuple[bool, float, Decimal] | None = None
    best: tuple[tuple[int, NeedItem], ...] = ()
    for combo in itertools.product(*choices):
        total = sum((Decimal(item["price"]) for _, item in combo), Decimal(0))
        fits = budget is None or total <= budget
        fit_score = sum(_RANK_WEIGHTS[rank] for rank, _ in combo)
        key = (fits, fit_score if fits else -float(total), -total)
        if best_key is None or key > best_key:
            best_key, best = key, combo
    return [BasketItem(sku=item["sku"], name=item["name"], price=item["price"],
                       attributes=item["attributes"], need=need["said"])
            for need, (_, item) in zip(needs, best, strict=True)]
