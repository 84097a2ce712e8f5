"""Coverage tiers of the ranking statement: full-text candidates fetched level by level."""

from __future__ import annotations

from tools.catalog.ranking import coverage_tiers
from tools.catalog.terms import Terms


def test_tiers_go_from_every_group_down_to_half_of_them() -> None:
    terms = Terms(queries=["a", "b", "c"], weights=[1.0, 1.0, 1.0], words=["a", "b", "c"])
    assert coverage_tiers(terms) == [
        "((a) & (b) & (c))",
        "((a) & (b)) | ((a) & (c)) | ((b) & (c))",
    ]


def test_a_number_weighs_less_in_the_tiers() -> None:
    terms = Terms(queries=["a", "n"], weights=[1.0, 0.25], words=["a", "300"])
    # 1.25/1.25 (both), then 1/1.25 (the word alone); the number alone (0.2) is below half.
    assert coverage_tiers(terms) == ["((a) & (n))", "((a))"]


def test_one_group_is_one_tier() -> None:
    assert coverage_tiers(Terms(queries=["a"], weights=[1.0], words=["a"])) == ["((a))"]
