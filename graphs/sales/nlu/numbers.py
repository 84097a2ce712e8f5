"""Numbers as buyers write them: digits in Brazilian or English format, and words in pt/en.

"R$ 1.299,90", "1,299.90", "dois", "vinte e cinco", "cento e cinquenta", "two hundred",
"uma duzia" and "meia duzia" all end up here. Values are `Decimal` so money stays exact;
`json_number` turns them into the int/float the contract wants.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Each word has a value and a place: a number phrase only accepts words of a smaller place
# after a larger one ("vinte e cinco"), so "dois e tres" is read as two numbers, not five.
_UNIT, _TEEN, _TEN, _HUNDRED = 1, 2, 3, 4

_PT_WORDS: dict[str, tuple[int, int]] = {
    "zero": (0, _UNIT), "um": (1, _UNIT), "uma": (1, _UNIT), "dois": (2, _UNIT),
    "duas": (2, _UNIT), "tres": (3, _UNIT), "quatro": (4, _UNIT), "cinco": (5, _UNIT),
    "seis": (6, _UNIT), "sete": (7, _UNIT), "oito": (8, _UNIT), "nove": (9, _UNIT),
    "dez": (10, _TEEN), "onze": (11, _TEEN), "doze": (12, _TEEN), "treze": (13, _TEEN),
    "catorze": (14, _TEEN), "quatorze": (14, _TEEN), "quinze": (15, _TEEN),
    "dezesseis": (16, _TEEN), "dezasseis": (16, _TEEN), "dezessete": (17, _TEEN),
    "dezoito": (18, _TEEN), "dezenove": (19, _TEEN), "vinte": (20, _TEN),
    "trinta": (30, _TEN), "quarenta": (40, _TEN), "cinquenta": (50, _TEN),
    "cincoenta": (50, _TEN), "sessenta": (60, _TEN), "setenta": (70, _TEN),
    "oitenta": (80, _TEN), "noventa": (90, _TEN), "cem": (100, _HUNDRED),
    "cento": (100, _HUNDRED), "duzentos": (200, _HUNDRED), "duzentas": (200, _HUNDRED),
    "trezentos": (300, _HUNDRED), "trezentas": (300, _HUNDRED),
    "quatrocentos": (400, _HUNDRED), "quinhentos": (500, _HUNDRED),
    "seiscentos": (600, _HUNDRED), "setecentos": (700, _HUNDRED),
    "oitocentos": (800, _HUNDRED), "novecentos": (900, _HUNDRED),
}
_EN_WORDS: dict[str, tuple[int, int]] = {
    "zero": (0, _UNIT), "one": (1, _UNIT), "two": (2, _UNIT), "three": (3, _UNIT),
    "four": (4, _UNIT), "five": (5, _UNIT), "six": (6, _UNIT), "seven": (7, _UNIT),
    "eight": (8, _UNIT), "nine": (9, _UNIT), "ten": (10, _TEEN), "eleven": (11, _TEEN),
    "twelve": (12, _TEEN), "thirteen": (13, _TEEN), "fourteen": (14, _TEEN),
    "fifteen": (15, _TEEN), "sixteen": (16, _TEEN), "seventeen": (17, _TEEN),
    "eighteen": (18, _TEEN), "nineteen": (19, _TEEN), "twenty": (20, _TEN),
    "thirty": (30, _TEN), "forty": (40, _TEN), "fifty": (50, _TEN), "sixty": (60, _TEN),
    "seventy": (70, _TEN), "eighty": (80, _TEN), "ninety": (90, _TEN),
}
NUMBER_WORDS: dict[str, tuple[int, int]] = {**_PT_WORDS, **_EN_WORDS}
_CONNECTORS = {"e", "and"}
_THOUSANDS = {"mil": 1000, "thousand": 1000, "k": 1000}
_DOZEN = {"duzia", "duzias", "dozen", "dozens"}


def parse_number_words(words: list[str], start: int) -> tuple[int, int] | None:
    """Read a number written in words (or digits followed by "mil"/"duzia") at `start`.

    Args:
        words: Folded tokens of the message.
        start: Index of the first token to read.

    Returns:
        `(value, end)` where `end` is the index after the last token used, or None when no
        number starts at `start`.
    """
    total, group, place = 0, 0, _HUNDRED + 1
    index, end, seen = start, start, False
    while index < len(words):
        word = words[index]
        if word.isdigit() and not seen:
            # Digits may start a phrase too: "2 mil", "3 duzias".
            group, place, seen = int(word), _UNIT, True
            end = index = index + 1
        elif word in NUMBER_WORDS:
            value, word_place = NUMBER_WORDS[word]
            if word_place >= place:
                break
            group, place, seen = group + value, word_place, True
            # "dez"/"doze" close the tens and units at once.
            place = _UNIT if word_place == _TEEN else place
            end = index = index + 1
        elif word == "hundred" and seen and group < 10:
            group, place = group * 100, _HUNDRED
            end = index = index + 1
        elif word in _THOUSANDS and (seen or word == "mil") and total == 0:
            total, group, place = (group or 1) * _THOUSANDS[word], 0, _HUNDRED + 1
            seen = True
            end = index = index + 1
        elif word in _CONNECTORS and seen and words[index + 1 : index + 2] and \
                words[index + 1] in NUMBER_WORDS:
            index += 1
        else:
            break
    if not seen:
        return None
    value = total + group
    if end < len(words) and words[end] in _DOZEN:
        return value * 12, end + 1
    return value, end


def parse_dozen(words: list[str], start: int) -> tuple[int, int] | None:
    """Read "uma duzia", "meia duzia", "a dozen", "half a dozen" at `start`."""
    window = words[start : start + 3]
    if window[:2] in (["meia", "duzia"], ["half", "dozen"]):
        return 6, start + 2
    if window == ["half", "a", "dozen"]:
        return 6, start + 3
    if window[:2] == ["a", "dozen"] or window[:1] == ["dozen"] or window[:1] == ["duzia"]:
        return 12, start + (2 if window[0] == "a" else 1)
    return None


_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


def parse_decimal(digits: str) -> Decimal | None:
    """Parse "1.299,90", "1,299.90", "99,9", "150" into an exact `Decimal`.

    When both separators appear, the last one is the decimal mark. A lone separator followed
    by exactly three digits groups thousands ("1.299" is 1299 in Brazil, "1,299" in English);
    a lone separator before one or two digits is the decimal mark ("99,9", "99.90").

    Args:
        digits: The number as written, without currency.

    Returns:
        The value, or None when the text is not a number.
    """
    text = digits.strip()
    if not text:
        return None
    if "." in text and "," in text:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        text = text.replace(group_mark, "").replace(decimal_mark, ".")
    elif _GROUPED.match(text):
        # No price has three decimals, so "1.299" and "1,500" group thousands in both languages.
        text = text.replace(",", "").replace(".", "")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def json_number(value: Decimal) -> int | float:
    """An exact JSON number: an int when integral, else the float of the decimal string."""
    if value == value.to_integral_value():
        return int(value)
    return float(str(value.normalize()))
