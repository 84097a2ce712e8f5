"""Reading a buyer who takes back a request for a person (graphs/sales/nlu/withdraw_person.py):
pt-BR and English as typed, what else the message asks, and the messages that still want
the person or only wait."""

from __future__ import annotations

import pytest

from graphs.sales.nlu.withdraw_person import read_withdrawal, withdraws_person

ONLY_WITHDRAWN = [
    # pt, sloppy
    "ah deixa, vc msm resolve",
    "esquece o atendente",
    "nao precisa mais, ja achei",
    "deixa pra la, pode seguir vc",
    "ah deixaaa",
    "deixa quieto",
    "Já resolvi, obrigado!",
    "tá, deixa q vc mesmo resolve",
    "n precisa mais de atendente",
    "pode cancelar o atendimento, nao precisa mais nao",
    "sem atendente, vou comprar com vc",
    "deixa que eu mesmo vejo aqui",
    "nao quero mais falar com atendente",
    "esquece, eu me viro por aqui",
    # en
    "nvm, I'll just do it with you",
    "nevermind",
    "never mind",
    "no need for a person anymore",
    "forget it, I'll stick with you",
    "no need, found it",
    "forget about the agent, you can help me",
    "I don't need a human anymore",
]


@pytest.mark.parametrize("text", ONLY_WITHDRAWN)
def test_a_withdrawal_with_nothing_else_leaves_no_words(text: str) -> None:
    withdrawal = read_withdrawal(text)
    assert withdrawal is not None and withdrawal.rest == ""
    assert withdraws_person(text)


@pytest.mark.parametrize(("text", "rest"), [
    ("ah deixa, vc msm resolve. tem kit de meia esportiva branca tam 39 a 43?",
     "tem kit de meia esportiva branca tam 39 a 43?"),
    ("esquece, me mostra os tenis de corrida", "me mostra os tenis de corrida"),
    ("n precisa mais de atendente, quero a garrafa verde", "quero a garrafa verde"),
    ("esquece isso, vc me ajuda msm. quero 2 camisetas M pretas", "quero 2 camisetas M pretas"),
    ("esquece o atendente e me mostra os bones", "me mostra os bones"),
    ("never mind, do you have yoga mats?", "do you have yoga mats?"),
    ("forget the agent, I want the blue bottle", "I want the blue bottle"),
    ("you can help me, show me running shoes", "show me running shoes"),
    ("actually nevermind\nhow much is the thermal mug?", "how much is the thermal mug?"),
])
def test_what_else_the_message_asks_is_kept_as_typed(text: str, rest: str) -> None:
    withdrawal = read_withdrawal(text)
    assert withdrawal is not None and withdrawal.rest == rest


@pytest.mark.parametrize("text", [
    # still wanting the person
    "deixa eu falar com alguem",
    "nao, quero o atendente",
    "vc nao resolve nada",
    "quero falar com um atendente",
    "chama o gerente",
    "I still want a human",
    "no, I really want a person",
    "let me talk to someone",
    "you can't help me",
    # waiting, or asking something else
    "oi?", "alguem ai?", "to esperando", "cade o atendente??", "demora muito",
    "hello?", "is anyone there?", "I'm waiting", "ok",
    "tem caneca termica?", "ja paguei",
    # "deixa" and "esquece" about something else
    "deixa eu ver", "esquece o tamanho M, quero G", "deixa o carrinho assim",
    "nao preciso de sacola", "nao precisa de embrulho",
])
def test_messages_that_still_want_the_person_or_only_wait_do_not_withdraw(text: str) -> None:
    assert read_withdrawal(text) is None
