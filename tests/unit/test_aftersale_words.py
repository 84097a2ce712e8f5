"""The after-sale readers of what a buyer asks of an order placed (issue #13): an order sent
somewhere else, where a thing bought is, a cancel said with its reason."""

from __future__ import annotations

import pytest

from graphs.sales.aftersale.words import asks_where_it_is, wants_address_change
from graphs.sales.nlu.guards import asks_to_cancel, believable
from tools.catalog.text import fold


@pytest.mark.parametrize("text", [
    "can you send it to my office instead? 04538-133, Av Brigadeiro Faria Lima 3477",
    "manda pro meu trabalho em vez de casa: cep 01310-100 av paulista 1000",
    "pls deliver to my moms place instead, 20040-002 rua da assembleia 10",
    "envia pra outro endereco pfv", "can u ship it to a different address"])
def test_an_order_sent_elsewhere_is_an_address_change(text: str) -> None:
    assert wants_address_change(fold(text))


@pytest.mark.parametrize("text", [
    "send it by express instead", "manda o azul em vez do preto", "send the blue one instead",
    "vou levar o azul em vez do preto", "manda a nota no meu email em vez do whats",
    "vcs entregam em todo o brasil?", "manda o link de novo"])
def test_instead_without_a_place_is_no_address_change(text: str) -> None:
    assert not wants_address_change(fold(text))


@pytest.mark.parametrize("text", [
    "hey did the pan set leave yet", "a caneca q eu comprei ja ta separada??",
    "cade as toalhas", "is the knife on its way?", "o pedido das toalhas ja ta pronto?"])
def test_where_a_thing_bought_is(text: str) -> None:
    assert asks_where_it_is(fold(text))


@pytest.mark.parametrize("text", [
    "pronto, quero outra caneca", "a caneca ja ta em promocao?", "quero outra igual a q comprei"])
def test_other_words_ask_no_whereabouts(text: str) -> None:
    assert not asks_where_it_is(fold(text))


def test_a_cancel_with_paguei_is_no_payment_question_nor_a_doubt() -> None:
    said = "entao, na vdd queria cancelar, paguei ontem mas ganhei um jogo igual de presente"
    assert not believable("payment_question", said)
    assert not believable("objection", "da pra cancelar? paguei semana passada mas nao vou usar")
    assert believable("payment_question", "paguei o pix, ta confirmado?")
    assert believable("payment_question", "posso cancelar o boleto e pagar no cartao?")
    assert asks_to_cancel("sim pode cancelar e devolver o dinheiro")
    assert not asks_to_cancel("meu pedido foi cancelado?")


@pytest.mark.parametrize("text", [
    "entao, na vdd queria cancelar, paguei ontem mas ganhei um jogo igual de presente",
    "da pra cancelar? paguei semana passada mas nao vou precisar mais"])
def test_the_classifier_reads_the_cancel(text: str) -> None:
    from graphs.sales.nlu.offline import OfflineClassifier
    assert OfflineClassifier.load().classify(text).intent == "cancel_order"
