"""From what the buyer said (text and classified entities) to the arguments of a search.

The graph's `retrieve` node and the search eval both use this, so the eval measures what the
bot does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tools.catalog.terms import query_words
from tools.catalog.vocabulary import COLORS, SIZES

# Words that point back at something already shown ("the same shirt", "esse", "the blue one").
_BACK_REFERENCES = frozenset(
    "mesma mesmo mesmas mesmos esse essa esses essas este esta desse dessa deste desta igual"
    " same one that this those these it ele ela dele dela".split()
)
# Words that join a colour or size to the rest ("but in blue", "só que azul").
_CONNECTORS = frozenset("mas so porem just only but instead tambem also no na em cor".split())


@dataclass(frozen=True)
class SearchRequest:
    """The arguments of `CatalogClient.search`, minus the store."""

    query: str
    filters: dict[str, Any] = field(default_factory=dict)
    skus: list[str] | None = None
    """Only among these products: the list shown last, when the buyer refers back to it."""

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `search` (besides store and query)."""
        return {**self.filters, "skus": self.skus}


def search_request(
    text: str, entities: dict[str, Any], *, shown_skus: list[str] | None = None
) -> SearchRequest:
    """The search a buyer's message asks for.

    Price, size, colour and category entities become filters. When the buyer names a colour
    or a size and otherwise only points back ("the blue one in 42", "a mesma camiseta só que
    azul"), the search is limited to the products shown last.

    Args:
        text: What the buyer wrote (or the product words the classifier extracted).
        entities: The classification's entities.
        shown_skus: Skus of the last list shown, if any.

    Returns:
        The request.
    """
    filters = {
        "price_min": _money(entities.get("price_min")),
        "price_max": _money(entities.get("price_max")),
        "size": entities.get("size"),
        "color": entities.get("color"),
        "category": entities.get("category"),
    }
    filters = {k: v for k, v in filters.items() if v is not None}
    if shown_skus and (filters.get("size") or filters.get("color")) and _points_back(text):
        # The words only point back; size, colour and price pick among what was shown (the
        # category the classifier saw, "shirt", names what was shown, not a filter).
        filters.pop("category", None)
        return SearchRequest(query="", filters=filters, skus=list(shown_skus))
    return SearchRequest(query=text, filters=filters)


def _points_back(text: str) -> bool:
    """Whether the message refers to shown products rather than naming new ones."""
    words = query_words(text)
    attribute_words = {w for group in (*COLORS, *SIZES) for name in group for w in name.split()}
    rest = [
        w
        for w in words
        if w not in attribute_words and w not in _CONNECTORS and not w.isdigit()
    ]
    return any(w in _BACK_REFERENCES for w in words) or not rest


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
