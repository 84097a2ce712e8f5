"""The buyer is told on WhatsApp of each change the store makes to their order, once: text
inside the 24-hour window, the order-update template outside it, in the buyer's language.
Changes go through `change_order` (the console's and the CLI's one path) and the refund run."""

from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest

from api.worker.maintenance import Maintenance
from api.worker.order_actions import change_order
from api.worker.refund_runs import send_pending_refunds
from balcao.settings import Settings
from balcao.store_config import StoreConfigs
from tests.aftersale.native import STORE, pay, place
from tools.orders import aftersale, returns
from tools.orders.lifecycle import OrderStateError
from tools.orders.refunds import send_refunds
from tools.payments.gateway import PaymentGateway

STORES = StoreConfigs(None)
OPERATOR = "operator:ana@loja.com"


async def buyer_conversation(conn, clock, number: str, *texts: str) -> int:
    """The WhatsApp conversation of the buyer `place` made for order `number`, with what they
    wrote (their last message now)."""
    buyer = f"55119{number}"
    cur = await conn.execute(
        "INSERT INTO conversations (store_id, buyer_id, thread_id, last_inbound_at)"
        " VALUES (%s, %s, %s, %s) RETURNING id", (STORE, buyer, f"{STORE}:{buyer}", clock.now()))
    conversation = (await cur.fetchone())["id"]
    for i, text in enumerate(texts):
        await conn.execute(
            "INSERT INTO inbox (store_id, channel, external_id, conversation_id, kind, message,"
            " received_at, status) VALUES (%s, 'whatsapp', %s, %s, 'text', %s, %s, 'done')",
            (STORE, f"wamid.{number}.{i}", conversation,
             json.dumps({"kind": "text", "text": text}), clock.now()))
    return conversation


async def paid_order(conn, clock, number: str, *texts: str) -> dict:
    """A paid order of a buyer who wrote `texts` and holds store credit ("vale")."""
    order = await place(conn, clock, number=number)
    await pay(conn, clock, number=number)
    await buyer_conversation(conn, clock, number, *texts)
    await conn.execute(
        "INSERT INTO customer_payment_methods (store_id, customer_id, method_id, source,"
        " provider, balance) VALUES (%s, %s, 'vale', 'gift_card', 'store_credit', 0)",
        (STORE, order["customer_id"]))
    return order


async def _outbox(conn, number: str) -> list[dict]:
    cur = await conn.execute("SELECT idempotency_key, payload FROM outbox WHERE recipient = %s"
                             " ORDER BY id", (f"55119{number}",))
    return [dict(row) for row in await cur.fetchall()]


def _text(payload: dict) -> str:
    if payload["type"] == "text":
        return payload["text"]["body"]
    return " | ".join(p["text"] for p in payload["template"]["components"][0]["parameters"])


async def test_shipped_and_delivered_are_told_once_in_the_buyers_language(pool, clock) -> None:
    async with pool.connection() as conn:
        await place(conn, clock)
        await pay(conn, clock)
        await buyer_conversation(conn, clock, "1001", "hi, where is my order?", "thanks")
        for _ in range(2):  # the operator clicks twice: one change, one message
            await change_order(conn, STORES, clock, store_id=STORE, number="1001",
                               action="ship", actor=OPERATOR, tracking_code="BR123456789",
                               carrier="Correios")
        [shipped] = await _outbox(conn, "1001")
        assert shipped["payload"]["type"] == "text"
        assert _text(shipped["payload"]) == (
            "Your order 1001 has shipped: Correios, tracking code *BR123456789*.")
        cur = await conn.execute("SELECT id, actor FROM order_history WHERE action = 'ship'")
        row = await cur.fetchone()
        assert row["actor"] == OPERATOR
        assert shipped["idempotency_key"] == f"order-notice:{row['id']}:0"

        clock.advance(hours=30)  # the buyer went quiet: outside the window
        await change_order(conn, STORES, clock, store_id=STORE, number="1001",
                           action="deliver", actor=OPERATOR)
        [_, delivered] = await _outbox(conn, "1001")
    template = delivered["payload"]["template"]
    assert (delivered["payload"]["type"], template["name"]) == ("template", "pedido_atualizado")
    assert _text(delivered["payload"]).startswith("1001 | Your order 1001 was delivered.")


