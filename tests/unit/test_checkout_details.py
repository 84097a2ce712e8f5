"""Checkout details typed in one message with other words around them ("fecha pra mim. Ana
Lima, cep …, rua …, pela expressa"), and shipping options named by their words."""

from __future__ import annotations

import pytest

from graphs.sales.buyer_details import plausible_name, read_details
from graphs.sales.checkout_flow import closes_now, closes_with_details, gives_own_details
from graphs.sales.checkout_menus import shipping_named

QUOTES = [
    {"id": "retirada", "name": "Retirar na loja", "kind": "pickup", "price": "0", "days": 0},
    {"id": "expressa-sp", "name": "Entrega expressa (capital SP)", "kind": "delivery",
     "price": "14.90", "days": 1},
    {"id": "sudeste", "name": "PAC Sudeste", "kind": "delivery", "price": "24.90", "days": 4},
    {"id": "brasil", "name": "PAC Brasil", "kind": "delivery", "price": "39.90", "days": 9},
]


def test_the_name_is_the_part_before_the_details_and_the_rest_is_kept():
    found = read_details("fecha pra mim. Ana Lima, cep 04567-000, rua das flores 123 ap 4")
    assert found["name"] == "Ana Lima" and found["cep"] == "04567000"
    assert found["street"] == "rua das flores 123 ap 4"
    assert found["other_words"] == "fecha pra mim"


def test_words_after_the_street_are_not_the_street():
    found = read_details("bora fechar: Paulo Reis, 01311-000, av paulista 900 ap 12, "
                         "pela expressa")
    assert found["street"] == "av paulista 900 ap 12"
    assert "expressa" in found["other_words"] and found["name"] == "Paulo Reis"
    assert read_details("Maria, rua das flores 123, jardins")["street"] == \
        "rua das flores 123, jardins"  # a neighbourhood stays in the address


def test_product_words_are_never_a_name():
    found = read_details("oi! preciso de oculos de sol, uma bolsa de praia e uma sandalia 36."
                         " manda pro cep 04567-000")
    assert "name" not in found
    assert not closes_with_details("oculos de sol, uma bolsa de praia. cep 04567-000")


def test_a_shipping_question_with_a_cep_does_not_close_the_order():
    assert not closes_with_details("qual o frete pro cep 01311-000?")
    assert closes_with_details("Maria Souza, 04567-000, Rua das Flores 123")
    assert closes_with_details("fechar. Leticia Ramos, 88015-200")


def test_a_shipping_option_by_its_words():
    assert shipping_named("a expressa", QUOTES) == "expressa-sp"
    assert shipping_named("the express option", QUOTES) == "expressa-sp"
    # "pac" fits two options: the one no dearer and no slower than the other is taken.
    assert shipping_named("pac mesmo", QUOTES) == "sudeste"
    assert shipping_named("pelos correios msm", [QUOTES[0], QUOTES[3]]) == "brasil"
    assert shipping_named("pac", [QUOTES[3], {**QUOTES[2], "days": 12}]) is None
    assert shipping_named("hmm deixa eu ver", QUOTES) is None


def test_any_delivery_will_do_takes_the_cheapest():
    # "tanto faz", "whichever": a delivery, the cheapest (the summary shows it before the yes)
    assert shipping_named("tanto faz", QUOTES) == "expressa-sp"
    assert shipping_named("whichever one, doesnt matter", QUOTES[2:]) == "sudeste"
    assert shipping_named("qualquer uma serve", [QUOTES[0], QUOTES[3]]) == "brasil"


def test_a_shipping_option_by_what_the_buyer_cares_about():
    # The fastest / cheapest delivery; pickup is not a delivery, though it costs 0 in 0 days.
    assert shipping_named("a mais rapida", QUOTES) == "expressa-sp"
    assert shipping_named("qual chega antes? essa", QUOTES) == "expressa-sp"
    assert shipping_named("the fastest pls", QUOTES) == "expressa-sp"
    assert shipping_named("a mais barata msm", QUOTES) == "expressa-sp"
    dear_express = [QUOTES[0], {**QUOTES[1], "price": "49.90"}, QUOTES[2], QUOTES[3]]
    assert shipping_named("cheapest one", dear_express) == "sudeste"
    assert shipping_named("a mais rapida", dear_express) == "expressa-sp"
    assert shipping_named("a mais rapida", QUOTES[:1]) is None


