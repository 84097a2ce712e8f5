"""The phrasing job on real turns (worker, graph, Postgres, the model behind the local
OpenAI-compatible fake): a rewording goes out only when it keeps the template's numbers and
makes no promise the template did not; a refusal, a timeout or an error sends the template."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from api.render.phrasing import ANSWER_PROMPT, PHRASING_PROMPT, for_the_model
from api.render.text import render_body
from api.render.truth import added_promises, guarded, refusal
from api.resources import Resources
from balcao.clock import FrozenClock
from balcao.messages import Reply
from tests.fakes.openai_api import FakeOpenAiApi
from tests.llm.conftest import answer, llm_shop, write_store

ASK = "tem garrafa termica?"


@pytest.fixture
async def shop(db_url: str, tmp_path: Path,
               api: FakeOpenAiApi) -> AsyncIterator[tuple[Resources, FrozenClock]]:
    async with llm_shop(db_url, tmp_path, api, {"phrasing": True, "timeout_seconds": 0.3}) as shop:
        yield shop


async def _answer(resources: Resources, clock: FrozenClock, buyer: str) -> str:
    return await answer(resources, clock, ASK, buyer)


async def test_only_a_faithful_rewording_goes_out(
        shop: tuple[Resources, FrozenClock], api: FakeOpenAiApi) -> None:
    resources, clock = shop
    api.fail(500, "server_error")
    template = await _answer(resources, clock, "5511900000101")  # the model failed
    sent = api.requests[-1]
    assert sent["messages"][0]["content"] == PHRASING_PROMPT
    assert json.loads(sent["messages"][1]["content"]) == {"reply": template}
    assert "2 opções" in template, template

    warm = template.replace("Encontrei 2 opções.", "Oba, achei 2 opções pra você!")
    assert warm != template
    api.reply_text(warm)
    assert await _answer(resources, clock, "5511900000102") == warm

    unfaithful = [
        template.replace("2 opções", "2 opções a partir de R$ 89,90"),  # a price added
        template.replace("2 opções", "3 opções"),  # a number changed
        template.replace("2 opções", "opções"),  # a number dropped
        template.replace("2 opções", "2 opções com frete grátis"),  # a discount promised
        template.replace("2 opções", "2 opções em estoque, chegam amanhã"),  # stock, deadline
        "",  # nothing
    ]
    asked = len(api.requests)
    for n, rewording in enumerate(unfaithful, start=3):
        api.reply_text(rewording)
        assert await _answer(resources, clock, f"55119000001{n:02d}") == template, rewording
    api.delay(1.0, {"late": True})  # past the store's 0.3 s
    assert await _answer(resources, clock, "5511900000120") == template
    api.fail(429, "rate_limit_exceeded")
    assert await _answer(resources, clock, "5511900000121") == template
    assert len(api.requests) == asked + len(unfaithful) + 2  # each was asked, each refused


@pytest.mark.parametrize(("rewording", "kinds"), [
    ("Temos *Tênis Runner* em estoque!", {"availability"}),
    ("*Tênis Runner* chega amanhã.", {"deadline"}),
    ("*Tênis Runner* com 10% OFF", {"discount"}),
    ("*Tênis Runner* with free shipping, in stock", {"discount", "availability"}),
    ("Que tal o *Tênis Runner*?", set()),
])
def test_promises_the_template_did_not_make_are_found(rewording: str, kinds: set[str]) -> None:
    assert added_promises("Olha o *Tênis Runner*.", rewording) == kinds


def test_the_template_own_promises_and_numbers_may_stay() -> None:
    original = "No PIX fica R$ 284,91 (5% de desconto), em estoque."
    assert refusal(original, "Em estoque! No PIX, R$ 284,91 (5% de desconto).") is None
    assert refusal(original, "No PIX fica R$ 284,91 (5% de desconto).") is None
    assert refusal(original, "No PIX: R$ 284,91.", keep_every_number=True) == "number"
    assert guarded(original, "Frete grátis! No PIX fica R$ 284,91 (5% de desconto).") == \
        original


def test_links_and_personal_data_never_reach_the_model() -> None:
    for reply, allowed in [
        (Reply(template="cart_empty"), True),
        (Reply(template="no_results", fields={"query": "meu cpf é 123.456.789-09"}), False),
        (Reply(template="ask_address", fields={"cep": "04567000"}), False),
    ]:
        assert for_the_model(reply, render_body(reply)) is allowed, reply
    assert not for_the_model(Reply(template="cart_empty"), "Pague aqui: https://loja/pay/x1")


async def test_a_store_question_is_answered_from_the_store_data_only(
        shop: tuple[Resources, FrozenClock], api: FakeOpenAiApi, tmp_path: Path) -> None:
    resources, clock = shop
    write_store(tmp_path, {"answers": True, "timeout_seconds": 0.3})  # read on the next turn
    question = "quais as formas de pagamento? meu email é maria@example.com"

    api.fail(500, "server_error")
    data = await answer(resources, clock, question, "5511900000201")
    sent = api.requests[-1]
    assert sent["messages"][0]["content"] == ANSWER_PROMPT
    assert json.loads(sent["messages"][1]["content"]) == {
        "question": "quais as formas de pagamento? meu email é [dado pessoal]",
        "store_data": data}
    assert "10x sem juros" in data, data
    short = "Aceitamos cartão ou boleto, e parcelamos em até 10x sem juros!"
    api.reply_text(short)  # what was asked, numbers from the data only
    assert await answer(resources, clock, question, "5511900000202") == short
    for invented in ("Cartão ou boleto, em até 12x sem juros.",
                     "Cartão ou boleto, em até 10x sem juros, e o frete é grátis!",
                     "Cartão ou boleto, em até 10x sem juros; pagando hoje sai na hora."):
        api.reply_text(invented)
        assert await answer(resources, clock, question, "5511900000203") == data, invented
