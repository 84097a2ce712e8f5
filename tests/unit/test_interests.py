"""What a gift's receiver likes, read from how buyers describe them (graphs/sales/interests.py),
and a size chart asked for (graphs/sales/store_questions.py)."""

from __future__ import annotations

import pytest

from graphs.sales.interests import liking
from graphs.sales.store_questions import asks_size_guide


@pytest.mark.parametrize(("text", "liked"), [
    ("ele é doido por esporte, joga bola na escola todo dia", "esporte"),
    ("looking for a present for my mom, she loves cooking. max 130", "cooking"),
    ("need a gift for my sister, she's really into yoga. under 150", "yoga"),
    ("meu pai curte cafe e le muito", "cafe"),
    ("minha vó ama cozinhar", "cozinhar"),
    ("my brother is a huge fan of football", "football"),
])
def test_what_the_person_likes(text: str, liked: str) -> None:
    assert liking(text) == liked


@pytest.mark.parametrize("text", [
    "i'd like the blue mug",  # a wish of the buyer's own, no liking of someone's
    "quero a caneca azul",
    "gostei do tenis branco",
    "I love it, add it",
])
def test_no_liking(text: str) -> None:
    assert liking(text) is None


@pytest.mark.parametrize(("text", "asked"), [
    ("tem alguma tabela de tamanho?", True),
    ("vcs tem guia de medidas?", True),
    ("is there a size guide somewhere?", True),
    ("do you have a size chart for the tees", True),
    ("como eu sei qual tamanho pedir?", True),  # the store's "como escolho o tamanho certo?"
    ("qual o tamanho da mochila?", False),
    ("tem na tabela de precos?", False),
])
def test_a_size_chart_asked_for(text: str, asked: bool) -> None:
    assert asks_size_guide(text) is asked
