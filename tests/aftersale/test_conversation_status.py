"""Asking about orders in the conversation: where a shipped order is (carrier, tracking code),
nothing about anyone else's order, and a shipped order that can no longer be cancelled."""

from __future__ import annotations

from tests.aftersale.conversation import Buyer, ship_and_deliver
from tests.integration.conftest import env  # noqa: F401 - the real graph, worker, Postgres


async def test_status_tracking_and_someone_elses_order(env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900002222")
    order = await ana.buys("tem garrafa termica?", "quero a primeira")
    assert order["status"] == "paid"
    await ship_and_deliver(resources, clock, order["number"], delivered=False)

    where = await ana.say("cade meu pedido? ja saiu?")
    assert f"Pedido {order['number']}" in where and "enviado" in where
    assert "Correios" in where and "BR123456789BR" in where

    # Another buyer naming Ana's order learns exactly what a made-up number gives.
    bia = Buyer(resources, clock, "5511900003333")
    theirs = await bia.say(f"cade o pedido {order['number']}?")
    nobodys = await bia.say("cade o pedido 99999?")
    assert theirs == nobodys.replace("99999", order["number"])
    assert "BR123456789BR" not in theirs and "Garrafa" not in theirs
    cancel = await bia.say(f"quero cancelar o pedido {order['number']}")
    assert "Não encontrei o pedido" in cancel
    assert (await ana.latest_order())["status"] == "shipped"

    refused = await ana.say("quero cancelar meu pedido")
    assert "não dá mais para cancelar" in refused and "BR123456789BR" in refused
    assert (await ana.latest_order())["status"] == "shipped"


async def test_english_buyer_sees_the_delivery_day(env) -> None:  # noqa: F811
    resources, clock = env
    tom = Buyer(resources, clock, "5511900004444")
    order = await tom.buys("do you have a thermal bottle?", "I want the first one")
    await ship_and_deliver(resources, clock, order["number"])
    where = await tom.say(f"where is my order {order['number']}")
    assert f"Order {order['number']}" in where and "delivered on Nov 22, 2026" in where
    refused = await tom.say("cancel my order")
    assert "can no longer be cancelled" in refused and "exchange or a return" in refused
