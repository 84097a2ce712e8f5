"""The item the bot just offered, taken in the same message as another one named: "coloca 1.
e aquele squeeze azul tb" to "Tem sim: Kit de Meias em 39-43 / branco… Quer que eu coloque
no carrinho?". The resolver finds the squeeze; the offer, taken by "coloca 1" with no name,
would be lost. Only a clear take of the offer counts: a putting-in word, a yes or a count of
units outside the other item's words, the other item said to come "too" ("tb", "e", "also"),
and no "no" ("nao, quero o squeeze azul" is the squeeze instead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graphs.sales.resolve.words import CONTINUING, NUMBER_WORDS, PUT_IN_WORDS
from graphs.sales.state_types import ItemRequest
from tools.catalog.text import fold

_YES = frozenset("sim pode isso bora fechado yes yep sure ok okay blz beleza".split())
_NO = frozenset("nao n nem no not nope dont naum".split())


def offer_taken_along(text: str, state: Mapping[str, Any],
                      requests: list[ItemRequest]) -> ItemRequest | None:
    """The request for the item offered ("add the white 39-43?"), when the message takes it
    along with the other items it names; None otherwise."""
    sku = (state.get("pending") or {}).get("sku")
    if state.get("pending_question") != "confirm_add" or not sku or not requests or any(
            sku in {r.get("sku"), *(r.get("skus") or [])} for r in requests):
        return None
    folded = fold(text)
    rest = folded
    for request in requests:
        if said := request.get("said"):
            rest = rest.replace(said, " ")
    if rest == folded:
        return None  # the other item's words are not told apart: nothing is left to read
    words = re.findall(r"[a-z]+|\d+", rest)
    also = set(re.findall(r"[a-z]+", folded)) & CONTINUING
    if not also or _NO & set(words) or not (set(words) & (PUT_IN_WORDS | _YES) or
                                             _count(words)):
        return None
    taken: ItemRequest = {"said": " ".join(words), "sku": sku}
    if (count := _count(words)) is not None:
        taken["quantity"] = count
    return taken


def _count(words: list[str]) -> int | None:
    """The units said with no item's words around them ("coloca 1", "manda duas")."""
    for word in words:
        if word.isdigit() and 0 < int(word) <= 20:
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None
