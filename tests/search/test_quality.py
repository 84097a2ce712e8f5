"""Retrieval quality of the shipped configuration on the project's query set (evals/search)."""

from __future__ import annotations

from evals.search.run import QUERIES, TEST_QUERIES, load_cases, requests_for, run_cases
from tools.catalog.client import PostgresCatalog

RECALL_TARGET = 0.9
MRR_TARGET = 0.8


async def test_hybrid_search_meets_the_targets(hybrid: PostgresCatalog, embedder) -> None:
    cases = load_cases(QUERIES)
    assert len(cases) >= 60
    report = await run_cases(hybrid._pool, embedder, "hybrid", cases, requests_for(cases))
    missed = [(case.query, skus[:3]) for case, skus in report.misses]
    assert report.recall_at_3 >= RECALL_TARGET, missed
    assert report.mrr >= MRR_TARGET, missed
    assert report.absent == 1.0, missed


async def test_the_fresh_test_set_meets_the_targets_too(hybrid: PostgresCatalog, embedder) -> None:
    cases = load_cases(TEST_QUERIES)
    report = await run_cases(hybrid._pool, embedder, "hybrid", cases, requests_for(cases))
    assert report.recall_at_3 >= RECALL_TARGET, report.misses
    assert report.mrr >= MRR_TARGET, report.misses


async def test_hybrid_beats_full_text_alone(hybrid: PostgresCatalog, embedder) -> None:
    cases = [case for case in load_cases(QUERIES) if case.expected]
    requests = requests_for(cases)
    words = await run_cases(hybrid._pool, None, "lexical", cases, requests)
    both = await run_cases(hybrid._pool, embedder, "hybrid", cases, requests)
    assert both.recall_at_3 >= words.recall_at_3
    assert both.mrr >= words.mrr
