"""Accent- and case-folding of text, shared by the importer (search_text) and search queries."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-cases text, strips accents and collapses whitespace.

    Args:
        text: Any text, e.g. "  Tênis   de Corrida ".

    Returns:
        The folded text, e.g. "tenis de corrida". Letters that NFKD does not decompose
        (such as "ø") are kept as they are.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def words(text: str) -> list[str]:
    """The folded alphanumeric words of text, in order ("Camiseta P/M" -> camiseta, p, m).

    Args:
        text: Any text.

    Returns:
        Words made only of `a-z` and `0-9`, safe to splice into a tsquery.
    """
    return _WORD.findall(fold(text))
