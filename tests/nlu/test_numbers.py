"""Numbers in Brazilian and English formats and in words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphs.sales.nlu.numbers import json_number, parse_decimal, parse_number_words


@pytest.mark.parametrize(
    ("written", "value"),
    [("1.299,90", "1299.90"), ("1,299.90", "1299.90"), ("99,9", "99.9"), ("99.90", "99.90"),
     ("1.299", "1299"), ("1,500", "1500"), ("150", "150"), ("1.000.000", "1000000")],
)
def test_parses_both_number_formats(written: str, value: str) -> None:
    assert parse_decimal(written) == Decimal(value)


@pytest.mark.parametrize(
    ("words", "value"),
    [("dois", 2), ("duas", 2), ("vinte e cinco", 25), ("cento e cinquenta", 150),
     ("mil e quinhentos", 1500), ("tres mil e duzentos", 3200), ("uma duzia", 12),
     ("two hundred fifty", 250), ("twenty five", 25), ("2 mil", 2000)],
)
def test_reads_numbers_in_words(words: str, value: int) -> None:
    parsed = parse_number_words(words.split(), 0)
    assert parsed is not None and parsed[0] == value


def test_separate_numbers_are_not_added_up() -> None:
    assert parse_number_words("dois e tres".split(), 0) == (2, 1)


def test_json_number_is_int_when_integral() -> None:
    assert json_number(Decimal("150.00")) == 150 and isinstance(json_number(Decimal("150.00")), int)
    assert json_number(Decimal("99.90")) == 99.9
