"""The realistic conversation set (evals/conversations and its held-out part) is well formed:
its size and language mix, and goals that the eval catalog can satisfy.

A goal the catalog cannot satisfy (a sku that does not exist or is sold out, a colour a
product does not come in) would be a bug in the case, not in the bot.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from evals.golden.case import Case, GoalCondition, load_cases
from evals.golden.goals import CATALOG, parse_ref

REPO = Path(__file__).resolve().parents[2]
MAIN = REPO / "evals" / "conversations"
HELD_OUT = REPO / "evals" / "conversations_heldout"
HIGH_VALUE = Decimal("500")  # store.yaml: a cart from this subtotal on goes to a person


def _catalog() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Products by sku, and sellable units (variants, or products without variants)."""
    products, units = {}, {}
    for line in CATALOG.read_text(encoding="utf-8").splitlines():
        product = json.loads(line)
        products[product["sku"]] = product
        for variant in product.get("variants") or []:
            units[variant["sku"]] = {"product": product, **variant,
                                     "price": variant.get("price", product["price"])}
        if not product.get("variants"):
            units[product["sku"]] = {"product": product, "attributes": {}, **product}
    return products, units


PRODUCTS, UNITS = _catalog()


def _buyer_turns(cases: list[Case]) -> int:
    return sum(sum(t.by_buyer for t in c.turns) for c in cases)


def _in_stock(unit: dict[str, Any], quantity: int = 1) -> bool:
    return unit.get("stock") is None or unit["stock"] >= quantity


@pytest.fixture(scope="module")
def main() -> list[Case]:
    return load_cases([MAIN])


@pytest.fixture(scope="module")
def held_out() -> list[Case]:
    return load_cases([HELD_OUT])


def test_the_set_is_big_enough_with_about_a_quarter_in_english(main: list[Case],
                                                             held_out: list[Case]) -> None:
    assert len(main) >= 60
    assert _buyer_turns(main) >= 400
    english = sum(c.lang == "en" for c in main) / len(main)
    assert 0.2 <= english <= 0.33  # about a quarter; the third set (conv3-) is 10 of 24
    assert len(held_out) >= 12
    assert 0.15 <= sum(c.lang == "en" for c in held_out) / len(held_out) <= 0.35
    assert {c.category for c in held_out} <= {c.category for c in main}
    ids = [c.id for c in main + held_out]
    assert len(ids) == len(set(ids))


def test_every_conversation_has_a_goal_and_mostly_typed_turns(main: list[Case],
                                                             held_out: list[Case]) -> None:
    for case in main + held_out:
        assert case.goals, case.id
        said = sum(t.say is not None for t in case.turns)
        assert said >= len(case.turns) - 1, f"{case.id}: buyers type, they rarely tap"
        expectations = sum(t.expect.model_dump(exclude_defaults=True) != {}
                           for t in case.turns)
        assert expectations <= 1, f"{case.id}: outcomes go in the goal"


def _lines(condition: GoalCondition) -> list[tuple[str, int]]:
    return [(key, qty) for lines in (condition.cart, condition.cart_includes,
                                     condition.order_lines) for key, qty in (lines or {}).items()]


def test_goals_are_possible_in_the_catalog(main: list[Case], held_out: list[Case]) -> None:
    attribute_values: dict[str, set[str]] = {}
    for unit in UNITS.values():
        for name, value in (unit.get("attributes") or {}).items():
            attribute_values.setdefault(name, set()).add(value)
    for case in main + held_out:
        for condition in case.goals:
            subtotal = Decimal("0")
            for key, qty in _lines(condition):
                ref = parse_ref(key)
                if ref is None:
                    assert key in UNITS, f"{case.id}: {key} is not a sellable sku"
                    assert _in_stock(UNITS[key], qty), f"{case.id}: {key} x{qty} not in stock"
                    subtotal += Decimal(str(UNITS[key]["price"])) * qty
                    continue
                turn, _, attributes = ref
                assert 1 <= turn < len(case.turns), f"{case.id}: {key} names a later turn"
                for name, value in attributes.items():
                    if name == "product":
                        assert value in PRODUCTS, f"{case.id}: {key}"
                    else:
                        assert value in attribute_values.get(name, set()), f"{case.id}: {key}"
            assert subtotal < HIGH_VALUE, f"{case.id}: a person would take a R$ {subtotal} cart"
            wanted = condition.reply
            for option in [*(wanted.options_include if wanted else []),
                           *(wanted.options_exclude if wanted else [])]:
                kind, _, sku = option.partition(":")
                assert kind in {"show", "add"} and (sku in PRODUCTS or sku in UNITS), \
                    f"{case.id}: {option}"


def test_the_whole_set_fits_in_the_stock_of_one_run(main: list[Case],
                                                   held_out: list[Case]) -> None:
    """One run buys from one stock: what every goal needs, added up, is in stock."""
    needed: dict[str, int] = {}
    for case in main + held_out:
        mine: dict[str, int] = {}
        for condition in case.goals:
            for key, qty in _lines(condition):
                if parse_ref(key) is None:
                    mine[key] = max(mine.get(key, 0), qty)
        for sku, qty in mine.items():
            needed[sku] = needed.get(sku, 0) + qty
    short = {sku: qty for sku, qty in needed.items() if not _in_stock(UNITS[sku], qty)}
    assert not short


def test_references_with_attributes_can_be_met_by_the_product_expected(
        main: list[Case], held_out: list[Case]) -> None:
    """Where a case pins the list it refers to (`expect` options_include on that turn), the
    product there has a variant in stock with the attributes the buyer asked for."""
    for case in main + held_out:
        for condition in case.goals:
            for key, _ in _lines(condition):
                ref = parse_ref(key)
                if ref is None or not ref[2]:
                    continue
                turn, _, attributes = ref
                pinned = case.turns[turn - 1].expect.reply
                if pinned is None or not pinned.options_include:
                    continue
                product = pinned.options_include[0].partition(":")[2]
                assert any(u["product"]["sku"] == product and _in_stock(u) and all(
                    (u.get("attributes") or {}).get(k) == v for k, v in attributes.items()
                    if k != "product") for u in UNITS.values()), f"{case.id}: {key}"


def test_static_goal_skus_that_name_a_colour_or_size_exist(main: list[Case]) -> None:
    """Spot checks on the failure classes of issue #13: the items buyers name exist."""
    for sku in ("FON-BT-01-PRE", "TOP-FIT-06-M-ROS", "VAL-PRE-01-100", "GAR-TER-01-VER",
                "TEN-RUN-01-42-AZU", "SAN-RAS-07-36-CAR", "CAR-COU-01", "LEG-FIT-05-P-PRE",
                "CAM-DRY-02-M-PRE", "OCU-SOL-01", "BOL-TOT-02", "PRO-SOL-03"):
        assert _in_stock(UNITS[sku]), sku
    beach = next(c for c in main if c.id == "conv-needs-viagem-praia-pt").goals[0]
    total = sum(Decimal(str(UNITS[s]["price"])) * q for s, q in (beach.order_lines or {}).items())
    assert total == Decimal(beach.last_order["total"]) <= 400  # type: ignore[index]