def test_a_shipping_option_by_its_delivery_time():
    assert shipping_named("o de 4 dias", QUOTES) == "sudeste"
    assert shipping_named("a que chega amanha", QUOTES) == "expressa-sp"
    assert shipping_named("the 1 day one", QUOTES) == "expressa-sp"
    assert shipping_named("o de 5 dias", QUOTES) is None  # no option takes 5 days


def test_a_dash_separates_the_lead_from_the_name_and_answers_are_not_names():
    found = read_details("checkout - Daniel Brooks, 22041-001, Av Atlantica 1702 apt 501")
    assert found["name"] == "Daniel Brooks" and found["cep"] == "22041001"
    for answer in ("PAC is fine", "express pls", "pode ser", "sim"):
        assert plausible_name(answer) is None, answer
    assert plausible_name("Maria do Carmo") == "Maria do Carmo"


@pytest.mark.parametrize("text", [
    "I'll check out later, gotta ask my mom first lol",
    "depois eu fecho, vou ver com meu marido",
    "qnto fica o frete pra 30140-071?",
])
def test_closing_later_or_asking_is_no_checkout_with_details(text: str) -> None:
    assert not closes_with_details(text)
    assert "name" not in read_details(text)


@pytest.mark.parametrize("text", [
    "blz vou querer entao, ja fecha pra mim", "isso tudo, pode fechar", "checkout pls"])
def test_closing_now(text: str) -> None:
    assert closes_now(text)


def test_a_name_typed_alone_or_a_street_are_own_details() -> None:
    assert gives_own_details("Juliana Prado") and gives_own_details("rua sorocaba 200 casa 2")
    assert not gives_own_details("tem em preto?")


def test_a_name_after_its_lead_anywhere_in_the_words() -> None:
    assert read_details("quero 1. pode fechar no nome de Helena Martins")["name"] == \
        "Helena Martins"
    assert read_details("show. vou retirar na loja, meu nome e Claudio Batista")["name"] == \
        "Claudio Batista"


def test_a_street_after_a_cep_needs_no_street_word() -> None:
    found = read_details("cep 22250-040, praia de botafogo 300 apt 901")
    assert found["street"] == "praia de botafogo 300 apt 901" and found["cep"] == "22250040"
    assert "street" not in read_details("cep 04567-000, pela expressa")
    assert "street" not in read_details("cep 01310-100 numero 1000")


def test_a_name_said_with_its_lead_among_other_parts() -> None:
    assert read_details("great. checkout, it's Grace Lee, 05014-000, Rua Cardoso 900")[
        "name"] == "Grace Lee"
    assert read_details("checkout, it's Tom Reed, pickup at the store")["name"] == "Tom Reed"
    assert "name" not in read_details("bolsa tote, quero fechar, pode ser pix")
    assert "name" not in read_details("it's for my mom")


def test_a_name_then_a_street_without_its_kind() -> None:
    # "Praia de Botafogo 300" has no "rua": after a name and a comma, words and a house number
    # are the street; a count of items is not
    details = read_details("Hannah Clarke, Praia de Botafogo 300 apt 1102")
    assert (details["name"], details["street"]) == ("Hannah Clarke",
                                                     "Praia de Botafogo 300 apt 1102")
    assert "street" not in read_details("Joao Silva, quero 20 camisetas")
    assert "street" not in read_details("Ana Lima, camiseta basica 2")


def test_closing_words_around_a_full_name() -> None:
    assert read_details("alright, checkout. Ethan Moore, ill pick it up")["name"] == "Ethan Moore"
    assert read_details("fecha no nome Luciana Araujo, cep 30130-010 av afonso pena 1500")[
        "name"] == "Luciana Araujo"
    assert read_details("Daniela Rocha al santos 1200 ap 33 cep 01418-100")[
        "street"] == "al santos 1200 ap 33"
    assert "name" not in read_details("quero a camiseta basica, tamanho M, pode fechar")
