"""A variant named in words: "38 rosa", "42 azul", "blue", "size 42", "the 100 one", "39-43".

Words are matched against the values the product's variants really have, so "m" is a size
only for a product sold in M, and "100" is the R$ 100 gift card only where there is one.
Colours match in Portuguese or English and in any gender or number ("pretas", "black");
letter sizes in Brazilian or English letters ("L" is "G" in a store that sells P/M/G);
numbers equal a numeric size, fall inside a range ("40" is "39-43", "36" is "35/36"), or
equal the number of a value with a unit ("100" is "R$ 100", "50ml" is "50 ml").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from graphs.sales.resolve.words import (
    ENGLISH_LETTERS,
    LETTER_SIZES,
    SIZE_WORDS,
    Token,
    color_base,
    tokenize,
)
from tools.catalog.models import Product, Variant
from tools.catalog.vocabulary import LARGER_WORDS, SIZES, SMALLER_WORDS

_RANGE = re.compile(r"^\s*(\d+)\s*[-/]\s*(\d+)\s*$")
_UNITS = frozenset("r rs ml l g kg gb tb mah w cm mm reais".split())
_MONEY_UNITS = frozenset("r rs reais".split())
_RANGE_JOINERS = frozenset("a ao to e ate".split())


@dataclass
class AttributeMatch:
    """The attribute values a message names for one product, and the tokens that named them."""

    wanted: dict[str, str] = field(default_factory=dict)
    """Catalog attribute key -> catalog value, e.g. `{"tamanho": "38", "cor": "rosa"}`."""
    used: set[int] = field(default_factory=set)
    """Indexes of the tokens that named them."""


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _value_kinds(value: str) -> tuple[list[str], tuple[float, float] | None, float | None]:
    """A value's tokens, its numeric range ("39-43"), and its number when it has one number
    and units ("R$ 100" -> 100)."""
    words = [t.text for t in tokenize(value)[1]]
    bounds = _RANGE.match(value)
    span = (float(bounds.group(1)), float(bounds.group(2))) if bounds else None
    numbers = [w for w in words if w[0].isdigit()]
    unit_number = None
    if len(numbers) == 1 and all(w[0].isdigit() or w in _UNITS for w in words) and len(words) > 1:
        unit_number = _number(numbers[0])
    return words, span, unit_number


def _phrase_at(tokens: Sequence[Token], free: set[int], words: list[str]) -> list[int] | None:
    """Token indexes where `words` appear in order (range joiners allowed between numbers)."""
    for start in range(len(tokens)):
        if start not in free or tokens[start].text != words[0]:
            continue
        picked, index = [start], start + 1
        for word in words[1:]:
            while index < len(tokens) and index in free and tokens[index].text in _RANGE_JOINERS \
                    and tokens[index].text != word:
                index += 1
            if index < len(tokens) and index in free and tokens[index].text == word:
                picked.append(index)
                index += 1
            else:
                break
        else:
            return picked
    return None


def _letter(word: str) -> str | None:
    if word in LETTER_SIZES:
        return word
    return SIZE_WORDS.get(word)


def match_attributes(
    tokens: Sequence[Token], free: Iterable[int], attribute_sets: Iterable[dict[str, str]]
) -> AttributeMatch:
    """The values of `attribute_sets` (a product's variants) that the free tokens name.

    Args:
        tokens: The tokens of the words said about one item.
        free: Indexes of the tokens not already read as something else (a position).
        attribute_sets: The attributes of each variant, e.g. `{"tamanho": "38", "cor": "rosa"}`.

    Returns:
        One value per attribute at most, and the tokens used.
    """
    free_set = set(free)
    values: dict[str, list[str]] = {}
    for attributes in attribute_sets:
        for key, value in attributes.items():
            if value not in values.setdefault(key, []):
                values[key].append(value)
    match = AttributeMatch()
    letters_sold = {_fold_value(v) for vs in values.values() for v in vs}

    def take(key: str, value: str, indexes: Iterable[int]) -> None:
        match.wanted.setdefault(key, value)
        match.used.update(indexes)
        free_set.difference_update(indexes)

    # Whole phrases first ("azul marinho", "39-43", "R$ 100", "50 ml"), longest first.
    phrases = sorted(((key, value, _value_kinds(value)) for key, vs in values.items()
                      for value in vs), key=lambda item: -len(item[2][0]))
    for key, value, (words, _, _) in phrases:
        if key in match.wanted or not words:
            continue
        found = _phrase_at(tokens, free_set, words)
        if found is not None:
            take(key, value, found)
    for key, value, (words, span, unit_number) in phrases:
        if key in match.wanted:
            continue
        for index in sorted(free_set):
            word = tokens[index].text
            if _same_value(word, tokens, index, words, span, unit_number, letters_sold):
                take(key, value, [index])
                break
    # A colour said in English or in another form ("pretas") for a multi-word value ("azul
    # marinho" for "navy"): the value whose last word has the same base.
    for key, vs in values.items():
        if key in match.wanted:
            continue
        for value in vs:
            words = value.split()
            base = color_base(_fold_value(words[-1])) if words else None
            if len(words) > 1 and base:
                hit = next((i for i in sorted(free_set) if color_base(tokens[i].text) == base),
                           None)
                if hit is not None:
                    take(key, value, [hit])
                    break
    _relative(tokens, free_set, values, match, take)
    return match


# "o menor", "the small one", "a maior": among values that are numbers ("50 ml", "100 ml").
_SMALLER = SMALLER_WORDS
_LARGER = LARGER_WORDS


def _relative(tokens: Sequence[Token], free: set[int], values: dict[str, list[str]],
              match: AttributeMatch, take: Callable[[str, str, Iterable[int]], None]) -> None:
    """The smallest or largest value of the one option whose values are all numbers, or all
    letter sizes ("qual o maior?" of P, M, G, GG: GG)."""
    said = [(i, tokens[i].text) for i in sorted(free)
            if tokens[i].text in _SMALLER | _LARGER]
    numeric = {key: [(n, v) for v in vs if (n := _first_number(v) or _letter_rank(v)) is not None]
               for key, vs in values.items() if key not in match.wanted and len(vs) > 1}
    numeric = {key: pairs for key, pairs in numeric.items() if len(pairs) == len(values[key])}
    if not said or len(numeric) != 1:
        return
    key, pairs = next(iter(numeric.items()))
    index, word = said[0]
    pick = min(pairs) if word in _SMALLER else max(pairs)
    take(key, pick[1], [index])


# Letter sizes, smallest first (the "u" of one size has no place among them).
_LETTER_RANKS = {name: float(rank + 1) for rank, group in enumerate(SIZES)
                 for name in group if "u" not in group}


def _letter_rank(value: str) -> float | None:
    return _LETTER_RANKS.get(_fold_value(value))


def _first_number(value: str) -> float | None:
    numbers = [t.text for t in tokenize(value)[1] if t.text[0].isdigit()]
    return _number(numbers[0]) if numbers else None


@lru_cache(maxsize=8192)
def _fold_value(value: str) -> str:
    return tokenize(value)[0].strip()


def _same_value(
    word: str, tokens: Sequence[Token], index: int, words: list[str],
    span: tuple[float, float] | None, unit_number: float | None, letters_sold: set[str],
) -> bool:
    """Whether one token names this value (colour, letter size, number, range)."""
    if word[0].isdigit():
        number = _number(word)
        if number is None:
            return False
        if span is not None:
            return span[0] <= number <= span[1]
        if len(words) == 1 and words[0][0].isdigit():
            return _number(words[0]) == number
        if unit_number is not None and unit_number == number:
            after = tokens[index + 1].text if index + 1 < len(tokens) else ""
            money = bool(set(words) & _MONEY_UNITS)
            return money or after in _UNITS or number >= 5
        return False
    if len(words) != 1:
        return False
    value = words[0]
    base = color_base(word)
    if base is not None:
        return base == color_base(value)
    letter = _letter(word)
    if letter is not None and _letter(value) is not None:
        if letter == value:
            return True
        # "L" in a store that sells P/M/G (and no L) is its G.
        return letter in ENGLISH_LETTERS and letter not in letters_sold \
            and ENGLISH_LETTERS[letter] == value
    return False


def attribute_sets(product: Product) -> list[dict[str, str]]:
    """The attributes a buyer can pick among: each variant's, or the product's own."""
    if product.variants:
        return [dict(v.attributes) for v in product.variants]
    return [dict(product.attributes)]


def narrow(product: Product, wanted: dict[str, str]) -> tuple[list[Variant], list[Variant]]:
    """The product's variants with the wanted values: all of them, and those in stock."""
    matching = [v for v in product.variants
                if all(v.attributes.get(key) == value for key, value in wanted.items())]
    return matching, [v for v in matching if v.in_stock]


def label(wanted: dict[str, str]) -> str:
    """"38 / rosa" for the values asked."""
    return " / ".join(wanted.values())
