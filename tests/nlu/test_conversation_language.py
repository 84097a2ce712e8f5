"""The reply language follows the conversation, not a single word: a Brazilian name or
street, a product name or "PAC" keeps an English buyer in English; clear words change it."""

from __future__ import annotations

import pytest

from graphs.sales.nlu.engine import default_classifier
from graphs.sales.nlu.types import DialogueContext


def _lang(text: str, last: str | None) -> str:
    context = DialogueContext(pending_question=None, last_list_size=0, last_lang=last)
    return default_classifier().classify(text, context=context).lang


@pytest.mark.parametrize("text", [
    "João Araújo, Rua São Bento 290, 01010-000", "PAC", "Rua Barata Ribeiro 200 ap 31",
    "fone pulse tws", "Conceição", "38",
])
def test_names_streets_and_product_words_keep_the_conversation_language(text):
    assert _lang(text, "en") == "en"
    assert _lang(text, "pt") == "pt"


@pytest.mark.parametrize(("text", "last", "expected"), [
    ("quero o azul, por favor", "en", "pt"),
    ("obrigado!", "en", "pt"),
    ("can I pay with card?", "pt", "en"),
    ("thanks", "pt", "en"),
])
def test_clear_words_change_it(text, last, expected):
    assert _lang(text, last) == expected


def test_a_first_message_is_read_on_its_own():
    assert _lang("Veloz Pro running shoes in black, size 43", None) == "en"
    assert _lang("tênis de corrida", None) == "pt"
