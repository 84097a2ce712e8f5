"""The two-round-trip search (`search_once`) ranks exactly as `hybrid.find` does."""

from __future__ import annotations

from evals.search.run import QUERIES, load_cases, requests_for
from tools.catalog.client import PostgresCatalog
from tools.catalog.search import Terms
from tools.catalog.search_once import coverage_tiers


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


async def test_same_hits_as_the_step_by_step_search(hybrid: PostgresCatalog, embedder) -> None:
    step_by_step = PostgresCatalog(hybrid._pool, embedder=embedder)

    async def words_unsupported(*args, **kwargs):
        return None  # falls back to `hybrid.find` and loading the hits

    step_by_step._search_words = words_unsupported  # type: ignore[method-assign]
    cases = load_cases(QUERIES)
    for case, request in zip(cases, requests_for(cases), strict=True):
        for limit in (3, 10):
            one = await hybrid.search("default", request.query, limit=limit, **request.kwargs())
            many = await step_by_step.search(
                "default", request.query, limit=limit, **request.kwargs()
            )
            assert one == many, case.query
