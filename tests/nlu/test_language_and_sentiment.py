"""Language detection (pt/en) and sentiment."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "lang"), [
    ("oi, td bem? qto custa o frete pra sp?", "pt"),
    ("vc tem tenis 42?", "pt"),
    ("cadê meu pedido", "pt"),
    ("where is my order?", "en"),
    ("do you have running shoes?", "en"),
    ("thanks a lot", "en"),
    ("obrigado", "pt"),
    ("no thanks", "en"),
    ("me ve a camiseta dry fit preta M", "pt"),  # English product words in a pt request
    ("give me the dry fit tee", "en"),
])
def test_detects_the_language(classifier, text: str, lang: str) -> None:
    assert classifier.classify(text).lang == lang


def test_lang_argument_overrides_detection(classifier) -> None:
    assert classifier.classify("oi tudo bem", lang="en").lang == "en"


@pytest.mark.parametrize(("text", "sentiment"), [
    ("veio quebrado, que absurdo", "negative"),
    ("CADE MEU PEDIDO???", "negative"),
    ("ja faz 10 dias e nada", "negative"),
    ("péssimo atendimento 😡", "negative"),
    ("nao gostei", "negative"),
    ("this is unacceptable", "negative"),
    ("amei, obrigada!!", "positive"),
    ("thanks, great service", "positive"),
    ("tem tenis 42?", "neutral"),
    ("show me the cart", "neutral"),
    ("nao, obrigado", "neutral"),
])
def test_sentiment(classifier, text: str, sentiment: str) -> None:
    assert classifier.classify(text).sentiment == sentiment


@pytest.mark.parametrize("text", [
    "ISSO MESMO. MEU NOME E ANTONIO CARLOS FERREIRA",
    "BOA TARDE QUERO O CHINELO SLIDE PRETO 41/42",
])
def test_a_message_typed_in_capitals_is_not_shouting(classifier, text: str) -> None:
    # A buyer with caps lock on types every message so; only words in capitals among others
    # ("isso é um ABSURDO") or "???" are emphasis.
    assert classifier.classify(text).sentiment == "neutral"
