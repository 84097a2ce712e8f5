"""One line of a catalog import file (docs/spec/catalog.md), validated.

The spec is the whole format, so unknown keys are errors: a typo such as "prce" is reported
(with a suggestion) instead of silently importing a product without the intended field.
Validation is strict about types: a price must be a JSON number (never a string, a boolean or
NaN), a stock a whole number, attributes strings.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError


def _money(value: Any) -> Decimal:
    # JSON is parsed with parse_float=Decimal, so a decimal number arrives exact; ints are fine.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError(
            "money", "must be a number, not {kind}", {"kind": _json_kind(value)}
        )
    amount = Decimal(value)
    if not amount.is_finite():
        raise PydanticCustomError("money", "must be a finite number")
    if amount < 0:
        raise PydanticCustomError("money", "must be ≥ 0")
    return amount


def _currency(value: str) -> str:
    if len(value) != 3 or not value.isascii() or not value.isalpha() or not value.isupper():
        raise PydanticCustomError(
            "currency", "must be an ISO 4217 code of 3 upper-case letters, like BRL"
        )
    return value


def _category(value: str) -> str:
    # "Calçados>Tênis" and "Calçados >  Tênis" name the same path as "Calçados > Tênis".
    return " > ".join(level.strip() for level in value.split(">") if level.strip())


def _url(value: str | None) -> str | None:
    if value is not None and not value.startswith(("https://", "http://")):
        raise PydanticCustomError("url", "must be an http(s) URL")
    return value


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Money = Annotated[Decimal, BeforeValidator(_money)]
Stock = Annotated[int, Field(ge=0)]
Attributes = dict[
    Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)],
    Annotated[str, StringConstraints(strip_whitespace=True)],
]


class VariantLine(BaseModel):
    """A variant as written in the file: its own sku, the attributes that tell it apart."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    sku: Sku
    attributes: Annotated[Attributes, Field(min_length=1)]
    price: Money | None = None
    stock: Stock | None = None


class ProductLine(BaseModel):
    """A product as written in one line of the file."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    sku: Sku
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    description: Text = ""
    category: Annotated[Text, AfterValidator(_category)] = ""
    brand: Text = ""
    price: Money
    currency: Annotated[str, AfterValidator(_currency)] | None = None
    stock: Stock | None = None
    image_url: Annotated[str | None, AfterValidator(_url)] = None
    attributes: Attributes = {}
    variants: list[VariantLine] = []
    tags: Annotated[list[Text], AfterValidator(_distinct)] = []
    related_skus: Annotated[list[Sku], AfterValidator(_distinct)] = []
    digital: bool = False
    """Delivered without shipping (gift cards, downloads, services): no address is asked."""

    @model_validator(mode="after")
    def _variants_are_distinct(self) -> ProductLine:
        seen: dict[tuple[tuple[str, str], ...], str] = {}
        for variant in self.variants:
            key = tuple(sorted(variant.attributes.items()))
            if key in seen:
                raise PydanticCustomError(
                    "variants",
                    "variants {a} and {b} have the same attributes",
                    {"a": seen[key], "b": variant.sku},
                )
            seen[key] = variant.sku
        if self.sku in self.related_skus:
            raise PydanticCustomError("related", "related_skus lists the product itself")
        return self

    def skus(self) -> list[str]:
        """The product's sku followed by its variants' skus."""
        return [self.sku, *(v.sku for v in self.variants)]


FIELDS = tuple(ProductLine.model_fields)
VARIANT_FIELDS = tuple(VariantLine.model_fields)


class LineError(ValueError):
    """A line that does not validate, with one reason per problem found."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def parse_line(text: str) -> ProductLine:
    """Parses and validates one non-blank line of a catalog file.

    Args:
        text: The JSON object of one product.

    Returns:
        The validated product.

    Raises:
        LineError: With every problem of the line, each a short reason naming the field.
    """
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise LineError([f"invalid JSON: {exc.msg} (column {exc.colno})"]) from None
    except ValueError as exc:
        raise LineError([str(exc)]) from None
    if not isinstance(data, dict):
        raise LineError([f"a line must be a JSON object, not {_json_kind(data)}"])
    try:
        return ProductLine.model_validate(data)
    except ValidationError as exc:
        raise LineError([_reason(error) for error in exc.errors()]) from None


def parse_catalog(
    lines: Iterable[str],
) -> tuple[list[tuple[int, ProductLine]], list[tuple[int, str]]]:
    """Validates every line of a file, and that no sku is used twice in it.

    Blank lines are skipped. A sku may appear once in the whole file, whether as a product's
    or a variant's: both name what a buyer orders, so they share one namespace.

    Args:
        lines: The file's lines, in order.

    Returns:
        The valid products with their 1-based line numbers, and the errors as
        `(line number, reason)` pairs in line order. The file imports only if there are none.
    """
    products: list[tuple[int, ProductLine]] = []
    errors: list[tuple[int, str]] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        text = raw.strip().lstrip("\ufeff")
        if not text:
            continue
        try:
            product = parse_line(text)
        except LineError as exc:
            errors.extend((number, reason) for reason in exc.reasons)
            continue
        duplicated = False
        for sku in product.skus():
            if sku in first_line:
                first = first_line[sku]
                where = "twice on this line" if first == number else f"first used on line {first}"
                errors.append((number, f"duplicate sku '{sku}' ({where})"))
                duplicated = True
            else:
                first_line[sku] = number
        if not duplicated:
            products.append((number, product))
    return products, errors


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid number")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, Decimal | float):
        return "a decimal number"
    return type(value).__name__


_MESSAGES = {
    "missing": "is required",
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "greater_than_equal": "must be ≥ 0",
    "list_type": "must be a list",
    "dict_type": "must be an object of strings",
    "model_type": "must be an object",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
}


def _reason(error: Any) -> str:
    path = _path(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = VARIANT_FIELDS if "variants" in error["loc"][:1] else FIELDS
        close = difflib.get_close_matches(str(error["loc"][-1]), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{path}: unknown field{hint}"
    if kind == "value_error":
        message = str(error["ctx"]["error"])
    else:
        message = _MESSAGES.get(kind, error["msg"])
    if kind in {"string_type", "int_type", "list_type", "dict_type", "model_type"}:
        message += f", not {_json_kind(error['input'])}"
    return f"{path}: {message}" if path else message


def _path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if part == "[key]":
            path += " (key)"
        elif isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path
