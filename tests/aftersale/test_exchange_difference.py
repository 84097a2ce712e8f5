"""An exchange the store approves at another price: a higher one sends the buyer the
difference's link in their conversation, once however often the approval runs, and the new
item waits for that payment; a lower one is refunded by the refund job and told once."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

from api.routes.payments import settle
from api.worker.maintenance import Maintenance
from api.worker.order_actions import change_order
from tests.aftersale.conversation import STORE, Buyer, ship_and_deliver
from tests.aftersale.test_price_differences import TEE
from tests.integration.conftest import (
    env,  # noqa: F401 - the real graph, worker, Postgres
    rows,
    worker,
)
from tools.catalog.importer import import_catalog
from tools.orders.account import ensure_saved_method
from tools.orders.owed import owed
from tools.orders.returns import request_exchange


async def _exchanged(resources, clock, wa_id: str, bought: str, wanted: str) -> dict:
    """A buyer bought the tee `bought`, received it and asked to exchange it for `wanted`;
    the store approves when it is back (twice: a retried click)."""
    async with resources.pool.connection() as conn:
        await import_catalog(conn, [json.dumps(TEE)], store_id=STORE, clock=clock)
    buyer = Buyer(resources, clock, wa_id)
    await buyer.tap(f"add:{bought}")
    order = await buyer.buys()
    await ship_and_deliver(resources, clock, order["number"])
    async with resources.pool.connection() as conn:
        method = await ensure_saved_method(conn, order["id"], "sandbox")
        await request_exchange(conn, store_id=STORE, number=order["number"], item_ids=[bought],
                               new_item_ids=[wanted], method_id=method, actor="buyer",
                               clock=clock)
        clock.advance(days=2)  # the item travels back to the store
        for _ in range(2):
            await change_order(conn, resources.services.stores, clock, store_id=STORE,
                               number=order["number"], action="approve", actor="operator:cli")
    return order


async def _notices(resources, order_id: int) -> list[str]:
    sent = await rows(resources, "SELECT o.payload FROM outbox o JOIN orders r"
                                 " ON r.conversation_id = o.conversation_id"
                                 f" WHERE r.id = {order_id} AND o.idempotency_key LIKE"
                                 " 'order-notice:%' ORDER BY o.id")
    return [_said(s["payload"]) for s in sent]


async def _hears(resources, clock) -> str:
    """What the bot tells on its own: the queued event's turn, run by the worker."""
    clock.advance(seconds=1)
    await worker(resources, clock).process_ready()
    [sent] = await rows(resources, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1")
    return _said(sent["payload"])


def _said(payload: dict) -> str:
    """A message's text; of a template (outside the 24-hour window), its notice parameter."""
    if payload["type"] == "text":
        return payload["text"]["body"]
    assert payload["template"]["name"] == "pedido_atualizado"
    return payload["template"]["components"][0]["parameters"][1]["text"]


async def test_a_pricier_exchange_gets_its_link_once_and_waits_for_it(env) -> None:  # noqa: F811
    resources, clock = env
    order = await _exchanged(resources, clock, "5511900004444", "CAM-DIF-01-G", "CAM-DIF-01-GG")

    approved = (await _notices(resources, order["id"]))[-1]
    assert "troca do pedido" in approved and "Falta pagar a diferença de R$ 5,00" in approved
    events = await rows(resources, "SELECT message FROM inbox WHERE kind = 'payment'"
                                   " AND external_id LIKE 'difference-owed:%'")
    assert len(events) == 1  # the approval ran twice, the buyer is asked once
    link = await _hears(resources, clock)  # two days after the buyer wrote: a template
    [payment] = await rows(resources, "SELECT token, amount FROM payments"
                                      " WHERE idempotency_key LIKE '%-link-%'")
    assert payment["amount"] == Decimal("5.00") and f"/pay/{payment['token']}" in link
    assert "o novo item da troca segue assim que a diferença for paga" in link
    async with resources.pool.connection() as conn:
        due = await owed(conn, order["id"])
    assert due is not None and due["reason"] == "exchange"

    await settle(resources, "sandbox", Buyer.paid(payment["token"]), asyncio.Event())
    paid = await _hears(resources, clock)
    assert "Recebemos o pagamento da diferença de R$ 5,00" in paid
    assert "O novo item segue para você" in paid
    async with resources.pool.connection() as conn:
        assert await owed(conn, order["id"]) is None
    history = await rows(resources, "SELECT action, details FROM order_history WHERE"
                                    f" order_id = {order['id']} AND action IN"
                                    " ('complete_exchange', 'difference_paid') ORDER BY id")
    assert [h["action"] for h in history] == ["complete_exchange", "difference_paid"]
    assert history[0]["details"]["difference_owed"] is True


async def test_a_cheaper_exchange_is_refunded_by_the_refund_job(env) -> None:  # noqa: F811
    resources, clock = env
    order = await _exchanged(resources, clock, "5511900003333", "CAM-DIF-01-GG", "CAM-DIF-01-G")
    refund = await rows(resources, "SELECT amount, status FROM order_transactions"
                                   f" WHERE order_id = {order['id']} AND kind = 'refund'")
    assert refund == [{"amount": Decimal("5.00"), "status": "pending"}]
    assert await Maintenance(resources.pool, resources.services, clock).send_refunds() == 1
    assert await Maintenance(resources.pool, resources.services, clock).send_refunds() == 0
    refund = await rows(resources, "SELECT status FROM order_transactions"
                                   f" WHERE order_id = {order['id']} AND kind = 'refund'")
    assert refund == [{"status": "done"}]
    told = await _notices(resources, order["id"])
    assert "R$ 5,00 volta pelo pagamento de teste" in told[-2]  # the approval
    assert told[-1].startswith("O reembolso do pedido")  # the refund sent, once
    assert not await rows(resources, "SELECT id FROM inbox WHERE external_id LIKE"
                                     " 'difference-owed:%'")
