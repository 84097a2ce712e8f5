"""Money conversions: exact minor units, exact JSON numbers, no floats."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tools.payments.money import (
    decimal_text,
    from_minor_units,
    json_dumps,
    json_loads,
    parse_decimal,
    to_minor_units,
)


@pytest.mark.parametrize(
    ("amount", "units"),
    [
        (Decimal("1299.90"), 129990),
        (Decimal("0.1") + Decimal("0.2"), 30),
        (Decimal("19.99") * 3, 5997),
        (Decimal("0"), 0),
        (Decimal("1E+3"), 100000),
        (Decimal("10.500"), 1050),
    ],
)
def test_minor_units_are_exact(amount: Decimal, units: int) -> None:
    assert to_minor_units(amount) == units
    assert from_minor_units(units) == amount


@pytest.mark.parametrize(
    "amount", [Decimal("10.005"), Decimal("-1"), Decimal("NaN"), Decimal("Infinity")]
)
def test_minor_units_refuse_what_cannot_be_charged(amount: Decimal) -> None:
    with pytest.raises(ValueError):
        to_minor_units(amount)


def test_minor_units_refuse_floats() -> None:
    with pytest.raises(ValueError):
        to_minor_units(0.1 + 0.2)  # type: ignore[arg-type]


def test_decimal_text() -> None:
    assert decimal_text(Decimal("5")) == "5.00"
    assert decimal_text(Decimal("0.07")) == "0.07"
    assert decimal_text(Decimal("1299.9")) == "1299.90"


def test_json_writes_decimals_as_exact_numbers() -> None:
    body = {"unit_price": Decimal("199.90"), "n": 2, "title": "Pão", "ok": True, "x": None}
    raw = json_dumps(body)
    assert raw == '{"unit_price":199.90,"n":2,"title":"Pão","ok":true,"x":null}'.encode()
    assert json.loads(raw)["title"] == "Pão"
    assert json_loads(raw)["unit_price"] == Decimal("199.90")
    assert json_dumps([Decimal("1E+2")]) == b"[100]"
    with pytest.raises(TypeError):
        json_dumps({"unit_price": 199.9})


def test_parse_decimal() -> None:
    assert parse_decimal("12.30") == Decimal("12.30")
    assert parse_decimal(Decimal("1.1")) == Decimal("1.1")
    assert parse_decimal(7) == Decimal(7)
    for bad in ("abc", 1.5, None, True, "NaN"):
        with pytest.raises(ValueError):
            parse_decimal(bad)
