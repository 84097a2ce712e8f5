"""A price difference that is not paid: a failed payment (through the provider's webhook) or
an expired link (through the maintenance job) is told to the buyer once, the change stays
and the order does not ship until the difference is paid; a yes brings a new link, a no
leaves the difference open. Outside the 24-hour window the notice is a template."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from api.routes.payments import settle
from api.worker.maintenance import Maintenance
from api.worker.order_actions import change_order
from tests.aftersale.conversation import STORE, Buyer
from tests.aftersale.test_price_differences import _paid_delivery
from tests.integration.conftest import (
    env,  # noqa: F401 - the real graph, worker, Postgres
    rows,
    worker,
)
from tools.orders.lifecycle import OrderStateError
from tools.payments.base import PaymentNotification


def _failed(token: str, event_id: str) -> PaymentNotification:
    return PaymentNotification(event_id=event_id, token=token, provider_ref=None,
                               status="failed", amount=None)


async def _ship(resources, clock, number: str) -> dict:
    async with resources.pool.connection() as conn:
        return await change_order(conn, resources.services.stores, clock, store_id=STORE,
                                  number=number, action="ship", actor="operator:cli",
                                  tracking_code="BR1")


async def _difference_links(resources) -> list[dict]:
    return await rows(resources, "SELECT id, token, status, amount FROM payments"
                                 " WHERE idempotency_key LIKE '%-link-%' ORDER BY id")


async def _owing(ana: Buyer) -> dict:
    """Ana's paid order moved to Rio: R$ 10 more, its link out."""
    order = await _paid_delivery(ana)
    await ana.say("quero mudar o endereco do meu pedido")
    await ana.say("20040-020, Rua da Assembleia 10")
    assert "Para pagar a diferença de R$ 10,00:" in await ana.say("sim")
    return order


async def test_a_failed_difference_is_told_once_and_a_yes_brings_a_new_link(
        env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900008888")
    order = await _owing(ana)
    [first] = await _difference_links(resources)

    result = await settle(resources, "sandbox", _failed(first["token"], "evt-f1"),
                          asyncio.Event())
    assert result["status"] == "failed"
    told = await ana.hears()
    assert "O pagamento da diferença de R$ 10,00 do pedido" in told
    assert "só é enviado depois do pagamento" in told and "novo link?" in told
    # The same event again, or another "failed" for the same payment: nothing more to tell.
    assert (await settle(resources, "sandbox", _failed(first["token"], "evt-f1"),
                         asyncio.Event())) == {"status": "duplicate_or_unknown"}
    await settle(resources, "sandbox", _failed(first["token"], "evt-f2"), asyncio.Event())
    events = await rows(resources, "SELECT message FROM inbox WHERE kind = 'payment'")
    assert [e["message"]["payment"].get("status") for e in events
            if e["message"]["payment"].get("difference")] == ["failed"]

    with pytest.raises(OrderStateError, match="difference of 10.00"):
        await _ship(resources, clock, order["number"])  # not as if paid

    again = await ana.say("pode mandar sim")
    second = (await _difference_links(resources))[-1]
    assert second["id"] != first["id"] and second["status"] == "pending"
    assert f"/pay/{second['token']}" in again
    await settle(resources, "sandbox", Buyer.paid(second["token"]), asyncio.Event())
    assert "Recebemos o pagamento da diferença de R$ 10,00" in await ana.hears()

    shipped = await _ship(resources, clock, order["number"])
    assert shipped["status"] == "shipped"
    history = await rows(resources, "SELECT action, actor, details FROM order_history"
                                    " WHERE action LIKE 'difference%' ORDER BY id")
    assert [(h["action"], h["actor"], h["details"].get("status")) for h in history] == [
        ("difference_unpaid", "provider:sandbox", "failed"),
        ("difference_paid", "provider:sandbox", None)]
    money = await rows(resources, "SELECT amount, status, payment_id FROM order_transactions")
    assert money == [{"amount": Decimal("10.00"), "status": "done",
                      "payment_id": second["id"]}]


async def test_an_expired_link_is_told_once_and_a_no_leaves_it_open(env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900009999")
    order = await _owing(ana)
    minutes = resources.services.stores.get(STORE).payment.link_minutes
    clock.advance(minutes=minutes + 1)
    maintenance = Maintenance(resources.pool, resources.services, clock)
    assert await maintenance.expire_orders() == 1
    assert await maintenance.expire_orders() == 0  # told once
    told = await ana.hears()
    assert "O link para pagar a diferença de R$ 10,00" in told and "expirou" in told
    assert [p["status"] for p in await _difference_links(resources)] == ["expired"]

    kept = await ana.say("nao, depois eu vejo")
    assert "fica em aberto" in kept and "Pagar a diferença" in kept
    assert len(await _difference_links(resources)) == 1  # no link made for a no
    with pytest.raises(OrderStateError):
        await _ship(resources, clock, order["number"])
    await ana.say("cade meu pedido?")  # something else in between
    later = await ana.tap("aftersale:difference:link")  # its button, tapped later
    link = (await _difference_links(resources))[-1]
    assert link["status"] == "pending" and f"/pay/{link['token']}" in later
    history = await rows(resources, "SELECT actor, details FROM order_history"
                                    " WHERE action = 'difference_unpaid'")
    assert [(h["actor"], h["details"]["status"]) for h in history] == [("system", "expired")]


async def test_outside_the_window_an_unpaid_difference_goes_as_a_template(
        env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900006666")
    await _owing(ana)
    clock.advance(hours=25)  # the buyer's last message was more than a day ago
    assert await Maintenance(resources.pool, resources.services, clock).expire_orders() == 1
    await worker(resources, clock).process_ready()  # the event's turn; its reply is a template
    [sent] = await rows(resources, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1")
    template = sent["payload"]["template"]
    params = [p["text"] for p in template["components"][0]["parameters"]]
    assert template["name"] == "pedido_atualizado"
    assert "expirou" in params[1] and "\n" not in params[1]


async def test_a_failed_link_paid_late_settles_the_difference_once(env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900005544")
    await _owing(ana)
    [first] = await _difference_links(resources)
    await settle(resources, "sandbox", _failed(first["token"], "evt-f1"), asyncio.Event())
    await ana.hears()
    await ana.say("sim")  # a new link goes out
    # The buyer retries at the provider on the first link after all: that money counts.
    late = await settle(resources, "sandbox", Buyer.paid(first["token"]), asyncio.Event())
    assert late["status"] == "paid"
    links = await _difference_links(resources)
    assert [link["status"] for link in links] == ["paid", "expired"]  # no second charge
    money = await rows(resources, "SELECT status, payment_id FROM order_transactions")
    assert money == [{"status": "done", "payment_id": first["id"]}]
    # A "paid" for the voided second link settles nothing (a PIX transfer to it would be
    # flagged for a refund: payment_flags.flag_late_transfer).
    again = await settle(resources, "sandbox", Buyer.paid(links[1]["token"]), asyncio.Event())
    assert again["status"] == "expired"
    paid = await rows(resources, "SELECT id FROM order_history WHERE action = 'difference_paid'")
    assert len(paid) == 1
