"""How a buyer's message was said, read before its items: a question, a word of buying or
of looking, a no, a decision after a question or a remark (`Resolution`'s flags)."""

from __future__ import annotations

import re

from graphs.sales.product_answers import ASKS_FOR_PRODUCTS, topics_in
from graphs.sales.resolve.parts import Resolution
from graphs.sales.resolve.words import (
    BUY_CUES,
    CHANGE_WORDS,
    COMPLAINT_WORDS,
    GREETINGS,
    LIKE_WORDS,
    LOOK_WORDS,
    NEGATIONS,
    PUT_IN_WORDS,
    QUESTION_STARTS,
    QUESTION_WORDS,
    REMOVE_WORDS,
    Token,
    is_attribute_word,
    tokenize,
)
from tools.catalog.text import fold

# "can i get the tee in white, medium", "could I have 2 of the mugs": a request said as a
# question, as English asks politely for things.
_POLITE_ASK = re.compile(r"^\W*(?:(?:hi|hey|hello|ok|okay|so)\W+)?(?:can|could|may) i (?:get|have|"
                         r"grab|order|buy)\b|^\W*(?:can|could) you (?:add|put|send|get) me\b")

# "is the X an eau de parfum?", "does the X ...": a yes/no question about the item named.
_IS_IT = re.compile(r"^\W*(?:(?:hi|hey|hello|oi|ola)\W+)?(?:is|does|are|can|will)\b")

def how_said(text: str, tokens: list[Token]) -> Resolution:
    """How the message was said (a question, a word of buying, a no, ...), before its items
    are read: a `Resolution` with no requests yet."""
    words = [t.text for t in tokens]
    first = next((w for w in words if w not in GREETINGS), "")
    after = text.rpartition("?")[2]
    folded = fold(text)
    remark_then_decision = "?" not in text and _decided_after_remark(text)
    polite = bool(_POLITE_ASK.match(folded))
    return Resolution(
        about_topic=bool(topics_in(text) or _IS_IT.match(folded))
        and not ASKS_FOR_PRODUCTS.match(folded),
        ends_buying=_decided_after(text, after) if "?" in text else remark_then_decision,
        decided_after_remark=remark_then_decision,
        buy_cue=polite or any(w in BUY_CUES for w in words),
        likes=any(w in LIKE_WORDS for w in words) or any(
            w in {"look", "looks"} and goes_ahead(words, i) for i, w in enumerate(words)),
        puts_in=any(w in PUT_IN_WORDS for w in words),
        question=not polite and ("?" in text or any(w in QUESTION_WORDS for w in words)
                                 or first in QUESTION_STARTS),
        negated=_negated(words, folded),
        looking=any(w in LOOK_WORDS and not goes_ahead(words, i) for i, w in enumerate(words)),
        # (a pickup's "retirar" is gone with the asides: "p retirar sabado" is no removal)
        other_business=any(w in CHANGE_WORDS or w in REMOVE_WORDS or w in COMPLAINT_WORDS
                           for w in words),
    )


# "n, melhor a transparente", "nao, o azul", "no, the black one": a leading no set apart
# refuses what was offered and names the choice instead; it negates nothing named after it.
LEADING_NO = re.compile(r"^\W*(?:n|nao|no|nope|nah)(?:\s+(?:pera|peraí|perai|espera|wait|calma|"
                         r"hmm+|ops|actually|na verdade))?\s*[,.!;]+")


def _decided_after(text: str, after: str) -> bool:
    """Whether the words after the last "?" go on buying: a word of buying ("tem o tapete
    verde? quero 1"), or an item's option after a question that itself buys ("e se eu levar
    as duas? a almofada na cor rosa")."""
    said_after = tokenize(after)[0].split()
    if any(w in BUY_CUES for w in said_after):
        return True
    asked = tokenize(text[:len(text) - len(after)])[0].split()
    return bool(said_after) and any(w in BUY_CUES for w in asked) and \
        not any(w in QUESTION_WORDS for w in said_after) and any(
            is_attribute_word(w) for w in said_after)


# "... entao vai a meia esportiva msm": a decision after a remark ("ah n tem de compressao ne.")
_DECISION = re.compile(r"^\W*(?:(?:ok|blz|ah|hmm|bom)\W+)?(?:entao|then|so|beleza|pode ser)\s+"
                       r"(?:vai|vou|fica|fico|quero|manda|pega|i ll|ill|i will|take|get)\b")


def _decided_after_remark(text: str) -> bool:
    """Whether the words after the last sentence break decide to buy ("ah n tem de
    compressao ne. entao vai a meia esportiva msm, a preta 34 a 38"): the remark before them
    asks nothing."""
    breaks = list(re.finditer(r"[.!;\n]+\s*", text))
    return bool(breaks) and bool(_DECISION.match(fold(text[breaks[-1].end():] if breaks[-1].end()
                                                      < len(text) else "")))


def _negated(words: list[str], folded: str) -> bool:
    if LEADING_NO.match(folded):
        words = words[1:]
    elif words and words[0] == "n":
        return True
    return any(w in NEGATIONS for w in words)


def goes_ahead(words: list[str], index: int) -> bool:
    """"manda ver": go ahead, not a wish to see; "they look nice": a liking, no wish to see."""
    if words[index] in {"look", "looks"}:
        after = [w for w in words[index + 1:index + 3] if w not in _SO]
        return bool(after) and after[0] in _LOOKS_LIKE
    return words[index] == "ver" and index > 0 and words[index - 1] in {"manda", "mande"}


_SO = frozenset("really so very super pretty quite".split())
_LOOKS_LIKE = frozenset("""nice good great lovely cute perfect amazing cool fine beautiful pretty
gorgeous awesome comfy comfortable""".split())
