"""Short replies read against the pending question (DialogueContext)."""

from __future__ import annotations

import pytest

from graphs.sales.nlu.offline import OfflineClassifier
from graphs.sales.nlu.types import DialogueContext


def _classify(classifier: OfflineClassifier, text: str, **context):
    return classifier.classify(text, context=DialogueContext(**context))


def test_a_bare_number_picks_after_a_list_but_counts_after_how_many(classifier) -> None:
    picked = _classify(classifier, "2", pending_question="choose_product", last_list_size=3)
    assert (picked.intent, picked.entities) == ("add_to_cart", {"ordinal": 2})
    counted = _classify(classifier, "2", pending_question="quantity")
    assert (counted.intent, counted.entities) == ("provide_info", {"quantity": 2})


@pytest.mark.parametrize("text", ["o segundo", "a 2", "quero o 2", "the second one"])
def test_ordinal_phrases_pick_from_the_list(classifier, text: str) -> None:
    result = _classify(classifier, text, pending_question="choose_product", last_list_size=4)
    assert (result.intent, result.entities.get("ordinal")) == ("add_to_cart", 2)


def test_the_last_one_is_minus_one_and_out_of_range_is_rejected(classifier) -> None:
    last = _classify(classifier, "o ultimo", pending_question="choose_product", last_list_size=3)
    assert (last.intent, last.entities) == ("add_to_cart", {"ordinal": -1})
    beyond = _classify(classifier, "7", pending_question="choose_product", last_list_size=3)
    assert beyond.intent == "other" and "ordinal" not in beyond.entities


@pytest.mark.parametrize(("text", "intent"), [
    ("sim", "affirm"), ("s", "affirm"), ("pode", "affirm"), ("👍", "affirm"), ("yes", "affirm"),
    ("n", "deny"), ("nao", "deny"), ("não, obrigado", "deny"), ("no", "deny"),
])
def test_yes_and_no_after_a_confirmation(classifier, text: str, intent: str) -> None:
    for pending in ("confirm_add", "confirm_checkout"):
        assert _classify(classifier, text, pending_question=pending).intent == intent


def test_a_count_answers_confirm_add(classifier) -> None:
    result = _classify(classifier, "2", pending_question="confirm_add")
    assert (result.intent, result.entities) == ("affirm", {"quantity": 2})


@pytest.mark.parametrize(("pending", "text", "entities"), [
    ("cep", "04567-000", {"cep": "04567000"}),
    ("cep", "04567000", {"cep": "04567000"}),
    ("email", "Maria@Gmail.com", {"email": "maria@gmail.com"}),
    ("quantity", "uma duzia", {"quantity": 12}),
    ("size", "G", {"size": "G"}),
    ("name", "Ana Souza", {"name": "Ana Souza"}),
    ("address", "Rua das Flores 123", {"address": "Rua das Flores 123"}),
])
def test_answers_to_data_questions_are_provide_info(classifier, pending, text, entities) -> None:
    result = _classify(classifier, text, pending_question=pending)
    assert (result.intent, result.entities) == ("provide_info", entities)


def test_a_question_is_not_taken_for_an_answer(classifier) -> None:
    assert _classify(classifier, "quanto fica o frete?", pending_question="cep").intent == \
        "shipping_question"


def test_short_texts_fall_back_to_the_conversation_language(classifier) -> None:
    assert _classify(classifier, "2", last_lang="en").lang == "en"
    assert _classify(classifier, "👍").lang == "pt"
    assert classifier.classify("ok", lang="en").lang == "en"
