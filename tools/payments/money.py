"""Exact money conversions for provider APIs: Decimal in, never a float on the way."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

# Minor-unit exponent per ISO 4217 code; Balcão sells in BRL (centavos).
_EXPONENTS = {"BRL": 2, "USD": 2, "EUR": 2}


def _exponent(currency: str) -> int:
    try:
        return _EXPONENTS[currency.upper()]
    except KeyError:
        raise ValueError(f"unsupported currency {currency!r}") from None


def to_minor_units(amount: Decimal, currency: str = "BRL") -> int:
    """Converts an amount to integer minor units (R$ 1299.90 -> 129990), exactly.

    Raises:
        ValueError: For a negative, non-finite or fractional-centavo amount; rounding
            here would charge a different price than the order shows.
    """
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
        raise ValueError("amount must be a finite, non-negative Decimal")
    scaled = amount.scaleb(_exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"amount has more decimals than {currency} allows")
    return int(scaled)


def from_minor_units(units: int, currency: str = "BRL") -> Decimal:
    """Integer minor units back to a Decimal amount (129990 -> Decimal("1299.90"))."""
    if isinstance(units, bool) or not isinstance(units, int):
        raise ValueError("minor units must be an integer")
    return Decimal(units).scaleb(-_exponent(currency))


def decimal_text(amount: Decimal, currency: str = "BRL") -> str:
    """The amount with exactly the currency's decimals, dot separated: "123.45", "0.10".

    Raises:
        ValueError: Same cases as `to_minor_units`.
    """
    exponent = _exponent(currency)
    units = to_minor_units(amount, currency)
    return f"{units // 10**exponent}.{units % 10**exponent:0{exponent}d}"


def parse_decimal(text: object) -> Decimal:
    """Reads a provider's amount (string or JSON number already parsed as Decimal).

    Raises:
        ValueError: When it is not a finite decimal number (floats are refused: they
            are already inexact).
    """
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    elif isinstance(text, str):
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            raise ValueError("not a decimal number") from None
    else:
        raise ValueError("not a decimal number")
    if not value.is_finite():
        raise ValueError("not a finite number")
    if abs(value.adjusted()) > MAX_EXPONENT:
        raise ValueError("number out of range")
    return value


MAX_NUMBER_CHARS = 40
"""Longest number literal a provider's notification may carry (no real amount is longer)."""
MAX_EXPONENT = 30
"""Largest |exponent|: `1E+300000` is refused before it can reach an int() or a format."""


def json_loads(raw: bytes | str) -> Any:
    """Parses JSON reading every non-integer number as an exact Decimal.

    Raises:
        ValueError: For invalid JSON, NaN/Infinity, or a number longer than
            `MAX_NUMBER_CHARS` or with an exponent beyond `MAX_EXPONENT`.
    """
    return json.loads(raw, parse_float=_bounded_decimal, parse_int=_bounded_int,
                      parse_constant=_no_constant)


def _bounded_decimal(literal: str) -> Decimal:
    if len(literal) > MAX_NUMBER_CHARS:
        raise ValueError("number too long")
    value = Decimal(literal)
    if abs(value.adjusted()) > MAX_EXPONENT:
        raise ValueError("number out of range")
    return value


def _bounded_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise ValueError("number too long")
    return int(literal)


def _no_constant(name: str) -> Any:
    raise ValueError("not a finite number")


def json_dumps(value: Any) -> bytes:
    """Serializes to compact JSON, writing Decimals as exact number literals (199.90 stays
    199.90; `json.dumps` would refuse them and a float round trip could change them)."""
    return _encode(value).encode()


def _encode(value: Any) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("cannot write a non-finite Decimal as JSON")
        # Positional notation: JSON allows exponents but some parsers choke on "1E+2".
        return format(value, "f")
    if isinstance(value, dict):
        parts = (f"{json.dumps(str(key))}:{_encode(item)}" for key, item in value.items())
        return "{" + ",".join(parts) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    if isinstance(value, float):
        raise TypeError("floats are not written as money; use Decimal")
    return json.dumps(value, ensure_ascii=False)
