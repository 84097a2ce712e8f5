"""Returns and exchanges of delivered orders in the conversation: the items picked, a summary
with the refund or the new variant and the deadline, a yes, and one request for the team;
past the window, a polite no."""

from __future__ import annotations

from tests.aftersale.conversation import Buyer, ship_and_deliver
from tests.integration.conftest import (
    env,  # noqa: F401 - the real graph, worker, Postgres
    rows,
)


async def test_return_exchange_and_the_window(env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900005555")
    order = await ana.buys("quero a caneca de ceramica", "quero a primeira",
                           "tem garrafa termica?", "quero a primeira")
    await ship_and_deliver(resources, clock, order["number"])

    asked = await ana.say("quero devolver")  # two lines: which ones?
    assert "Quais itens" in asked
    summary = await ana.say("a caneca")
    assert "Caneca de Cerâmica Café" in summary and "Garrafa" not in summary
    assert "R$ 39,90 volta pelo pagamento de teste" in summary and "29/11/2026" in summary
    done = await ana.say("sim")
    assert "devolução do pedido" in done.lower()
    await ana.say("sim")  # a second yes asks nothing more of the order
    requests = await rows(resources, "SELECT kind, items, method_id FROM order_requests")
    assert [(r["kind"], r["items"]) for r in requests] == [("return", ["CAN-CAFE-01"])]
    assert (await ana.latest_order())["status"] == "return_requested"

    bia = Buyer(resources, clock, "5511900006666")
    shirt = await bia.buys("quero a camiseta basica M preta")
    await ship_and_deliver(resources, clock, shirt["number"])
    sold_out = await bia.say("quero trocar pelo tamanho G")  # G preto: none in stock
    assert "Não tenho G em estoque" in sold_out
    summary = await bia.say("quero trocar pela branca")
    assert "de M / preto para M / branco" in summary and "Sem diferença de preço" in summary
    await bia.say("sim")
    requests = await rows(resources, "SELECT kind, items, new_items FROM order_requests"
                                     " WHERE kind = 'exchange'")
    assert [(r["items"], r["new_items"]) for r in requests] == [
        (["CAM-BAS-01-M-PRETO"], ["CAM-BAS-01-M-BRANCO"])]

    clock.advance(days=31)  # past the 7-day return and 30-day exchange windows
    cleo = Buyer(resources, clock, "5511900007777")
    late = await cleo.buys("tem garrafa termica?", "quero a primeira")
    await ship_and_deliver(resources, clock, late["number"])
    clock.advance(days=8)
    closed = await cleo.say("quero devolver meu pedido")
    assert "terminou em" in closed and "7 dias após a entrega" in closed
    assert (await cleo.latest_order())["status"] == "delivered"
