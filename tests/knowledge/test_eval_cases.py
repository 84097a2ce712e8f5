"""The knowledge eval's cases: enough of them, a held-out fifth, each well formed."""

from __future__ import annotations

from evals.knowledge.run import CASES, HELDOUT, judge, load_cases, store_sources
from tools.knowledge.ask import KnowledgeReply


def test_at_least_120_questions_with_a_held_out_fifth() -> None:
    development, held_out = load_cases(CASES), load_cases(HELDOUT)
    total = len(development) + len(held_out)
    assert total >= 120
    assert 0.18 <= len(held_out) / total <= 0.25
    asked = [(c.store, c.question) for c in development + held_out]
    assert len(set(asked)) == total  # the same words may be asked of both stores, once each


def test_every_case_is_well_formed() -> None:
    stores = set(store_sources())
    for case in load_cases(CASES) + load_cases(HELDOUT):
        assert case.store in stores, case
        assert case.expect in ("answer", "unknown"), case
        assert (case.expect == "unknown") == (not case.has), case
    languages = {c.lang for c in load_cases(CASES)}
    assert {c.store for c in load_cases(HELDOUT)} == stores and None in languages


def test_judging_ignores_accents_and_case_and_catches_contradictions() -> None:
    case = load_cases(CASES)[0]  # frete pra 22041001: has 24,90 and 39,90, not 14,90
    right = KnowledgeReply("answered", "PAC Sudeste: R$ 24,90; PAC Brasil: R$ 39,90", "pt")
    wrong = KnowledgeReply("answered", "R$ 14,90, R$ 24,90, R$ 39,90", "pt")
    assert judge(case, right).correct
    verdict = judge(case, wrong)
    assert not verdict.correct and verdict.contradicted == ["14,90"]
