"""Intents that cost a lot when wrong are only taken when the words can carry them."""

from __future__ import annotations

import pytest

from graphs.sales.nlu.guards import believable
from graphs.sales.nlu.offline import OfflineClassifier


@pytest.fixture(scope="module")
def classifier() -> OfflineClassifier:
    return OfflineClassifier.load()


@pytest.mark.parametrize("text", [
    "pra mim msm, n passa de 80 blz", "ate 100", "uns 200 reais no maximo"])
def test_a_budget_is_no_call_for_a_person(classifier: OfflineClassifier, text: str) -> None:
    assert classifier.classify(text).intent != "human_agent"


@pytest.mark.parametrize("text", [
    "quero falar com um atendente", "tem alguem ai de verdade?", "get me a human",
    "can I talk to a manager?", "me liga por favor"])
def test_a_person_asked_for_is_still_read(classifier: OfflineClassifier, text: str) -> None:
    assert classifier.classify(text).intent == "human_agent"


def test_a_question_is_never_a_yes(classifier: OfflineClassifier) -> None:
    assert not believable("affirm", "where is the store exactly?")
    assert not believable("affirm", "e a expressa chega qnd?")
    assert believable("affirm", "sim, pode confirmar")
    assert classifier.classify("where is the store exactly?").intent != "affirm"


@pytest.mark.parametrize("text", [
    "ih pera, meu marido ja comprou uma igualzinha ontem kkk cancela esse pedido pfv",
    "cancela o pedido 1001", "pls cancel my order"])
def test_asking_to_cancel_is_no_status_question(classifier: OfflineClassifier,
                                                text: str) -> None:
    assert classifier.classify(text).intent == "cancel_order"


def test_asking_whether_it_was_cancelled_is_still_a_status_question() -> None:
    assert believable("order_status", "meu pedido foi cancelado?")
    assert not believable("order_status", "cancela esse pedido pfv")
