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


# Portuguese diminutives: "caixinha", "garrafinhas", "cafezinho", "celularzinho".
_DIMINUTIVE = re.compile(r"^([a-z]{2,}?)(z?)inh([oa])s?$")
# Endings whose diminutive changes the stem's last letters ("bonequinha" -> "boneca").
_RESPELLED = {"qu": "c", "gu": "g"}
# Words that look like diminutives and are not ("vizinho", "caminho", "linha", "cozinha").
_NOT_DIMINUTIVES = frozenset(
    "vizinho vizinha caminho caminha linha linho cozinha cozinho sozinho sozinha espinho"
    " golfinho pinho vinho galinha farinha marinho marinha rainha bainha adivinha focinho"
    " moinho ninho carinho mesquinho padrinho madrinha sardinha campainha".split()
)


def undiminished(word: str) -> tuple[str, ...]:
    """The words a folded Portuguese diminutive may stand for, most likely first; none when
    it is not one.

    "caixinha" -> caixa; "garrafinhas" -> garrafa; "meinha" -> meia; "cafezinho" -> cafe;
    "bonequinha" -> boneca. A guess: the search keeps it only as one more spelling.
    """
    found = _DIMINUTIVE.match(word)
    if word in _NOT_DIMINUTIVES or found is None:
        return ()
    stem, z, vowel = found.groups()
    if z:  # "cafezinho", "florzinha": the whole word under it
        return (stem,) if len(stem) >= 3 else ()
    for ending, plain in _RESPELLED.items():
        if stem.endswith(ending):
            stem = stem[: -len(ending)] + plain
    if stem.endswith("e"):  # "meinha" -> meia: the "i" was swallowed
        stem += "i"
    plain = stem + vowel
    return (plain,) if len(plain) >= 3 else ()
