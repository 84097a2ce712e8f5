"""Two asks in one message: what is split off for a second pass, and what stays one ask."""

from __future__ import annotations

import pytest

from api.render.text import render_body
from balcao.messages import Reply, ReplyPart
from graphs.sales.two_asks import split_asks


@pytest.mark.parametrize(("text", "first", "rest"), [
    ("quero 1. e tem gift card tb?", "quero 1.", "e tem gift card tb?"),
    ("quero 1, e tem gift card?", "quero 1", "e tem gift card?"),
    ("add 2 please. also do you ship to rio?", "add 2 please.", "also do you ship to rio?"),
    ("quero esse\nqual o prazo pro cep 01310-100?", "quero esse",
     "qual o prazo pro cep 01310-100?"),
    ("coloca 2! quanto fica o frete pra 04567000", "coloca 2!",
     "quanto fica o frete pra 04567000"),
])
def test_a_question_after_a_sentence_is_a_second_ask(text: str, first: str, rest: str) -> None:
    assert split_asks(text) == (first, rest)


@pytest.mark.parametrize("text", [
    "tem o tapete verde? quero 1",           # the question comes first: buying what it asked
    "quero a legging preta e um top rosa",   # one list of items
    "quero o tapete. tem em preto?",         # only which tapete: one ask
    "blz. vou levar",                        # no question
    "quero 1. blz?",                         # nothing asked of its own
    "2 black ones size M and one white in L",
])
def test_one_ask_is_not_split(text: str) -> None:
    assert split_asks(text) is None


def test_the_earlier_answer_is_worded_first_in_the_same_reply() -> None:
    reply = Reply(template="no_results", fields={"query": "gift card"}, lang="en",
                  preface=[ReplyPart(template="cart_empty")])
    body = render_body(reply)
    alone = render_body(Reply(template="no_results", fields={"query": "gift card"}, lang="en"))
    first = render_body(Reply(template="cart_empty", lang="en"))
    assert body == f"{first}\n\n{alone}"
