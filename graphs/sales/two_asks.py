"""Two asks in one message: "quero 1. e tem gift card tb?" adds the one, then looks for gift cards.

A buyer on WhatsApp says what they want and asks the next thing in the same breath. The graph
answers such a message in two passes: `classify` keeps the first ask for this pass and the
question after it as the turn's `rest`; `respond` then sends the graph back to `classify` for
it, and the reply words both answers, the question's last (its options are the ones to tap).
Only a question after a sentence break is split off, and only when the words before it ask
for items on their own: "tem o tapete verde? quero 1" is one ask (buying what was asked
about), and "quero a legging preta e um top rosa" is one list of items.
"""

from __future__ import annotations

import re

from graphs.sales.resolve.products import content_words
from graphs.sales.resolve.words import QUESTION_STARTS, is_attribute_word, tokenize
from tools.catalog.text import fold

ANSWERED_FIRST = frozenset({"add_to_cart", "provide_info"})
"""What the words before a question may ask for, to be answered first: items to add, or the
buyer's own details with a cart ("Daniel Kim. how late are you open today?")."""
ANSWERS_DONE = frozenset({"added", "added_items", "ask_cep", "ask_address", "choose_shipping",
                          "choose_payment", "order_summary", "payment_link"})
"""The first answers after which the question is answered too (checkout's next question keeps
waiting: a store's answer does not change it); after any other (a variant asked, a product
not found) the first ask's own question stays the last thing asked."""

# A sentence ends at ". ", "! ", "? " or a new line; "quero 1, e tem ...?" ends at the comma
# before a conjunction that opens a question.
_BREAK = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*|,\s*(?=(?:e|and|also|tb|tambem)\s)")
_ASKS = re.compile(
    r"^\W*(?:(?:e|and|also|ah|oh|btw|tb|tambem|alias|outra coisa|mais uma coisa)\W+)*"
    r"(?:tem|tens|vc tem|vcs tem|voce tem|voces tem|vende|vendem|do you|does|is there|are "
    r"there|have you|qual|quais|quanto|quanta|qto|qnto|what|which|how|como|onde|where|quando|"
    r"when|aceita|aceitam|faz|fazem|entrega|entregam|parcela|parcelam|can i|posso|da pra|"
    r"e o frete|and shipping)\b")


def split_asks(text: str) -> tuple[str, str] | None:
    """The first ask and the question after it, or None when the message is one ask.

    Args:
        text: The buyer's message (the turn's text).

    Returns:
        `(first, rest)`: the words before the question, which ask for items, and the question
        with everything after it; None when no question follows a sentence break, or when
        the first words ask a question themselves.
    """
    parts = [part.strip() for part in _BREAK.split(text.strip()) if part and part.strip()]
    for index in range(1, len(parts)):
        first, rest = " ".join(parts[:index]), " ".join(parts[index:])
        if "?" in first:
            return None
        if (rest.rstrip().endswith("?") or _ASKS.match(fold(rest))) and _names_more(rest):
            return first, rest
    return None


def only_acknowledges(words: str) -> bool:
    """ "cool.", "ok", "ah legal": words that take note of what was said, no yes to an offer
    the bot did not make in a question."""
    said = re.findall(r"[a-z]+", fold(words))
    return bool(said) and all(w in _ACKNOWLEDGING for w in said)


_ACKNOWLEDGING = frozenset("""cool ok okay oki nice legal show massa beleza blz entendi entendo
got it great hmm hm ah ahh oh ta bom otimo perfeito awesome sweet interessante i see right
alright uau wow""".split())


def _names_more(question: str) -> bool:
    """Whether the question is about something of its own: "tem em preto?" after "quero o
    tapete" only says which tapete (one ask); "e tem gift card?" asks for more."""
    words = [t.text for t in tokenize(question)[1]]
    return any(not is_attribute_word(word) and word not in QUESTION_STARTS
               for word in content_words(words))
