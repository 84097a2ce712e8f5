"""Held-out quality: the targets of issue 3, asserted on the development sets.

The development sets (evals/nlu/dev_*.jsonl) are never used for training; if a change to the
rules, the features or the training data makes the model regress, these fail.
"""

from __future__ import annotations

import pytest

from evals.nlu.run import evaluate_language

INTENT_TARGETS = {"pt": 0.92, "en": 0.90}
ENTITY_TARGET = 0.95
TARGETED_ENTITIES = ("quantity", "price_max", "price_min", "cep", "order_id", "email", "ordinal")


@pytest.fixture(scope="module")
def reports(classifier):
    return {lang: evaluate_language(classifier, lang) for lang in INTENT_TARGETS}


@pytest.mark.parametrize("lang", INTENT_TARGETS)
def test_intent_accuracy_meets_the_target(reports, lang: str) -> None:
    report = reports[lang]
    assert report.size >= 15 * 22
    assert report.accuracy >= INTENT_TARGETS[lang], report.errors


@pytest.mark.parametrize("lang", INTENT_TARGETS)
@pytest.mark.parametrize("key", TARGETED_ENTITIES)
def test_entity_exact_match_meets_the_target(reports, lang: str, key: str) -> None:
    row = reports[lang].entities[key]
    assert row["gold"] >= 3, f"too few {key} annotations in dev_{lang}"
    assert row["rate"] >= ENTITY_TARGET, row


def test_language_is_detected_on_the_development_sets(reports) -> None:
    for report in reports.values():
        assert report.language_accuracy >= 0.95
