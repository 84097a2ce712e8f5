"""The last list of several products the buyer saw, and words that point back at it.

A product question about one item of a search ("a garrafa de 1l é inox?") puts that item on
screen, but a buyer who then says "vou no mais barato dos 3" or "na vdd aquele primeiro q vc
mostrou" still means the list before it, as a shop assistant would hear it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from graphs.sales.resolve.words import NUMBER_WORDS

# "dos 3", "entre os dois", "of the three": a list counted back.
_OF_THE = re.compile(r"\b(?:dos|das|entre os|entre as|of the|out of the|of those)\s+"
                     r"(?P<count>\d|" + "|".join(NUMBER_WORDS) + r")\b")
# "q vc mostrou", "que voce mandou", "you showed me": what the bot listed before.
_YOU_SHOWED = re.compile(r"\b(?:q|que|which|that)?\s*(?:vc|voce|you)\s+(?:me\s+)?"
                         r"(?:mostrou|mandou|listou|passou|showed|sent|listed)\b")


def remembered_list(shown: Sequence[Mapping[str, Any]] | None) -> list[Any] | None:
    """The list to remember when the reply shows several products (a search's results, a
    basket; not one product's options), or None when this reply shows no such list."""
    if not shown or len(shown) < 2 or any(item.get("attributes") for item in shown):
        return None
    return [dict(item) for item in shown]


def points_back(folded: str, listed: Sequence[Mapping[str, Any]],
                shown: Sequence[Mapping[str, Any]]) -> tuple[int, int] | None:
    """Where the words point at the earlier list rather than at what is on screen now ("dos
    3", "q vc mostrou": words that name no item and count nothing), or None."""
    if not listed or [i.get("sku") for i in listed] == [i.get("sku") for i in shown]:
        return None
    counted = _OF_THE.search(folded)
    if counted is not None:
        said = counted.group("count")
        return counted.span() if (
            int(said) if said.isdigit() else NUMBER_WORDS[said]) == len(listed) else None
    showed = _YOU_SHOWED.search(folded)
    return showed.span() if showed is not None else None
