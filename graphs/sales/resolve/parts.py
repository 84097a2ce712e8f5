"""What the resolver works on: what the buyer has seen, the pieces of a message, what it
found, and the catalog it reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphs.sales.resolve.products import (
    Candidate,
)
from graphs.sales.resolve.words import (
    Token,
    is_attribute_word,
)
from graphs.sales.state_types import ItemRequest
from tools.catalog.models import Product

_SEARCH_LIMIT = 8


@dataclass(frozen=True)
class Seen:
    """What the buyer has seen, most recent first."""

    suggestions: Sequence[Mapping[str, Any]] = ()
    """The products suggested in the last reply ("combina com")."""
    shown: Sequence[Mapping[str, Any]] = ()
    """The last list shown (search results, a product's options, the cart's lines)."""
    cart_skus: Sequence[str] = ()
    """The cart's lines."""
    choosing: str | None = None
    """The product whose option the bot asked for, if it did."""
    listed: Sequence[Mapping[str, Any]] = ()
    """The last list of several products shown, kept while the screen shows other things
    (`earlier_list.py`)."""

    @property
    def recent(self) -> Sequence[Mapping[str, Any]]:
        """The most recent list: the suggestions just made, else the last list."""
        return self.suggestions or self.shown

    @property
    def nothing(self) -> bool:
        return not (self.suggestions or self.shown or self.choosing)


@dataclass
class Resolution:
    """What a message asks for, item by item, and how it was said."""

    requests: list[ItemRequest] = field(default_factory=list)
    pure: bool = False
    """Every word is a filler, a cue to buy, or said something about an item."""
    buy_cue: bool = False
    """A word of buying ("quero", "coloca", "vou no", "I'll take")."""
    puts_in: bool = False
    """A word of putting in the cart ("poe", "coloca", "add"), not of wanting ("quero")."""
    question: bool = False
    negated: bool = False
    looking: bool = False
    """A word of looking ("ver", "mostra", "show me")."""
    likes: bool = False
    """A word of liking ("gostei", "curti", "I like"): with the options said of the product in
    view, the choice made."""
    other_business: bool = False
    """A change, a removal or a complaint: handled elsewhere, never an add."""
    named: bool = False
    """Product words named a catalog product."""
    continuing: bool = False
    """The message goes on buying ("and a jump rope" with something in the cart)."""
    about_topic: bool = False
    """A question on a topic a product's data answers ("de que tecido?", "is it leather?")
    that does not ask for products ("tem camiseta de algodao?" is a search)."""
    ends_buying: bool = False
    """A question answered by the buyer in the same breath: the words after its "?" ask to
    buy ("tem o tapete verde? quero 1")."""
    decided_after_remark: bool = False
    """A remark with no question mark, then the items decided on ("ah n tem de compressao
    ne. entao vai a meia esportiva msm, a preta 34 a 38, e 1 caneca"): each of them is taken."""

    @property
    def skipped(self) -> bool:
        return (self.question and not self.ends_buying) or self.negated or self.looking \
            or self.other_business


@dataclass
class Piece:
    start: int
    end: int
    tokens: list[Token]
    used: set[int] = field(default_factory=set)
    skus: list[str] = field(default_factory=list)
    """Items pointed at by position or group, or the named product (one)."""
    candidates: list[Candidate] = field(default_factory=list)
    """Several products the words name equally."""
    content: list[str] = field(default_factory=list)
    by_context: bool = False
    same_as_before: bool = False
    """Another item of the product named just before ("... and one white in L")."""
    missing: int | None = None
    """A position beyond the last list ("o 4" of three)."""

    @property
    def attribute_only(self) -> bool:
        return not self.skus and not self.content and self.missing is None and any(
            t.is_number or is_attribute_word(t.text) for t in self.tokens)


class Catalog:
    """What the resolver reads from the catalog (a `CatalogClient` and a store)."""

    def __init__(self, client: Any, store_id: str) -> None:
        self._client = client
        self._store_id = store_id
        self._products: dict[str, Product | None] = {}
        self._searches: dict[str, list[Product]] = {}

    async def get(self, sku: str) -> Product | None:
        if sku not in self._products:
            self._products[sku] = await self._client.get(self._store_id, sku)
        return self._products[sku]

    async def search(self, words: str) -> list[Product]:
        # Once per words: a pasted text repeats its items (issue #18).
        if words not in self._searches:
            hits = await self._client.search(self._store_id, words, limit=_SEARCH_LIMIT)
            self._searches[words] = [hit.product for hit in hits]
        return self._searches[words]
