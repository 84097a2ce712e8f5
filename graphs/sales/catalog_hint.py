"""When the classifier is unsure, a message that names a catalog product is a search.

The offline model knows how buyers ask, not what this store sells; "quero um protetor solar
facial" or "garafa termica" can come out as another intent with low confidence. If the store's
own search finds a product whose name shares a word with the message, the buyer is looking for
it. Confident classifications and answers to a question the bot asked are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.state_types import ClassificationData
from tools.catalog.glossary import translations
from tools.catalog.models import ProductHit
from tools.catalog.terms import query_words
from tools.catalog.text import fold, undiminished

UNSURE_BELOW = 0.5
# Intents a message naming a product is never meant as, when the model is unsure.
_REDIRECTABLE = {
    "human_agent", "cancel_order", "checkout", "view_cart", "browse_catalog", "add_to_cart",
    "product_question", "return_exchange", "other", "order_status", "shipping_question",
    "payment_question", "remove_from_cart", "greeting",
}
_MIN_WORD = 4
_WORDS_ALONE = 4


async def names_a_product(catalog: Any, store_id: str, text: str) -> bool:
    """Whether the store's search finds a product whose name or category shares a word with
    `text`."""
    return bool(await named_hits(catalog, store_id, text))


async def named_hits(catalog: Any, store_id: str, text: str, *, limit: int = 3,
                     whole: bool = True, **filters: Any) -> list[ProductHit]:
    """The search's hits whose name or category shares a word with what was searched: for
    the whole text (unless `whole` is False: the caller searched it already), else for the
    first of its longer words, up to four, that finds some. A long sentence can find nothing
    as a whole ("preciso de um presente pro amigo secreto da firma")."""
    words = [w for w in query_words(text) if len(w) >= _MIN_WORD]
    queries = ([text] if whole else []) + [w for w in words[:_WORDS_ALONE]
                                           if w != fold(text).strip()]
    for query in queries:
        hits = await catalog.search(store_id, query, limit=limit, **filters)
        named = [h for h in hits
                 if shares_a_word(query, f"{h.product.name} {h.product.category}")]
        if named:
            return named
    return []


def shares_a_word(text: str, name: str) -> bool:
    """Whether `text` uses a word of a product `name` (accents, case and one typo aside)."""
    said = re.findall(r"[a-z0-9]+", fold(text))
    # English words count through their Portuguese names ("thermal mug" for "Caneca Térmica").
    # ...and diminutives through the word under them ("garrafinha" for "Garrafa").
    words = {w for word in said for w in (word, *translations(word), *undiminished(word))
             if len(w) >= _MIN_WORD}
    name_words = {w for w in re.findall(r"[a-z0-9]+", fold(name)) if len(w) >= _MIN_WORD}
    return any(_same_word(w, n) for w in words for n in name_words)


def should_check(classification: ClassificationData, pending_question: str | None) -> bool:
    return (
        pending_question is None
        and classification["confidence"] < UNSURE_BELOW
        and classification["intent"] in _REDIRECTABLE
    )


def _same_word(a: str, b: str) -> bool:
    """Equal, or one a typo of the other (same first letters, one letter more or less)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or a[:3] != b[:3]:
        return False
    shorter, longer = sorted((a, b), key=len)
    mismatches = sum(x != y for x, y in zip(shorter, longer, strict=False))
    return mismatches + (len(longer) - len(shorter)) <= 1 or \
        any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))
