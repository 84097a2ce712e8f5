"""WhatsApp catalog carts, abandoned-cart reminders, the 24-hour window, the orders CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from api.channels.whatsapp.parse import parse_webhook
from api.inbox import store_batch
from api.worker.maintenance import Maintenance
from tests import webhooks
from tests.integration.conftest import BUYER, last_reply, receive, rows, text_of, worker
from tests.integration.test_checkout import checkout_to_link
from tests.service import REPO
from tools.payments.base import PaymentNotification


async def send_order(resources: Any, clock: Any, items: list[tuple[str, int, str]]) -> None:
    batch = parse_webhook(json.dumps(webhooks.order(items, wa_id=BUYER)).encode())
    async with resources.pool.connection() as conn:
        await store_batch(conn, batch, default_store_id="default", clock=clock)
    clock.advance(seconds=1)
    await worker(resources, clock).process_ready()


async def test_a_catalog_cart_is_repriced_from_our_catalog_and_reports_what_is_missing(
    env,
) -> None:
    resources, clock = env
    async with resources.pool.connection() as conn:
        await conn.execute("UPDATE product_variants SET stock = 0 WHERE sku = 'CAM-BAS-01-M-PRETO'")
    # WhatsApp showed 79.90 for the mug, our catalog says 39.90; one sku we never sold.
    await send_order(resources, clock, [("CAN-CAFE-01", 2, "79.90"), ("NAO-EXISTE", 1, "10"),
                                        ("CAM-BAS-01-M-PRETO", 1, "59.90")])
    lines = await rows(resources, "SELECT sku, quantity, unit_price::text FROM cart_lines")
    assert lines == [{"sku": "CAN-CAFE-01", "quantity": 2, "unit_price": "39.90"}]
    reply = text_of(await last_reply(resources))
    assert "R$ 39,90" in reply and "não estão mais no nosso catálogo" in reply
    assert "Sem estoque suficiente: Camiseta Básica Algodão" in reply


async def test_an_abandoned_cart_gets_one_reminder_and_a_template_outside_the_window(
    env,
) -> None:
    resources, clock = env
    await receive(resources, clock, "tem garrafa termica?")
    clock.advance(seconds=1)
    await worker(resources, clock).process_ready()
    await receive(resources, clock, "quero a primeira")
    clock.advance(seconds=1)
    await worker(resources, clock).process_ready()
    maintenance = Maintenance(resources.pool, resources.services, clock)
    clock.advance(hours=3)
    assert await maintenance.remind_abandoned_carts() == 0  # 4 hours in the demo config
    clock.advance(hours=22)  # past 24 h since the buyer wrote: only a template may go
    assert await maintenance.remind_abandoned_carts() == 1
    reminder = await last_reply(resources)
    assert reminder["type"] == "template"
    assert reminder["template"]["name"] == "carrinho_lembrete"
    clock.advance(hours=10)
    assert await maintenance.remind_abandoned_carts() == 0  # never a second one


async def test_no_reminder_for_a_buyer_who_said_no(env) -> None:
    resources, clock = env
    for text in ("tem garrafa termica?", "quero a primeira", "ver meu carrinho", "não"):
        await receive(resources, clock, text)
        clock.advance(seconds=1)
        await worker(resources, clock).process_ready()
    assert "parei a finalização" in text_of(await last_reply(resources))
    clock.advance(hours=5)
    assert await Maintenance(resources.pool, resources.services, clock)\
        .remind_abandoned_carts() == 0


async def test_a_confirmation_outside_the_window_is_the_configured_template(env) -> None:
    resources, clock = env
    await checkout_to_link(resources, clock)
    (payment,) = await rows(resources, "SELECT token, amount FROM payments")
    clock.advance(hours=25)  # the buyer paid a day later by PIX/boleto
    async with resources.pool.connection() as conn:
        await conn.execute("UPDATE payments SET expires_at = %s", (clock.now(),))
    from api.routes.payments import settle

    class Wake:
        def set(self) -> None:
            pass

    await settle(resources, "sandbox", PaymentNotification(
        event_id="late", token=payment["token"], provider_ref=None, status="paid",
        amount=payment["amount"]), Wake())
    await worker(resources, clock).process_ready()
    confirmation = await last_reply(resources)
    assert confirmation["type"] == "template"
    assert confirmation["template"]["name"] == "pedido_confirmado"
    params = confirmation["template"]["components"][0]["parameters"]
    assert params[0]["text"] == "1001"


async def test_orders_list_command(env, db_url: str) -> None:
    resources, clock = env
    await checkout_to_link(resources, clock)
    env_vars = {**os.environ, "DATABASE_URL": db_url, "BALCAO_DEMO_STORE": "false"}
    result = subprocess.run([sys.executable, "-m", "api.cli.main", "orders", "list", "--json"],
                            cwd=REPO, env=env_vars, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    (order,) = json.loads(result.stdout)
    assert order["number"] == "1001" and order["status"] == "pending_payment"
    table = subprocess.run([sys.executable, "-m", "api.cli.main", "orders", "list"],
                           cwd=REPO, env=env_vars, capture_output=True, text=True, timeout=60)
    assert "1001" in table.stdout and "pending_payment" in table.stdout
