"""Goals of golden conversations: the checks on state, the not-understood classification and
the figures `balcao eval` prints (pure: no database)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from evals.golden.case import Case, GoalCondition
from evals.golden.goals import (
    figures,
    goal_failures,
    is_not_understood,
    lines_mismatch,
    listed_skus,
    parse_ref,
)
from evals.golden.observe import Observation
from evals.golden.report import goal_lines
from evals.golden.runner import CaseResult, TurnResult


def reply(template: str, *, options: list[str] = (), lang: str = "pt",  # type: ignore[assignment]
          **fields: Any) -> dict[str, Any]:
    return {"template": template, "lang": lang, "fields": fields,
            "options": [{"id": o, "title": o} for o in options]}


def seen(template: str | None = None, *, cart: dict[str, int] | None = None,
         **kwargs: Any) -> Observation:
    return Observation(reply=reply(template, **kwargs) if template else None,
                       cart=cart or {})


def goal(**condition: Any) -> list[GoalCondition]:
    return [GoalCondition.model_validate(condition)]


def test_a_cart_goal_holds_only_on_the_exact_cart() -> None:
    wanted = goal(cart={"FON-BT-01-PRE": 1})
    right = seen("added", cart={"FON-BT-01-PRE": 1})
    assert goal_failures(wanted, right, [right]) == []
    wrong = seen("added", cart={"FON-BT-01-BRA": 1})
    assert goal_failures(wanted, wrong, [wrong]) == [
        "cart: expected {'FON-BT-01-PRE': 1}, got {'FON-BT-01-BRA': 1}"]
    more = seen("added", cart={"FON-BT-01-PRE": 1, "CASE-FON-05": 1})
    assert goal_failures(wanted, more, [more])
    assert goal_failures(goal(cart_includes={"FON-BT-01-PRE": 1}), more, [more]) == []


def test_orders_and_order_lines_and_the_last_order() -> None:
    placed = Observation(reply=reply("payment_link"), orders=["pending_payment"],
                         order_lines={"CAN-TER-02": 1},
                         last_order={"shipping": "retirada", "total": "69.90"})
    wanted = goal(orders=["pending_payment"], order_lines={"CAN-TER-02": 1},
                  last_order={"shipping": "retirada", "total": "69.9"})
    assert goal_failures(wanted, placed, [placed]) == []
    assert goal_failures(goal(order_lines={"CAN-TER-02": 2}), placed, [placed])
    assert goal_failures(goal(last_order={"shipping": "sudeste"}), placed, [placed])


def test_a_reference_names_what_a_reply_listed() -> None:
    listed = seen("search_results", options=["show:BOL-TIR-01", "show:BOL-TOT-02"])
    added = seen("added", cart={"BOL-TIR-01-PRE": 1})
    history = [listed, added]
    assert lines_mismatch({"@1:1 cor=preto": 1}, added.cart, history, exact=True) is None
    assert lines_mismatch({"@1:1 cor=caramelo": 1}, added.cart, history, exact=True)
    assert lines_mismatch({"@1:1": 1}, added.cart, history, exact=True) is None  # any variant
    assert lines_mismatch({"@1:2": 1}, added.cart, history, exact=True)
    assert lines_mismatch({"@1:1 product=BOL-TIR-01": 1}, added.cart, history,
                          exact=True) is None
    assert lines_mismatch({"@1:1 product=BAT-MAT-05": 1}, added.cart, history, exact=True)
    # Nothing listed at that turn or position: the goal cannot hold.
    assert "nothing was listed" in lines_mismatch({"@2:1": 1}, added.cart, history,
                                                  exact=True)  # type: ignore[operator]
    assert "nothing was listed" in lines_mismatch({"@1:3": 1}, added.cart, history,
                                                  exact=True)  # type: ignore[operator]


def test_two_references_take_two_distinct_lines() -> None:
    listed = seen("search_results", options=["show:HID-FAC-02", "show:PRO-SOL-03"])
    both = {"HID-FAC-02": 1, "PRO-SOL-03": 1}
    assert lines_mismatch({"@1:1": 1, "@1:2": 1}, both, [listed], exact=True) is None
    assert lines_mismatch({"@1:1": 1, "@1:2": 1}, {"HID-FAC-02": 2}, [listed], exact=True)


def test_references_are_parsed_and_validated() -> None:
    assert parse_ref("@3:1 cor=azul marinho,tamanho=M") == (3, 1, {"cor": "azul marinho",
                                                                   "tamanho": "M"})
    assert parse_ref("CAN-TER-02") is None
    with pytest.raises(ValidationError):
        GoalCondition.model_validate({"cart": {"@3 cor=preto": 1}})
    with pytest.raises(ValidationError):
        GoalCondition.model_validate({})
    assert listed_skus(reply("x", options=["show:A", "add:B-1", "checkout", "cart:view"])) == [
        "A", "B-1"]


def test_prices_within_looks_at_every_product_listed() -> None:
    items = [{"sku": "VEL-ARO-01", "name": "Vela", "price": "49.90"},
             {"sku": "CAN-TER-02", "name": "Caneca", "price": "69.90"}]
    cheap = seen("search_results", items=items)
    assert goal_failures(goal(reply={"template": "search_results",
                                     "prices_within": [None, 100]}), cheap, [cheap]) == []
    assert goal_failures(goal(reply={"prices_within": [None, 50]}), cheap, [cheap]) == [
        "reply prices within [-, 50]: outside ['CAN-TER-02']"]
    ranged = seen("search_results", items=[{"sku": "PER-FLO-01", "price": "129.90",
                                            "price_max": "189.90"}])
    assert goal_failures(goal(reply={"prices_within": [150, 200]}), ranged, [ranged]) == []
    empty = seen("fallback")
    assert "no products listed" in goal_failures(goal(reply={"prices_within": [None, 50]}),
                                                 empty, [empty])[-1]


def test_facts_are_found_in_the_reply_fields_whatever_the_accents() -> None:
    answer = seen("product_answer", product={"sku": "FON-BT-01"},
                  facts=[{"name": "bateria", "value": "30 h"},
                         {"name": "água", "value": "resistência a suor"}])
    wanted = goal(reply={"template_not": ["product_detail"],
                         "facts": [["30 h", "30 horas"], "SUOR", "resistencia"]})
    assert goal_failures(wanted, answer, [answer]) == []
    again = seen("product_detail", product={"description": "30 horas de bateria, suor"})
    failures = goal_failures(wanted, again, [again])
    assert sorted(failures) == [
        "reply facts: none of ['resistencia'] in the reply's fields",
        "reply template: not ['product_detail'] wanted, got 'product_detail'"]


def test_history_conditions_language_and_repetition() -> None:
    asked = seen("search_results", persuasion={"strategy": "consultative"})
    english = seen("search_results", lang="en")
    assert goal_failures(goal(replies_lang="pt"), asked, [asked]) == []
    assert goal_failures(goal(replies_lang="pt"), asked, [english, asked]) == [
        "replies lang: expected every reply in 'pt', 1 were not"]
    silent = Observation()  # a turn with no reply (e.g. a person has the conversation)
    assert goal_failures(goal(replies_lang="pt"), silent, [asked, silent]) == []
    once = goal(at_most_once=["consultative", "ask_name"])
    assert goal_failures(once, asked, [asked]) == []
    assert goal_failures(once, asked, [asked, asked]) == [
        "consultative: used 2 times, at most once wanted"]
    named = [seen("ask_name"), seen("ask_name")]
    assert goal_failures(once, named[-1], named) == [
        "ask_name: used 2 times, at most once wanted"]


def test_the_not_understood_replies() -> None:
    for template in ("fallback", "not_available_yet", "which_product"):
        assert is_not_understood(reply(template))
    assert is_not_understood(reply("handoff_waiting", reason="not_understood"))
    # "which of these?" with the products to pick from is a question, not "say its name"
    assert not is_not_understood(reply("which_product", candidates=[{"sku": "A"}]))
    assert not is_not_understood(reply("handoff_waiting", reason="asked_for_human"))
    for template in ("search_results", "added", "how_can_i_help", "none"):
        assert not is_not_understood(reply(template))
    assert not is_not_understood(None)


def _result(lang: str, goal_turns: int | None, templates: list[str | None],
            with_goal: bool = True) -> CaseResult:
    case = Case.model_validate({
        "id": f"c-{lang}-{goal_turns}-{len(templates)}", "lang": lang,
        "goal": {"cart": {"CAN-TER-02": 1}} if with_goal else None,
        "turns": [{"say": "x"}] * len(templates) + [{"pay": "paid"}]})
    turns = [TurnResult(i, case.turns[i], Observation(reply=reply(t) if t else None), [])
             for i, t in enumerate(templates)]
    turns.append(TurnResult(len(templates), case.turns[-1],
                            Observation(reply=reply("fallback")), []))  # not a buyer turn
    return CaseResult(case, turns, goal_turn=goal_turns, goal_buyer_turns=goal_turns)


def test_figures_overall_and_per_language() -> None:
    results = [
        _result("pt", 2, ["search_results", "added", "fallback"]),
        _result("pt", 4, ["fallback", "which_product", "added", "added"]),
        _result("pt", None, ["fallback", None, "search_results"]),
        _result("en", None, ["not_available_yet", "added"]),
    ]
    found = figures(results)
    assert (found.with_goal, found.reached, found.buyer_turns) == (4, 2, (2, 4))
    assert (found.replies, found.not_understood) == (11, 5)
    assert goal_lines(results) == [
        "goals: 2/4 reached their goal (50.0%); buyer turns to goal: median 3, mean 3.0",
        "  pt: 2/3 reached their goal (66.7%); buyer turns to goal: median 3, mean 3.0",
        "  en: 0/1 reached their goal (0.0%)",
        "not understood (fallback replies): 5/11 bot replies (45.5%)",
        "  pt: 4/9 bot replies (44.4%)",
        "  en: 1/2 bot replies (50.0%)",
    ]
    assert goal_lines([_result("pt", None, ["added"], with_goal=False)]) == []


def test_goals_only_ignores_per_turn_expectations_but_not_the_goal() -> None:
    reached = _result("pt", 2, ["search_results", "added"])
    reached.turns[0].failures.append("intent: expected 'x', got 'y'")
    assert not reached.passed
    reached.goals_only = True
    assert reached.passed
    missed = _result("pt", None, ["fallback"])
    missed.turns[0].goal_failures.append("cart: expected {...}, got {}")
    missed.goals_only = True
    assert missed.failures == ["goal not reached"]
    missed.turns[-1].goal_failures.append("cart: expected {...}, got {}")
    assert missed.failures == ["goal not reached; after the last turn: cart: expected {...}, "
                               "got {}"]
    plain = _result("pt", None, ["added"], with_goal=False)
    assert plain.goal_reached is None and plain.passed
