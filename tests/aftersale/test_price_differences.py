"""A change to a paid order that changes its price is settled in the conversation, once: a
pricier shipping after a new address (or a pricier variant) is paid with a link of its own,
whose notification settles the difference and leaves the order paid; a cheaper variant is
refunded through the method the order was paid with. Run again (a turn that crashes and
resumes), nothing moves twice."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

from api.render.text import render_body
from api.routes.payments import settle
from balcao.messages import Reply
from tests.aftersale.conversation import STORE, Buyer
from tests.integration.conftest import (
    env,  # noqa: F401 - the real graph, worker, Postgres
    rows,
)
from tools.catalog.importer import import_catalog
from tools.conversations.threads import thread_id_for
from tools.orders.account import ensure_saved_method
from tools.orders.aftersale import modify_address, modify_items
from tools.orders.difference_links import difference_payment
from tools.orders.refunds import send_refunds

# A tee whose GG costs more than its G (the small catalog's variants all cost the same).
TEE = {"sku": "CAM-DIF-01", "name": "Camiseta Oversized", "price": 59.90, "currency": "BRL",
       "category": "Roupas > Camisetas", "description": "Camiseta de algodão.",
       "variants": [{"sku": "CAM-DIF-01-G", "attributes": {"tamanho": "G"}, "stock": 5},
                    {"sku": "CAM-DIF-01-GG", "attributes": {"tamanho": "GG"}, "price": 64.90,
                     "stock": 5}]}
RIO = {"street": "Rua da Assembleia 10", "cep": "20040020", "uf": "RJ"}


async def _paid_delivery(ana: Buyer) -> dict:
    """Ana buys the mug for express delivery in São Paulo (R$ 14,90) and pays."""
    await ana.tap("add:CAN-CAFE-01")
    for step in ("quero finalizar", "Ana Souza", "04567-000", "Rua Augusta, 10"):
        await ana.say(step)
    await ana.tap("ship:expressa-sp")
    await ana.say("sim")
    order = await ana.latest_order()
    async with ana.resources.pool.connection() as conn:
        cur = await conn.execute("SELECT token FROM payments WHERE order_id = %s", (order["id"],))
        token = (await cur.fetchone())["token"]  # type: ignore[index]
    await settle(ana.resources, "sandbox", Buyer.paid(token), asyncio.Event())
    await ana.hears()  # the payment event's turn
    return await ana.latest_order()


async def test_a_pricier_shipping_is_paid_once_with_its_own_link(env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900007777")
    order = await _paid_delivery(ana)
    assert order["status"] == "paid" and order["shipping_cost"] == Decimal("14.90")

    assert "novo endereço" in await ana.say("quero mudar o endereco do meu pedido")
    summary = await ana.say("20040-020, Rua da Assembleia 10")
    assert "PAC Sudeste" in summary and "R$ 24,90" in summary
    assert "Diferença: R$ 10,00 a mais" in summary and "link para pagar" in summary
    done = await ana.say("sim")
    link = f"{resources.services.gateway.public_base_url.rstrip('/')}/pay/"
    assert "Para pagar a diferença de R$ 10,00:" in done and link in done

    owed = await rows(resources, "SELECT id, amount, status, payment_id, provider"
                                 " FROM order_transactions")
    assert [(r["amount"], r["status"], r["provider"]) for r in owed] == [
        (Decimal("10.00"), "pending", "sandbox")]
    # The turn run again (a crash after the change): no second change, charge or link.
    async with resources.pool.connection() as conn:
        again = await modify_address(
            conn, store_id=STORE, number=order["number"], address=RIO, actor="buyer",
            clock=clock, method_id=order["payment_method"],
            shipping={"id": "sudeste", "name": "PAC Sudeste", "kind": "delivery",
                      "price": "24.90", "days": 4, "address": None})
        assert again["total"] == order["total"] + Decimal("10.00")
        link_again = await difference_payment(
            conn, order_id=order["id"], provider=resources.services.gateway.provider("sandbox"),
            public_base_url="http://unused", link_minutes=60, clock=clock)
    assert link_again is not None and link_again.id == owed[0]["payment_id"]
    payments = await rows(resources, "SELECT amount, token FROM payments ORDER BY id")
    assert [p["amount"] for p in payments] == [order["total"], Decimal("10.00")]

    difference_paid = Buyer.paid(payments[1]["token"])
    assert (await settle(resources, "sandbox", difference_paid, asyncio.Event()))["status"] \
        == "paid"
    assert "Recebemos o pagamento da diferença de R$ 10,00" in await ana.hears()  # once
    repeat = await settle(resources, "sandbox", difference_paid, asyncio.Event())
    assert repeat == {"status": "duplicate_or_unknown"}

    after = await ana.latest_order()
    assert (after["status"], after["total"], after["shipping_cost"]) == (
        "paid", order["total"] + Decimal("10.00"), Decimal("24.90"))
    assert json.loads(json.dumps(after["address"]))["cep"] == "20040020"
    settled = await rows(resources, "SELECT kind, amount, status FROM order_transactions")
    assert settled == [{"kind": "payment", "amount": Decimal("10.00"), "status": "done"}]
    history = await rows(resources, "SELECT action, actor, details FROM order_history"
                                    " WHERE action <> 'status' ORDER BY id")
    assert [(h["action"], h["actor"]) for h in history] == [
        ("modify_address", "buyer"), ("difference_paid", "provider:sandbox")]
    assert history[0]["details"]["difference"] == "10.00"
    notes = await rows(resources, "SELECT note FROM order_status_history WHERE note IS NOT NULL")
    assert notes == []  # not taken for a second payment of the order


async def test_variant_differences_refunded_or_paid_once(env) -> None:  # noqa: F811
    resources, clock = env
    async with resources.pool.connection() as conn:
        await import_catalog(conn, [json.dumps(TEE)], store_id=STORE, clock=clock)
    bia = Buyer(resources, clock, "5511900006666")
    await bia.tap("add:CAM-DIF-01-GG")
    order = await bia.buys()
    assert order["status"] == "paid" and order["total"] == Decimal("64.90")

    summary = await bia.say("troca o tamanho do meu pedido pra G")
    assert "Diferença: R$ 5,00 a menos" in summary
    assert "R$ 5,00 volta pelo pagamento de teste: na hora" in summary
    done = await bia.say("sim")
    assert "R$ 5,00 já voltou pelo pagamento de teste" in done

    refunds = await rows(resources, "SELECT amount, status, provider_ref FROM order_transactions")
    assert [(r["amount"], r["status"]) for r in refunds] == [(Decimal("5.00"), "done")]
    assert refunds[0]["provider_ref"]
    async with resources.pool.connection() as conn:  # run again, and the refund job's round
        await modify_items(conn, store_id=STORE, number=order["number"],
                           item_ids=["CAM-DIF-01-GG"], new_item_ids=["CAM-DIF-01-G"],
                           method_id=order["payment_method"], actor="buyer", clock=clock)
        resent = await send_refunds(
            conn, {"sandbox": resources.services.gateway.provider("sandbox")}, clock)  # type: ignore[dict-item]
    assert resent == []
    assert len(await rows(resources, "SELECT id FROM order_transactions")) == 1
    lines = await rows(resources, "SELECT sku, quantity FROM order_lines")
    assert [(line["sku"], line["quantity"]) for line in lines] == [("CAM-DIF-01-G", 1)]
    after = await bia.latest_order()
    assert (after["status"], after["total"]) == ("paid", Decimal("59.90"))
    await _crash_after_the_change_then_yes(resources, clock)


async def _crash_after_the_change_then_yes(resources, clock) -> None:
    """Caio's yes to a pricier size: the turn made the change and crashed before it answered;
    run again, it makes no second change and sends the one link for the difference."""
    caio = Buyer(resources, clock, "5511900005555")
    await caio.tap("add:CAM-DIF-01-G")
    order = await caio.buys()
    summary = await caio.say("troca o tamanho do meu pedido pra GG")
    assert "Diferença: R$ 5,00 a mais" in summary and "link para pagar" in summary
    state = await resources.graph.aget_state(
        {"configurable": {"thread_id": thread_id_for(STORE, caio.wa_id)}})
    confirming = state.values["aftersale"]["confirming"]
    async with resources.pool.connection() as conn:  # what the crashed run had committed
        await ensure_saved_method(conn, order["id"], "sandbox")
        await modify_items(conn, store_id=STORE, number=order["number"],
                           item_ids=["CAM-DIF-01-G"], new_item_ids=["CAM-DIF-01-GG"],
                           method_id=order["payment_method"], actor="buyer", clock=clock,
                           request=confirming)
    done = await caio.say("sim")  # the same yes, run again
    assert "Pedido" in done and "Para pagar a diferença de R$ 5,00:" in done
    owed = await rows(resources, f"SELECT t.amount, t.status, t.payment_id FROM"
                                 f" order_transactions t WHERE t.order_id = {order['id']}")
    assert [(o["amount"], o["status"]) for o in owed] == [(Decimal("5.00"), "pending")]
    assert owed[0]["payment_id"] is not None
    changes = await rows(resources, f"SELECT action FROM order_history"
                                    f" WHERE order_id = {order['id']} AND action <> 'status'")
    assert [c["action"] for c in changes] == ["modify_items"]


def test_the_difference_is_paid_by_pix_code_or_the_team_sends_the_link() -> None:
    fields = {"task": "change_variant", "difference": "5.00",
              "order": {"number": "1003", "total": "64.90", "status": "paid"},
              "swaps": [{"name": "Camiseta", "from": {"tamanho": "G"}, "to": {"tamanho": "GG"},
                         "price": "64.90"}]}
    pix = fields | {"payment": {"amount": "5.00", "pix_code": "00020126BR.GOV.BCB.PIX"}}
    body = render_body(Reply(template="order_changed", fields=pix, lang="pt"))
    assert "Para pagar a diferença de R$ 5,00, PIX copia e cola:\n\n00020126BR.GOV.BCB.PIX" in body
    missing = fields | {"payment": {"status": "unavailable", "amount": "5.00"}}
    body = render_body(Reply(template="order_changed", fields=missing, lang="en"))
    assert "The link to pay the difference of R$5.00 didn't go out just now" in body
    unpaid = fields | {"order": {"number": "1003", "total": "64.90",
                                 "status": "pending_payment"}}
    body = render_body(Reply(template="aftersale_summary", fields=unpaid, lang="pt"))
    assert "Diferença: R$ 5,00 a mais." in body and "link para pagar só" not in body
