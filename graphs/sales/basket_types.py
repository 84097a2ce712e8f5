"""The basket's shapes in graph state and in the outcome (plain JSON, money as strings);
see graphs/sales/basket."""

from __future__ import annotations

from typing import NotRequired

from typing_extensions import TypedDict


class NeedItem(TypedDict):
    """A product that fits one need, with the option values the need named."""

    sku: str
    """The product's sku."""
    name: str
    price: str
    """The lowest price among the variants that fit (or the product's)."""
    attributes: dict[str, str]
    """Option values the need named, as the catalog writes them (`{"tamanho": "36"}`)."""


class NeedData(TypedDict):
    """One need of a message and the products that fit it, best first (at most three)."""

    said: str
    """The words of the need ("uma sandalia 36")."""
    items: list[NeedItem]


class BasketItem(NeedItem):
    """The product picked for a need."""

    need: str
    """The words of the need it answers."""


class BasketData(TypedDict, total=False):
    """The basket last proposed; "pode colocar tudo" adds these."""

    items: list[BasketItem]


class BasketFields(TypedDict, total=False):
    """The fields of a `basket` outcome."""

    basket: list[BasketItem]
    """One product per need found, in the order the buyer said them (basket)."""
    not_found: list[str]
    """Needs the catalog has nothing for (basket)."""
    subtotal: str
    budget: NotRequired[str]
    """The most the buyer said they would spend (basket)."""
    within_budget: bool
    """Whether the basket (goods and shipping) fits the budget (basket)."""
    delivery: NotRequired[dict[str, str]]
    """Shipping to the CEP the buyer gave: `{"cep", "name", "price", "days"}` (basket)."""
    basket_total: str
    """Goods and shipping (basket)."""
