"""`ordinal`: a 1-based position in the last list the bot showed, -1 for the last one.

"o segundo" -> 2, "a 3" -> 3, "item 2" -> 2, "2º" -> 2, "the 3rd one" -> 3, "o ultimo" -> -1.
Words that double as something else need a cue: "segunda"/"sexta" are also weekdays ("entrega
na segunda?"), "primeiro" is also "first of all", "segundo o site" means "according to".
"""

from __future__ import annotations

import re

from graphs.sales.nlu.spans import ClaimedSpans

_WORDS = {
    "primeiro": 1, "primeira": 1, "segundo": 2, "segunda": 2, "terceiro": 3, "terceira": 3,
    "quarto": 4, "quarta": 4, "quinto": 5, "quinta": 5, "sexto": 6, "sexta": 6,
    "setimo": 7, "setima": 7, "oitavo": 8, "oitava": 8, "nono": 9, "nona": 9,
    "decimo": 10, "decima": 10, "ultimo": -1, "ultima": -1, "penultimo": -2, "penultima": -2,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "penultimate": -2,
}
_WEEKDAY_LIKE = {"segunda", "terca", "quarta", "quinta", "sexta"}
_DETERMINERS = (r"o|a|os|as|do|da|no|na|pelo|pela|esse|essa|este|esta|aquele|aquela|daquele|"
                r"daquela|the|that|this|your|seu|sua")
_ITEM_NOUNS = (
    r"opcao|opcoes|op|item|itens|foto|imagem|link|modelo|produto|one|option|item|pic|photo|"
    r"da lista|of the list|on the list|da esquerda|camiseta|tenis|vestido|cor"
)
_WORD = re.compile(
    rf"(?:\b(?P<det>{_DETERMINERS})\s+)?\b(?P<word>{'|'.join(_WORDS)})\b"
    rf"(?P<after>\s+(?:{_ITEM_NOUNS})\b|\s+feira\b|\s+(?:o|a|os|as)\s+\w+)?"
)
_NUMBERED = re.compile(r"\b(?P<n>\d{1,2})(?:o|a|st|nd|rd|th)\b")
_AFTER_MARKER = re.compile(
    rf"\b(?:{_DETERMINERS}|item|itens|opcao|op|option|numero|num|number|nr|n|modelo|"
    r"produto|foto|link|#)\.?\s?(?P<n>\d{1,2})\b"
)
_NOT_ORDINAL_AFTER = re.compile(
    r"\s*(x\b|vezes|unidades?|un\b|pecas?|reais|real|conto|dias?|horas?|h\b|%|anos?|meses|"
    r"days?|hours?|units?|pieces?|dollars?|bucks|[a-z]+s\b)"
)
_SHORT_MESSAGE_WORDS = 3
_LONGEST_LIST = 20


_ENGLISH_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                  "ninth", "tenth", "last", "penultimate"}
_ENGLISH_DETERMINERS = {"the", "that", "this", "your"}


# "a primeira lavagem", "a segunda vez", "meu primeiro pedido": an occurrence, not a pick.
_NOT_PICKED_AFTER = re.compile(
    r"\s+(vez|vezes|lavagem|lavada|uso|semana|dia|mes|ano|hora|parcela|compra|pedido|"
    r"time|times|day|week|month|year|wash|try|attempt|order|purchase)\b"
)


def _word_is_ordinal(match: re.Match[str], folded: str, word_count: int) -> bool:
    word, after = match.group("word"), (match.group("after") or "").strip()
    if _NOT_PICKED_AFTER.match(folded, match.end("word")):
        return False
    if after == "feira" or re.search(r"\b(um|1|uns|so um)\s+$", folded[: match.start("word")]):
        return False  # "segunda-feira", "um segundo"
    determiner = match.group("det")
    if word in _ENGLISH_WORDS:
        # "a second", "last week", "first time" are not picks; "the second", "2nd one" are.
        return determiner in _ENGLISH_DETERMINERS or after == "one" or word_count <= 2
    has_determiner = bool(determiner)
    if word in _WEEKDAY_LIKE:
        # "na segunda" is Monday; "a segunda (opcao)" is the second one.
        return determiner in ("a", "da", "pela", "essa", "esta") or (
            bool(after) and not re.match(r"(o|a|os|as)\s", after))
    if not has_determiner and re.match(r"(o|a|os|as)\s", after):
        return False  # "segundo o site", "primeiro a gente ve"
    return has_determiner or bool(after) or word_count <= _SHORT_MESSAGE_WORDS


def _resolve(value: int, list_size: int) -> int | None:
    if value == -2:
        return list_size - 1 if list_size >= 2 else None
    if value == -1:
        return -1
    if list_size and not 1 <= value <= list_size:
        return None  # out of the range of the list shown: not a pick
    if not list_size and value > _LONGEST_LIST:
        return None  # "numero 45" is a house number, not a list position
    return value


def extract_ordinal(folded: str, claimed: ClaimedSpans, *, list_size: int = 0) -> int | None:
    """The position the buyer points at, or None.

    Args:
        folded: The folded message.
        claimed: Spans other rules already used.
        list_size: Size of the last list shown (0 when unknown); positions beyond it are
            rejected and "o penultimo" resolves against it.

    Returns:
        A 1-based position, -1 for the last item, or None.
    """
    word_count = len(folded.split())
    candidates: list[tuple[int, int, int]] = []
    for match in _WORD.finditer(folded):
        if _word_is_ordinal(match, folded, word_count) and claimed.is_free(*match.span("word")):
            candidates.append((match.start("word"), match.end("word"), _WORDS[match.group("word")]))
    for pattern in (_NUMBERED, _AFTER_MARKER):
        for match in pattern.finditer(folded):
            start, end = match.span("n")
            if not claimed.is_free(start, end):
                continue
            if pattern is _AFTER_MARKER and _NOT_ORDINAL_AFTER.match(folded, match.end()):
                continue
            candidates.append((start, match.end(), int(match.group("n"))))
    for start, end, value in sorted(candidates):
        resolved = _resolve(value, list_size)
        if resolved is not None and value != 0:
            claimed.claim(start, end)
            return resolved
    return None
