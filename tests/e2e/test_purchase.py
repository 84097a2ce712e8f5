"""A whole purchase through the WhatsApp webhook and the sandbox payment page."""

from __future__ import annotations

import re
import time

import httpx
import psycopg

from tests import webhooks
from tests.e2e.conftest import APP_SECRET
from tests.e2e.test_conversation import BUYER, option_ids, say
from tests.fakes.graph_api import FakeGraphApi
from tests.security.paying import pay
from tests.service import ServiceProcess


def body_of(message: dict) -> str:
    if message["type"] == "text":
        return message["text"]["body"]
    return message["interactive"]["body"]["text"]


def tap(service: ServiceProcess, graph_api: FakeGraphApi, row_id: str, title: str) -> dict:
    before = len(graph_api.messages())
    raw, headers = webhooks.signed(webhooks.list_reply(row_id, title, wa_id=BUYER), APP_SECRET)
    assert httpx.post(f"{service.url}/webhooks/whatsapp", content=raw,
                      headers=headers).status_code == 200
    return graph_api.wait_for(before + 1, timeout=20)[before]


def wait_message(graph_api: FakeGraphApi, count: int) -> dict:
    return graph_api.wait_for(count, timeout=20)[count - 1]


def query(db_url: str, sql: str) -> list[tuple]:
    with psycopg.connect(db_url) as conn:
        return conn.execute(sql).fetchall()


# sku -> (total with express shipping, stock before)
BOTTLES = {"GAR-TERM-500": ("104,80", "104.80", 12), "GAR-TERM-1L": ("144,80", "144.80", 5)}


def checkout_until_link(service: ServiceProcess, graph_api: FakeGraphApi) -> tuple[str, str]:
    """Buys the first bottle found; returns the payment token and the sku bought."""
    results = say(service, graph_api, "tem garrafa termica?")
    sku = option_ids(results)[0].removeprefix("show:")
    say(service, graph_api, "quero a primeira")
    assert "nome" in body_of(say(service, graph_api, "quero finalizar"))
    assert "CEP" in body_of(say(service, graph_api, "Maria Souza"))
    assert "endereço" in body_of(say(service, graph_api, "meu cep é 04567-000"))
    shipping = say(service, graph_api, "Rua das Flores, 123, ap 4")
    assert "ship:expressa-sp" in option_ids(shipping)
    summary = tap(service, graph_api, "ship:expressa-sp", "Entrega expressa")
    assert option_ids(summary)[0] == "order:confirm:1"
    assert f"R$ {BOTTLES[sku][0]}" in body_of(summary)  # price + 14,90 express shipping
    link = body_of(say(service, graph_api, "sim, pode confirmar"))
    match = re.search(r"/pay/([\w-]+)", link)
    assert match, link
    return match.group(1), sku


def test_search_add_checkout_pay_and_get_confirmation(
    service: ServiceProcess, graph_api: FakeGraphApi, db_url: str
) -> None:
    token, sku = checkout_until_link(service, graph_api)
    total_pt, total, stock = BOTTLES[sku]
    assert query(db_url, "SELECT number, status, total::text FROM orders") == [
        ("1001", "pending_payment", total)]
    assert query(db_url, "SELECT sku, quantity, status FROM stock_reservations") == [
        (sku, 1, "held")]

    page = httpx.get(f"{service.url}/pay/{token}")
    assert page.status_code == 200 and f"Pagar R$ {total_pt}" in page.text
    sent = len(graph_api.messages())
    paid = pay(service.url, token, "paid", follow_redirects=True)
    assert "Pagamento aprovado" in paid.text
    confirmation = wait_message(graph_api, sent + 1)
    assert "1001" in body_of(confirmation) and "aprovado" in body_of(confirmation)

    assert query(db_url, "SELECT status FROM orders") == [("paid",)]
    stock_sql = f"SELECT stock FROM products WHERE sku = '{sku}'"
    assert query(db_url, stock_sql) == [(stock - 1,)]
    assert query(db_url, "SELECT status FROM stock_reservations") == [("committed",)]

    # The same decision posted again (a double webhook) changes nothing and says nothing.
    pay(service.url, token, "paid")
    time.sleep(1.0)
    assert len(graph_api.messages()) == sent + 1
    assert query(db_url, stock_sql) == [(stock - 1,)]

    status = say(service, graph_api, "cadê meu pedido?")
    assert "1001" in body_of(status) and "pago" in body_of(status)


def test_a_failed_payment_gets_an_honest_message_and_a_new_link(
    service: ServiceProcess, graph_api: FakeGraphApi, db_url: str
) -> None:
    token, _ = checkout_until_link(service, graph_api)
    sent = len(graph_api.messages())
    pay(service.url, token, "failed")
    retry = body_of(wait_message(graph_api, sent + 1))
    assert "não foi aprovado" in retry
    new_token = re.search(r"/pay/([\w-]+)", retry).group(1)
    assert new_token != token
    assert query(db_url, "SELECT status FROM payments ORDER BY id") == [("failed",), ("pending",)]
    assert query(db_url, "SELECT status FROM stock_reservations") == [("held",)]

    pay(service.url, new_token, "paid")
    assert "aprovado" in body_of(wait_message(graph_api, sent + 2))
    assert query(db_url, "SELECT status FROM orders") == [("paid",)]