async def test_cancelling_a_paid_order_tells_the_refund_then_that_it_was_sent(
        pool, clock, tmp_path) -> None:
    settings = Settings(_env_file=None, BALCAO_SANDBOX_SECRET="s3cret",  # type: ignore[call-arg]
                        BALCAO_DATA_DIR=str(tmp_path))
    async with pool.connection() as conn, httpx.AsyncClient() as http:
        await place(conn, clock)
        await pay(conn, clock)
        await buyer_conversation(conn, clock, "1001", "quero cancelar esse pedido")
        with pytest.raises(ValueError):  # a reason is asked for
            await change_order(conn, STORES, clock, store_id=STORE, number="1001",
                               action="cancel", actor=OPERATOR)
        await change_order(conn, STORES, clock, store_id=STORE, number="1001",
                           action="cancel", actor=OPERATOR, reason="sem estoque")
        gateway = PaymentGateway(settings, http, clock)
        # the worker's round sends it (the services it needs: the providers, the stores)
        maintenance = Maintenance(pool, SimpleNamespace(gateway=gateway, stores=STORES), clock)
        assert await maintenance.send_refunds() == 1
        assert await send_pending_refunds(conn, gateway, STORES, clock) == []
        messages = [_text(m["payload"]) for m in await _outbox(conn, "1001")]
        async with pool.connection() as other:  # another process is in the middle of a run
            await other.execute("SELECT pg_advisory_lock(4242015)")
            assert await send_pending_refunds(conn, gateway, STORES, clock) is None
            await other.execute("SELECT pg_advisory_unlock(4242015)")
        cur = await conn.execute("SELECT actor FROM order_history WHERE action = 'refund_sent'")
        actors = [r["actor"] for r in await cur.fetchall()]
        cur = await conn.execute("SELECT status FROM order_transactions WHERE kind = 'refund'")
        refunds = [r["status"] for r in await cur.fetchall()]
    assert refunds == ["done"] and actors == ["provider:sandbox"]
    assert messages == [
        "Seu pedido 1001 foi cancelado. R$ 100,00 volta pelo pagamento de teste: na hora"
        " (pagamento de teste).",
        "O reembolso do pedido 1001 foi enviado. R$ 100,00 volta pelo pagamento de teste: na"
        " hora (pagamento de teste).",
    ]


async def test_return_approved_and_refused_are_told_and_buyer_changes_are_not(
        pool, clock) -> None:
    async with pool.connection() as conn:
        for number in ("1001", "1002"):
            await paid_order(conn, clock, number, "quero devolver")
            await change_order(conn, STORES, clock, store_id=STORE, number=number,
                               action="ship", actor=OPERATOR, tracking_code="BR1")
            await change_order(conn, STORES, clock, store_id=STORE, number=number,
                               action="deliver", actor=OPERATOR)
            await returns.request_return(conn, store_id=STORE, number=number,
                                         item_ids=["CAM-P"], method_id="vale", actor="buyer",
                                         clock=clock)
        with pytest.raises(OrderStateError):  # nothing is waiting for an answer
            await change_order(conn, STORES, clock, store_id=STORE, number="1001",
                               action="deliver", actor=OPERATOR)
        approved = await change_order(conn, STORES, clock, store_id=STORE, number="1001",
                                      action="approve", actor=OPERATOR)
        for _ in range(2):
            refused = await change_order(conn, STORES, clock, store_id=STORE, number="1002",
                                         action="refuse", actor=OPERATOR,
                                         reason="a peça foi usada")
        cur = await conn.execute("SELECT count(*) AS n FROM order_requests WHERE order_id = %s",
                                 (refused["id"],))
        left = (await cur.fetchone())["n"]
        # shipped, delivered, then the answer: the buyer's own request was answered in the chat
        approved_told = [_text(m["payload"]) for m in await _outbox(conn, "1001")]
        refused_told = [_text(m["payload"]) for m in await _outbox(conn, "1002")]
    assert (approved["status"], refused["status"], left) == ("completed", "delivered", 0)
    assert len(approved_told) == len(refused_told) == 3
    assert approved_told[2:] == ["Sua devolução do pedido 1001 foi aprovada. R$ 50,00 volta"
                                 " pelo vale-compras: na hora, como vale-compras."]
    assert refused_told[2:] == ["Não pudemos aprovar a devolução do pedido 1002: a peça foi"
                            " usada. Se quiser conversar, é só responder aqui."]


async def test_a_refund_the_buyers_own_turn_sent_is_not_told_again(pool, clock,
                                                                     tmp_path) -> None:
    settings = Settings(_env_file=None, BALCAO_SANDBOX_SECRET="s3cret",  # type: ignore[call-arg]
                        BALCAO_DATA_DIR=str(tmp_path))
    async with pool.connection() as conn, httpx.AsyncClient() as http:
        await paid_order(conn, clock, "1001", "quero cancelar")
        gateway = PaymentGateway(settings, http, clock)
        # as the conversation does: cancel, then send the refund in the same turn
        order = await aftersale.cancel_order(conn, store_id=STORE, number="1001", reason="x",
                                             actor="buyer", clock=clock)
        await send_refunds(conn, {"sandbox": gateway.provider("sandbox")}, clock,
                           order_id=order["id"])
        clock.advance(minutes=5)
        assert await send_pending_refunds(conn, gateway, STORES, clock) == []
        cur = await conn.execute("SELECT actor, details FROM order_history"
                                 " WHERE action = 'refund_sent'")
        [sent] = await cur.fetchall()
        assert await _outbox(conn, "1001") == []
    assert (sent["actor"], sent["details"]["told"]) == ("provider:sandbox", "in_conversation")
