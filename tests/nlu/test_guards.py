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
