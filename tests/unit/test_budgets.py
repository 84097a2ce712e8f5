"""A budget, or an answer to the consultative question, re-runs the last request for products
with the budget as price filter (`graphs/sales/budgets.py`), whatever intent the words got."""

from __future__ import annotations

from typing import Any

import pytest

from graphs.sales.budgets import last_request_words, refines_last_search
from graphs.sales.routing import route_by_intent

ASKED = {"used": ["consultative"], "nudges": 1,
         "block": {"strategy": "consultative", "template": "persuasion_consultative",
                   "options": [], "fields": {}, "turn_id": "t0", "variant": None,
                   "tone": "casual"}}


def state(text: str, intent: str, entities: dict[str, Any] | None = None, *,
          before: list[dict[str, Any]] | None = None, persuasion: dict | None = None,
          pending_question: str | None = "choose_product", **extra: Any) -> dict[str, Any]:
    messages = (before if before is not None else [
        {"role": "buyer", "text": "oi queria ver uns presentes"},
        {"role": "bot", "template": "search_results"}]) + [{"role": "buyer", "text": text}]
    return {"turn_id": "t1",
            "inbound": [{"external_id": "x", "buyer_id": "b", "kind": "text", "text": text}],
            "classification": {"intent": intent, "confidence": 0.5, "entities": entities or {},
                               "sentiment": "neutral", "lang": "pt"},
            "messages": messages, "persuasion": persuasion or {}, "action": {},
            "pending_question": pending_question, "shown": [{"sku": "A", "name": "A",
                                                              "price": "1"}]} | extra


@pytest.mark.parametrize(("text", "intent", "entities"), [
    ("pra mim. ate 100", "goodbye", {"price_max": 100}),
    ("no maximo 50 conto", "deny", {"price_max": 50}),
    ("uns 200 reais", "affirm", {"price_max": 200}),
    ("between 100 and 200", "provide_info", {"price_min": 100, "price_max": 200}),
    ("e pra mim msm, no max 80 reais", "add_to_cart", {"price_max": 80}),
])
def test_a_budget_after_a_list_runs_the_last_request_again(text: str, intent: str,
                                                           entities: dict) -> None:
    turn = state(text, intent, entities)
    assert refines_last_search(turn)  # type: ignore[arg-type]
    assert last_request_words(turn) == "oi queria ver uns presentes"  # type: ignore[arg-type]
    assert route_by_intent(turn) == "retrieve"  # type: ignore[arg-type]


def test_an_answer_to_the_consultative_question_without_a_budget_refines_too() -> None:
    turn = state("pra mim, nao tenho valor definido nao", "deny", persuasion=ASKED)
    assert refines_last_search(turn)  # type: ignore[arg-type]
    assert not refines_last_search(state("pra mim", "deny"))  # type: ignore[arg-type]


def test_the_request_is_found_past_replies_that_show_no_list() -> None:
    before = [{"role": "buyer", "text": "queria um tenis pro dia a dia"},
              {"role": "bot", "template": "which_product"},
              {"role": "buyer", "text": "hmm"}, {"role": "bot", "template": "fallback"}]
    turn = state("ate 200 se der", "goodbye", {"price_max": 200}, before=before)
    assert last_request_words(turn) == "queria um tenis pro dia a dia"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "intent", "entities", "extra"), [
    ("tenis ate 200", "search_product", {"price_max": 200, "product": "tenis"}, {}),
    ("ate 100", "goodbye", {"price_max": 100}, {"pending_question": "cep"}),
    ("tchau", "goodbye", {}, {}),
    ("quero ver presentes ate 100", "search_product", {"price_max": 100}, {}),
    ("and bags under 150?", "search_product", {"price_max": 150}, {}),
])
def test_what_is_not_a_budget_for_the_last_list(text: str, intent: str, entities: dict,
                                               extra: dict) -> None:
    assert not refines_last_search(state(text, intent, entities, **extra))  # type: ignore[arg-type]


def test_without_a_request_on_screen_there_is_nothing_to_refine() -> None:
    before = [{"role": "buyer", "text": "quero 2"}, {"role": "bot", "template": "added"}]
    turn = state("ate 100", "goodbye", {"price_max": 100}, before=before)
    assert not refines_last_search(turn)  # type: ignore[arg-type]
