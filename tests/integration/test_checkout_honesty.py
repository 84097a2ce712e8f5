"""Checkout keeps its word (issue #12), through the real worker and Postgres: a PIX price
quoted is the price charged, a coupon is offered and taken once per customer, and "já
paguei" gets the payment's real status."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from api.resources import Resources, open_resources
from balcao.clock import FrozenClock
from balcao.settings import Settings
from tests.integration.conftest import (
    BUYER,
    CATALOG,
    last_reply,
    receive,
    rows,
    tap,
    text_of,
    worker,
)
from tools.catalog.importer import import_catalog
from tools.conversations.threads import ensure_conversation
from tools.orders.customers import ensure_customer

PIX_STORE = """
name: Loja com PIX
shipping:
  options:
    - {id: retirada, name: Retirar na loja, kind: pickup, price: "0", days: 0, address: Loja}
payment:
  methods:
    - {id: pix, name: PIX, provider: pix}
    - {id: link, name: Cartão (link), provider: sandbox}
persuasion:
  installments: {max: 10, min_installment: "30.00"}
  pix_discount_percent: "5"
"""


@pytest.fixture
async def pix_env(db_url: str, tmp_path: Path) -> AsyncIterator[tuple[Resources, FrozenClock]]:
    stores = tmp_path / "stores"
    stores.mkdir()
    (stores / "default.yaml").write_text(PIX_STORE)
    clock = FrozenClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    settings = Settings(_env_file=None, BALCAO_DEMO_STORE="false",  # type: ignore[call-arg]
                        BALCAO_STORES_DIR=str(stores), PIX_KEY="loja@example.com",
                        PIX_MERCHANT_NAME="Loja com PIX", PIX_MERCHANT_CITY="SAO PAULO",
                        PIX_WEBHOOK_SECRET="segredo")
    async with open_resources(settings, clock=clock, url=db_url) as resources:
        async with resources.pool.connection() as conn:
            await import_catalog(conn, CATALOG.read_text().splitlines(), store_id="default",
                                 clock=clock)
        yield resources, clock


async def say(resources: Any, clock: Any, text: str) -> str:
    await receive(resources, clock, text)
    clock.advance(seconds=1)
    await worker(resources, clock).process_ready()
    return text_of(await last_reply(resources))


async def press(resources: Any, clock: Any, option_id: str) -> str:
    await tap(resources, clock, option_id)
    clock.advance(seconds=1)
    await worker(resources, clock).process_ready()
    return text_of(await last_reply(resources))


async def to_shipping(resources: Any, clock: Any) -> None:
    await press(resources, clock, "add:GAR-TERM-1L")  # R$ 129,90
    await say(resources, clock, "quero finalizar")
    await say(resources, clock, "Maria Souza")
    await say(resources, clock, "04567-000")
    await say(resources, clock, "Rua das Flores, 123")


async def test_the_pix_price_anchoring_quotes_is_the_price_checkout_charges(pix_env) -> None:
    resources, clock = pix_env
    await press(resources, clock, "add:GAR-TERM-1L")
    anchor = await say(resources, clock, "ta caro")
    assert "R$ 123,41" in anchor and "5%" in anchor  # 129,90 - 5%, half-up
    await say(resources, clock, "quero finalizar")
    await say(resources, clock, "Maria Souza")
    await say(resources, clock, "04567-000")
    await say(resources, clock, "Rua das Flores, 123")
    await press(resources, clock, "ship:retirada")
    summary = await press(resources, clock, "pay:pix")
    assert "-R$ 6,49" in summary and "R$ 123,41" in summary
    await say(resources, clock, "sim")
    assert await rows(resources, "SELECT subtotal, discount, total, payment_method FROM orders"
                      ) == [{"subtotal": Decimal("129.90"), "discount": Decimal("6.49"),
                             "total": Decimal("123.41"), "payment_method": "pix"}]
    assert await rows(resources, "SELECT amount FROM payments") == [
        {"amount": Decimal("123.41")}]


async def test_paying_by_link_after_a_pix_summary_shows_a_new_total_first(pix_env) -> None:
    resources, clock = pix_env
    await to_shipping(resources, clock)
    await press(resources, clock, "ship:retirada")
    await press(resources, clock, "pay:pix")
    switched = await press(resources, clock, "pay:link")  # a change after the summary
    assert "R$ 129,90" in switched and "-R$" not in switched
    await press(resources, clock, "order:confirm:1")  # the PIX summary's button: stale
    assert await rows(resources, "SELECT count(*) AS n FROM orders") == [{"n": 0}]
    await press(resources, clock, "order:confirm:2")
    assert await rows(resources, "SELECT discount, total, payment_method FROM orders") == [
        {"discount": Decimal("0"), "total": Decimal("129.90"), "payment_method": "link"}]


async def test_the_coupon_is_once_per_customer_and_never_offered_again(env) -> None:
    resources, clock = env
    async with resources.pool.connection() as conn:
        await ensure_conversation(conn, store_id="default", buyer_id=BUYER)
        customer = await ensure_customer(conn, store_id="default", buyer_id=BUYER, clock=clock)
        await conn.execute(
            "INSERT INTO orders (store_id, number, customer_id, status, currency, subtotal,"
            " discount, total, coupon, created_at, updated_at) VALUES ('default', '900',"
            " %s, 'paid', 'BRL', 150, 15, 135, 'VOLTEI10', %s, %s)",
            (customer, clock.now(), clock.now()))
    await press(resources, clock, "add:GAR-TERM-1L")
    await say(resources, clock, "ta caro")
    again = await say(resources, clock, "ainda acho caro")
    assert "VOLTEI10" not in again
    await say(resources, clock, "quero finalizar")
    await say(resources, clock, "Maria Souza")
    await say(resources, clock, "04567-000")
    await say(resources, clock, "Rua das Flores, 123")
    await press(resources, clock, "ship:retirada")
    summary = await say(resources, clock, "tenho o cupom VOLTEI10")
    assert "já foi usado" in summary and "-R$" not in summary
    await say(resources, clock, "sim")
    assert await rows(resources, "SELECT discount, total, coupon FROM orders WHERE number <> '900'"
                      ) == [{"discount": Decimal("0"), "total": Decimal("129.90"),
                             "coupon": None}]


async def test_ja_paguei_reads_the_payment_and_never_resends_the_link(env) -> None:
    resources, clock = env
    await to_shipping(resources, clock)
    await press(resources, clock, "ship:retirada")
    link = await say(resources, clock, "sim")
    assert "/pay/" in link
    answer = await say(resources, clock, "já paguei")
    assert "/pay/" not in answer and "criado" not in answer and "Ainda não recebemos" in answer
    assert await rows(resources, "SELECT count(*) AS n FROM payments") == [{"n": 1}]


async def test_digital_goods_ask_no_address_and_charge_no_shipping(env) -> None:
    resources, clock = env
    async with resources.pool.connection() as conn:  # a gift card (`digital: true`)
        await conn.execute("UPDATE products SET digital = true WHERE sku = 'GAR-TERM-1L'")
    await press(resources, clock, "add:GAR-TERM-1L")
    await say(resources, clock, "quero finalizar")
    summary = await say(resources, clock, "meu nome é Maria Souza")
    assert "Resumo do pedido" in summary and "CEP" not in summary and "Total: R$ 129,90" in summary
    await say(resources, clock, "sim")
    assert await rows(resources, "SELECT shipping_cost, total, address, shipping->>'id' AS ship"
                      " FROM orders") == [{"shipping_cost": Decimal("0"),
                                           "total": Decimal("129.90"), "address": {},
                                           "ship": "digital"}]


async def test_a_cart_with_a_physical_item_still_asks_the_address(env) -> None:
    resources, clock = env
    async with resources.pool.connection() as conn:
        await conn.execute("UPDATE products SET digital = true WHERE sku = 'GAR-TERM-1L'")
    await press(resources, clock, "add:GAR-TERM-1L")
    await press(resources, clock, "add:GAR-TERM-500")
    await say(resources, clock, "quero finalizar")
    assert "CEP" in await say(resources, clock, "Maria Souza")
