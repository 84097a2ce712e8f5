"""Every example in docs/spec/nlu.md gets its intent and its normalized entities."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphs.sales.nlu.entities import extract_entities
from graphs.sales.nlu.types import INTENTS

SPEC = Path(__file__).resolve().parents[2] / "docs" / "spec" / "nlu.md"
_ROW = re.compile(r"^\|\s*`(?P<intent>[a-z_]+)`\s*\|[^|]*\|(?P<examples>[^|]*)\|\s*$")


def _intent_examples() -> list[tuple[str, str]]:
    examples = []
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match and match.group("intent") in INTENTS:
            for example in re.findall(r'"([^"]+)"', match.group("examples")):
                examples.append((match.group("intent"), example))
    return examples


INTENT_EXAMPLES = _intent_examples()


def test_the_spec_table_was_read() -> None:
    assert {intent for intent, _ in INTENT_EXAMPLES} == set(INTENTS)
    assert len(INTENT_EXAMPLES) >= 50


@pytest.mark.parametrize(("intent", "text"), INTENT_EXAMPLES)
def test_spec_example_gets_its_intent(classifier, intent: str, text: str) -> None:
    assert classifier.classify(text).intent == intent


def test_a_request_wins_over_a_greeting(classifier) -> None:
    assert classifier.classify("oi, quero cancelar meu pedido").intent == "cancel_order"


@pytest.mark.parametrize(("text", "key", "value"), [
    ("2 unidades", "quantity", 2),
    ("dois", "quantity", 2),
    ("uma duzia", "quantity", 12),
    ("até 150 reais", "price_max", 150),
    ("no máximo R$ 99,90", "price_max", 99.9),
    ("acima de 200", "price_min", 200),
    ("04567-000", "cep", "04567000"),
    ("pedido #4521", "order_id", "4521"),
    ("Maria@Gmail.com", "email", "maria@gmail.com"),
    ("o segundo", "ordinal", 2),
    ("a 3", "ordinal", 3),
    ("o último", "ordinal", -1),
    ("tamanho m", "size", "M"),
    ("pretas", "color", "preto"),
])
def test_spec_entity_example(text: str, key: str, value) -> None:
    assert extract_entities(text)[key] == value


def test_the_cli_example_line(classifier) -> None:
    result = classifier.classify("procuro vestido azul até 150")
    assert result.intent == "search_product"
    assert result.entities["price_max"] == 150 and result.entities["color"] == "azul"
    assert (result.sentiment, result.lang) == ("neutral", "pt")
