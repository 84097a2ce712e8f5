"""Which product a few words name: "fone pulse", "top nadador", "garafa", "gift card".

Words are compared with a product's name, then (counting less) its tags, category and brand.
A typo still matches (RapidFuzz's normalized Indel similarity, at least 84 for words of four
letters or more), and so does a plural ("camisetas"). The first word of a name is what the
product is ("Case ... para Fone Pulse" is a case): a buyer whose first product word is it
scores higher, and name words after "para"/"for" (what a product is for) count half.
English words also match through their Portuguese counterparts (`glossary.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.fuzz import ratio

from graphs.sales.resolve.words import (
    BUY_CUES,
    FILLERS,
    GREETINGS,
    NUMBER_WORDS,
    is_attribute_word,
    tokenize,
)
from tools.catalog.glossary import translations
from tools.catalog.text import undiminished

_FOR = frozenset("para pra pro for p compativel".split())
SAID_FOR = frozenset("para pra pro pros pras for serve servem fits fit compativel".split())
"""Words after which a buyer says what an item is for ("um case pro meu fone")."""
_NAME_FILLERS = FILLERS - {"top", "kit"}
_TYPO_SIMILARITY = 84.0
_NAMED = 0.9
"""The score from which words name a product: one name word (or its translation), or two
of its tags."""
_HEAD_BONUS = 0.5
_EXTRA_WEIGHT = 0.6
_TRANSLATED_WEIGHT = 0.9
"""A word matched through its translation counts a little less than the word itself."""
_FOR_WEIGHT = 0.5
_PARENS = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class Candidate:
    """A product the buyer may mean, with where it was seen."""

    sku: str
    name: str
    extra: str = ""
    """Tags, category and brand: words that describe it without being its name."""
    rank: int = 9
    """How recently the buyer saw it: 0 the suggestions just made, 1 the last list, 2 the
    cart, 9 never (a catalog match)."""


def base_name(name: str) -> str:
    """A list row's product name without the variant in parentheses."""
    return _PARENS.sub("", name)


@lru_cache(maxsize=8192)
def _name_words(name: str) -> tuple[tuple[str, float], ...]:
    words: list[tuple[str, float]] = []
    weight = 1.0
    for token in tokenize(base_name(name))[1]:
        if token.text in _FOR:
            weight = 0.5
            continue
        if token.is_number or token.text in _NAME_FILLERS or len(token.text) < 2:
            continue
        words.append((token.text, weight))
    return tuple(words)


@lru_cache(maxsize=16384)
def singular(word: str) -> str:
    """A Portuguese or English plural's singular, roughly ("batons" -> "batom", "botoes" ->
    "botao", "camisetas" -> "camiseta", "tops" -> "top")."""
    if len(word) > 4 and word.endswith("ns"):
        return word[:-2] + "m"
    if len(word) > 4 and word.endswith(("oes", "aes")):
        return word[:-3] + "ao"
    return word[:-1] if len(word) > 3 and word.endswith("s") else word




@lru_cache(maxsize=65536)
def same_word(said: str, word: str) -> bool:
    """Equal, a plural of it, or a typo of it (for words of four letters or more)."""
    if said == word or singular(said) == singular(word) or \
            singular(word) in undiminished(said):
        return True  # (the last: "garrafinha" is a "garrafa", never the other way round)
    if len(said) == 3 and len(word) == 4:
        # "bne" for "bone": a letter dropped inside a short word (never its last one:
        # "cap" is no "capa")
        return said[0] == word[0] and said[-1] == word[-1] and any(
            word[:i] + word[i + 1:] == said for i in (1, 2))
    if len(said) < 4 or len(word) < 4:
        return False
    return ratio(said, word) >= _TYPO_SIMILARITY


def names_its_kind(said: Sequence[str], name: str) -> bool:
    """Whether the words say what the product is, its name's first word ("carteira" for
    "Carteira Masculina de Couro Slim"), not only something it has ("prova dagua" for "Fone
    Esportivo à Prova d'Água")."""
    words = [w for w, _ in _name_words(name) if w not in _PACKS]
    return bool(words) and any(same_word(form, words[0])
                               for word in said for form in (word, *translations(word)))


# Words before what a product is ("Kit Potes de Vidro", "Par de Halteres", "Jogo de Panelas").
_PACKS = frozenset("kit par jogo conjunto set".split())


def content_words(words: Sequence[str]) -> list[str]:
    """The words that may name a product: not fillers, numbers, colours or sizes."""
    return [w for w in words if not w[0].isdigit() and w not in FILLERS and w not in BUY_CUES
            and w not in GREETINGS and w not in NUMBER_WORDS and not is_attribute_word(w)
            and len(w) >= 2]


def score(said: Sequence[str], candidate: Candidate, said_for: frozenset[str] = frozenset()
          ) -> tuple[float, set[str]]:
    """How well the content words `said` name the candidate, and the words that matched.

    Words in `said_for` were said after "pro"/"para"/"serve" (what the item is for, as in "um
    case pro meu fone") and count half.
    """
    name = _name_words(candidate.name)
    extra = [w for w, _ in _name_words(candidate.extra)]
    total, matched = 0.0, set()
    for index, word in enumerate(said):
        translated = translations(word)
        best = max((weight * _TRANSLATED_WEIGHT if not same_word(word, name_word) else weight
                    for name_word, weight in name
                    if same_word(word, name_word)
                    or any(same_word(form, name_word) for form in translated)), default=0.0)
        if best:
            if index == 0 and name and any(same_word(form, name[0][0])
                                           for form in (word, *translated)):
                best += _HEAD_BONUS
        elif any(same_word(form, e) for form in (word, *translated) for e in extra):
            best = _EXTRA_WEIGHT
        if best:
            total += best * (_FOR_WEIGHT if word in said_for else 1.0)
            matched.add(word)
    return total, matched


def best_candidates(said: Sequence[str], candidates: Sequence[Candidate],
                    said_for: frozenset[str] = frozenset()) -> list[Candidate]:
    """The candidates the words name best: one when it is clear, several when it is not,
    none when the words name nothing. Among equals, what the buyer saw most recently wins."""
    if not said:
        return []
    if max((score(said, c)[0] for c in candidates), default=0.0) < _NAMED:
        return []
    # What an item is for ("pro meu fone") ranks less, but still names something.
    scored = [(score(said, c, said_for)[0], c) for c in candidates]
    top = max((s for s, _ in scored), default=0.0)
    best = [c for s, c in scored if s >= top - 1e-9]
    freshest = min(c.rank for c in best)
    best = [c for c in best if c.rank == freshest]
    unique: dict[str, Candidate] = {}
    for candidate in best:
        unique.setdefault(base_name(candidate.name).lower(), candidate)
    return list(unique.values())


def explained(said: Sequence[str], candidate: Candidate) -> bool:
    """Whether every content word said is a word of the candidate (nothing else was said)."""
    return score(said, candidate)[1] >= set(said)
