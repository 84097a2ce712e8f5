"""A gift's receiver described by what they like: "ele é doido por esporte, joga bola na escola
todo dia", "she loves cooking", "minha vó ama cozinhar".

What they like is what to look for, as one need: the rest of the message tells about the
person (his school, her age), not about other products to put in a basket. A budget the buyer
gave just before ("queria dar alguma coisa, uns 100 conto", answered with the catalog's
categories) still holds for that search.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from graphs.sales.inbound import turn_text
from graphs.sales.nlu.entities import extract_entities
from graphs.sales.state import SalesState
from tools.catalog.text import fold
from tools.catalog.vocabulary import FILLER, OCCASIONS, phrases_replaced

_LIKES = re.compile(
    r"\b(?:curte|curtem|gosta(?:m)? (?:muito |demais |mt )?de|ama|amam|adora|adoram"
    r"|(?:e|eh|ta|esta) (?:muito |mt |super )?(?:doid[oa]|louc[oa]|fa|fanatic[oa]|apaixonad[oa]"
    r"|viciad[oa]|ligad[oa]|aficionad[oa]) (?:por|de|em|com|no|na|nos|nas)"
    r"|manja (?:muito )?de|vive (?:no|na|de)|(?:toma|bebe|pratica|joga|treina) (?:muito |mt )?"
    r"|loves|likes|enjoys|(?:is|s) (?:really |totally |super |very )?into"
    r"|(?:is|s) (?:crazy|mad|nuts|obsessed|passionate) (?:about|with)"
    r"|(?:is|s) a (?:big |huge )?fan of|(?:is|s) big on"
    r"|(?:basically |practically |pretty much )?lives (?:at|in|on) (?:the )?)"
    r"\s*(?P<what>[^,.;:!?\n]+)")
# Where what they like ends: the next clause ("... esporte, joga bola"; "... cooking and baking
# is her thing" keeps the first).
_CLAUSE_END = re.compile(r"\s+(?:e|and|mas|but|entao|so|tipo|porque|pq|because|que|q|o|a|os|as|the"
                         r"|todo|toda|all|every|always|sempre|anything|something|algo|alguma"
                         r"|under|ate|max|uns|umas)\s+|\d")
_NOT_A_LIKING = frozenset(
    "isso this that it voce vc voces you muito mt demais bastante much lot de of".split())
_MAX_WORDS = 3


def liking(text: str) -> str | None:
    """The words of what the person likes ("esporte", "cooking"), or None."""
    found = _LIKES.search(fold(text).replace("'", " "))
    if not found:
        return None
    what = _CLAUSE_END.split(found.group("what"), maxsplit=1)[0]
    words = [w for w in what.split()
             if w.isalpha() and w not in FILLER and w not in _NOT_A_LIKING]
    return " ".join(words[:_MAX_WORDS]) or None


def names_a_gift(text: str) -> bool:
    """Whether the words speak of a gift or its occasion ("niver da minha sogra")."""
    return bool(OCCASIONS & set(fold(phrases_replaced(text)).split()))


def budget_said_before(state: SalesState) -> Decimal | None:
    """The most a buyer said to spend in their messages since the last list of products the
    bot showed (a budget that no search has used yet), or None."""
    messages = list(state.get("messages") or [])
    if messages and messages[-1].get("role") == "buyer" and turn_text(state):
        messages = messages[:-1]  # this turn's own words
    for message in reversed(messages):
        if message.get("role") == "bot":
            if message.get("template") in _LISTS:
                return None
            continue
        entities: dict[str, Any] = extract_entities(message.get("text") or "")
        if entities.get("price_max") is not None:
            return Decimal(str(entities["price_max"]))
    return None


_LISTS = frozenset({"search_results", "basket", "product_detail", "choose_variant"})
