"""Validating import lines: exact money, strict types, unknown keys, duplicate skus."""

from decimal import Decimal

import pytest

from tests.catalog.conftest import SPEC_EXAMPLE
from tools.catalog.schema import LineError, parse_catalog, parse_line


def test_spec_example_parses_with_exact_decimals() -> None:
    product = parse_line(SPEC_EXAMPLE)
    assert product.price == Decimal("299.90")
    assert str(product.price) == "299.90"
    assert [v.price for v in product.variants] == [Decimal("299.90"), Decimal("309.90")]
    assert product.category == "Calçados > Tênis"
    assert product.currency == "BRL"


def test_minimal_line_has_defaults() -> None:
    product = parse_line('{"sku": "A", "name": "Coisa", "price": 10}')
    assert product.price == Decimal(10)
    assert product.stock is None and product.currency is None
    assert product.variants == [] and product.tags == [] and product.attributes == {}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"sku": "A", "name": "X", "price": "10.00"}', "price: must be a number, not a string"),
        ('{"sku": "A", "name": "X", "price": true}', "price: must be a number, not a boolean"),
        ('{"sku": "A", "name": "X", "price": NaN}', "NaN is not a valid number"),
        ('{"sku": "A", "name": "X", "price": -1}', "price: must be ≥ 0"),
        ('{"sku": "A", "name": "X"}', "price: is required"),
        ('{"sku": "A", "name": "X", "prce": 1}', "prce: unknown field (did you mean 'price'?)"),
        ('{"sku": "A", "name": "X", "price": 1, "stock": 1.5}', "stock: must be a whole number"),
        ('{"sku": "A", "name": "X", "price": 1, "stock": -2}', "stock: must be ≥ 0"),
        ('{"sku": "A", "name": "X", "price": 1, "currency": "real"}', "currency: must be an ISO"),
        ('{"sku": "A", "name": "X", "price": 1, "attributes": {"n": 42}}', "attributes.n: must"),
        ('{"sku": "A", "name": "X", "price": 1, "tags": "a"}', "tags: must be a list"),
        ('{"sku": " ", "name": "X", "price": 1}', "sku: must not be empty"),
        ('{"sku": "A", "name": "X", "price": 1, "image_url": "img.png"}', "image_url: must be"),
        (
            '{"sku": "A", "name": "X", "price": 1, "variants": [{"sku": "A1", "stock": 1}]}',
            "variants[0].attributes: is required",
        ),
        (
            '{"sku": "A", "name": "X", "price": 1, "variants": '
            '[{"sku": "A1", "attributes": {"cor": "azul"}, "cor": "azul"}]}',
            "variants[0].cor: unknown field",
        ),
        (
            '{"sku": "A", "name": "X", "price": 1, "variants": [{"sku": "A1", "attributes": '
            '{"cor": "azul"}}, {"sku": "A2", "attributes": {"cor": "azul"}}]}',
            "variants A1 and A2 have the same attributes",
        ),
        ('{"sku": "A", "name": "X", "price": 1,}', "invalid JSON"),
        ("[1, 2]", "a line must be a JSON object, not a list"),
    ],
)
def test_bad_lines_say_why(line: str, reason: str) -> None:
    with pytest.raises(LineError) as caught:
        parse_line(line)
    assert any(r.startswith(reason) for r in caught.value.reasons), caught.value.reasons


def test_every_problem_of_a_line_is_reported() -> None:
    with pytest.raises(LineError) as caught:
        parse_line('{"sku": "A", "name": "", "price": "1", "stock": true}')
    assert len(caught.value.reasons) == 3


def test_file_errors_carry_line_numbers_and_blank_lines_are_skipped() -> None:
    lines = [
        '{"sku": "A", "name": "X", "price": 1}',
        "",
        "   ",
        '{"sku": "B", "name": "Y", "price": "1"}',
        '{"sku": "C", "name": "Z", "price": 1}',
    ]
    products, errors = parse_catalog(lines)
    assert [(n, p.sku) for n, p in products] == [(1, "A"), (5, "C")]
    assert errors == [(4, "price: must be a number, not a string")]


def test_duplicate_skus_across_products_and_variants_are_errors() -> None:
    variant = '"variants": [{{"sku": "{}", "attributes": {{"t": "{}"}}}}]'
    lines = [
        '{"sku": "A", "name": "X", "price": 1, ' + variant.format("A-1", "P") + "}",
        '{"sku": "A", "name": "X again", "price": 1}',
        '{"sku": "B", "name": "Y", "price": 1, ' + variant.format("A-1", "M") + "}",
        '{"sku": "C", "name": "Z", "price": 1, ' + variant.format("C", "G") + "}",
    ]
    _, errors = parse_catalog(lines)
    assert errors == [
        (2, "duplicate sku 'A' (first used on line 1)"),
        (3, "duplicate sku 'A-1' (first used on line 1)"),
        (4, "duplicate sku 'C' (twice on this line)"),
    ]


def test_category_separators_and_tags_are_normalized() -> None:
    product = parse_line(
        '{"sku": "A", "name": "X", "price": 1, "category": "Casa>  Cozinha ",'
        ' "tags": ["café", " café ", "", "presente"]}'
    )
    assert product.category == "Casa > Cozinha"
    assert product.tags == ["café", "presente"]
