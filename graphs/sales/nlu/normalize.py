"""Text folding shared by the entity rules, the language guess and the model features.

WhatsApp buyers drop accents, stretch letters ("caaaro") and mix case, so every rule works on
a folded copy of the message. Folding keeps one output character per input character, which
lets a rule that matched on the folded text cut the original text at the same offsets (order
ids are reported "as written").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_REPEATS = re.compile(r"([a-z])\1{2,}")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = decomposed[0] if decomposed else char
    lowered = base.lower()
    # Keep the 1:1 length guarantee: a character whose lower case is longer stays as it is.
    return lowered if len(lowered) == 1 else base


def fold(text: str) -> str:
    """Lower-case and strip accents, one output character per input character.

    Args:
        text: The message as typed.

    Returns:
        The folded text, with `len(fold(text)) == len(text)`.
    """
    return "".join(_fold_char(char) for char in text)


def squeeze(folded: str) -> str:
    """Collapse letters stretched three times or more ("caaaro" -> "caro", "kkkk" -> "k").

    Doubled letters stay: Portuguese spells with them ("carro", "isso") and "ss" means yes.
    """
    return _REPEATS.sub(r"\1", folded)


def tokens(folded: str) -> list[re.Match[str]]:
    """Word and number tokens of folded text, with their offsets."""
    return list(_TOKEN.finditer(folded))


def words(text: str) -> list[str]:
    """The folded, squeezed word and number tokens of a message."""
    return [match.group() for match in tokens(squeeze(fold(text)))]
