"""Cutting a message into the needs it may list ("oculos de sol, uma bolsa de praia e uma
sandalia 36") before the catalog says which of them name products."""

from __future__ import annotations

import re

from graphs.sales.resolve.asides import BEFORE_SIZE, WEARS
from tools.catalog.text import fold

# Where one need ends and the next begins: punctuation, "e"/"and"/"+", a line break.
_SEPARATORS = re.compile(r"[,;:!?\n]+|\.(?:\s+|$)|\s+(?:e|and|&|\+|mais|tambem|also)\s+")
# What a buyer puts before the list ("preciso de", "I need"), dropped from the first need.
_LEADS = re.compile(
    r"^(?:.*?\b(?:preciso|precisava|quero|queria|procuro|to precisando|estou precisando|"
    r"i need|i want|i'm looking for|im looking for|looking for|i'd like|id like)\b"
    r"(?:\s+(?:de|of))?\s+)")
_MIN_PIECES = 2
_MAX_PIECES = 10
_MAX_LENGTH = 600


def need_pieces(text: str) -> list[str]:
    """The parts of a message that may each be a need, folded, in the order said (at most
    ten; a message too long to be a shopping list gives none)."""
    if len(text) > _MAX_LENGTH:
        return []
    folded = fold(text)
    pieces: list[str] = []
    for part in _SEPARATORS.split(folded):
        part = _LEADS.sub("", part.strip()).strip(" .")
        for need in _run_together(part):
            if pieces and (_OPTION_ONLY.match(need) or _COUNT_FOR_WHOM.match(need)
                           or _DESCRIBES.match(need)):
                # "a garrafa de 1 litro, cor inox": its option; "... verde? queria 3 pro meu
                # sofa novo": how many of it, and what they are for (no sofa wanted);
                # "garrafinha termica, tipo uma caneca, pro cafe no carro": what it is like
                # and what it is for, one need
                pieces[-1] += f" {need}"
            elif any(ch.isalpha() for ch in need):
                pieces.append(need)
    return pieces[:_MAX_PIECES]


# A part that only names an option of the need before it ("cor inox", "tamanho M", "na cor
# preta", "size 42", "in black").
_OPTION_ONLY = re.compile(
    r"^(?:(?:na|no|em|in|de|da|do)\s+)?(?:a\s+|the\s+)?(?:cor|tamanho|tam|numero|size|"
    r"colou?r|voltagem)\b"
    # "..., ela calca 35", "she wears a 37": the size of the need before (not the trousers)
    rf"|^(?:ele|ela|eu|she|he|i)\s+(?:{'|'.join(sorted(WEARS))})\s+"
    rf"(?:(?:{'|'.join(sorted(BEFORE_SIZE))})\s+)?\d")


# What the need before is like or for ("tipo uma caneca", "like a tote", "pro cafe no carro").
_DESCRIBES = re.compile(r"^(?:tipo|estilo|parecid[oa] com|igual a|like|kind of like|similar to|"
                        r"something like|(?:pro|pra|para|p|for)\s)")


# A count and who or what it is for, and nothing else ("3 pro meu sofa novo", "2 pra minha
# filha", "two for my kids").
_COUNT_FOR_WHOM = re.compile(
    r"^(?:\d{1,2}|um|uma|dois|duas|tres|quatro|cinco|two|three|four|five)\s+"
    r"(?:(?:unidades?|pecas?|units?)\s+)?(?:pro|pra|para|for)\s+(?:o |a |os |as )?"
    r"(?:meu|minha|meus|minhas|my|our|nosso|nossa)\b")

# Voice-to-text and quick typing run needs together ("um tapete roxo uma legging preta G"):
# an indefinite article before a word starts the next one, unless the words before lead
# into it ("uma mochila que caiba um notebook", "uns 300 reais").
_ARTICLE = re.compile(r"\s(?:um|uma)\s+(?=[^\W\d_]{3,})")
_LEADS_INTO = frozenset("que q caiba cabe com de do da pra pro para por tipo sem e ou".split())


def _run_together(part: str) -> list[str]:
    needs, start = [], 0
    for match in _ARTICLE.finditer(part):
        before = part[start:match.start()].split()
        if before and before[-1] not in _LEADS_INTO and match.start() > start:
            needs.append(part[start:match.start()].strip())
            start = match.start() + 1
    needs.append(part[start:].strip())
    return [need for need in needs if need]


def may_list_needs(text: str) -> bool:
    """Whether a message is cut into enough parts to be worth looking up as several needs."""
    return len(need_pieces(text)) >= _MIN_PIECES
