"""Checkout on real Postgres: no overselling, expired links, and a crash after the provider."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from decimal import Decimal
from typing import Any

from api.worker.maintenance import Maintenance
from tests.integration.conftest import last_reply, receive, rows, tap, text_of, worker
from tools.conversations.threads import ensure_conversation
from tools.orders.customers import ensure_customer
from tools.orders.models import StockShortage
from tools.orders.payments import apply_notification, open_payment
from tools.orders.placing import OrderDetails, place_order
from tools.payments.base import PaymentNotification

SHIPPING = {"id": "retirada", "name": "Retirar na loja", "kind": "pickup", "price": "0",
            "days": 0, "address": "Loja"}


async def say(resources: Any, clock: Any, text: str, services: Any = None) -> dict:
    await receive(resources, clock, text)
    clock.advance(seconds=1)
    await worker(resources, clock, services).process_ready()
    return await last_reply(resources)


async def checkout_to_link(resources: Any, clock: Any, services: Any = None) -> dict:
    await say(resources, clock, "tem garrafa termica?", services)
    await say(resources, clock, "quero a primeira", services)
    await say(resources, clock, "quero finalizar", services)
    await say(resources, clock, "Maria Souza", services)
    await say(resources, clock, "04567-000", services)
    await say(resources, clock, "Rua das Flores, 123", services)
    await tap(resources, clock, "ship:retirada")
    clock.advance(seconds=1)
    await worker(resources, clock, services).process_ready()
    return await say(resources, clock, "sim", services)


async def test_twenty_buyers_racing_for_the_last_three_units_make_three_paid_orders(env) -> None:
    resources, clock = env
    async with resources.pool.connection() as conn:
        await conn.execute("UPDATE products SET stock = 3 WHERE sku = 'GAR-TERM-1L'")
    product = await resources.services.catalog.get("default", "GAR-TERM-1L")

    async def buy(i: int) -> str:
        buyer = f"55119000{i:05d}"
        async with resources.pool.connection() as conn:
            conv = await ensure_conversation(conn, store_id="default", buyer_id=buyer)
            customer = await ensure_customer(conn, store_id="default", buyer_id=buyer,
                                             clock=clock)
        cart = await resources.services.carts.add(
            store_id="default", conversation_id=conv, sku=product.sku, product_sku=product.sku,
            name=product.name, variant={}, unit_price=product.price, quantity=1, op_key=f"r{i}")
        async with resources.pool.connection() as conn:
            try:
                order = await place_order(
                    conn, store_id="default", conversation_id=conv, customer_id=customer,
                    cart_id=cart.id, details=OrderDetails("Comprador", {}, SHIPPING, "link"),
                    idempotency_key=f"race-{i}", hold_minutes=60, clock=clock)
            except StockShortage:
                return "short"
            payment = await open_payment(
                conn, order=order, provider=resources.services.gateway.provider("sandbox"),
                public_base_url="http://shop", link_minutes=60, buyer_name=None, clock=clock)
            outcome = await apply_notification(conn, "sandbox", PaymentNotification(
                event_id=f"{payment.token}:paid", token=payment.token, provider_ref=None,
                status="paid", amount=payment.amount), clock)
            return outcome.order.status

    results = await asyncio.gather(*(buy(i) for i in range(20)))
    assert sorted(results) == ["paid"] * 3 + ["short"] * 17
    assert await rows(resources, "SELECT stock FROM products WHERE sku = 'GAR-TERM-1L'") == [
        {"stock": 0}]
    assert await rows(resources, "SELECT count(*) AS n FROM orders WHERE status = 'paid'") == [
        {"n": 3}]


async def test_an_expired_link_releases_the_stock_and_a_new_one_is_offered(env) -> None:
    resources, clock = env
    link = text_of(await checkout_to_link(resources, clock))
    assert "/pay/" in link
    clock.advance(minutes=61)
    assert await Maintenance(resources.pool, resources.services, clock).expire_orders() == 1
    await worker(resources, clock).process_ready()
    assert "expirou" in text_of(await last_reply(resources))
    assert await rows(resources, "SELECT status FROM stock_reservations") == [
        {"status": "released"}]
    assert await rows(resources, "SELECT status FROM carts") == [{"status": "open"}]

    summary = await say(resources, clock, "quero finalizar")  # what was collected is kept
    assert "Resumo do pedido" in text_of(summary)
    new_link = text_of(await say(resources, clock, "sim"))
    assert "/pay/" in new_link and new_link != link
    orders = await rows(resources, "SELECT number, status FROM orders ORDER BY id")
    assert orders == [{"number": "1001", "status": "expired"},
                      {"number": "1002", "status": "pending_payment"}]


class CrashAfterProvider:
    """The real provider, except the first call "crashes" after the provider answered."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.name = real.name
        self.keys: list[str] = []

    async def create(self, request: Any) -> Any:
        created = await self._real.create(request)
        self.keys.append(request.idempotency_key)
        if len(self.keys) == 1:
            raise RuntimeError("simulated crash between payment creation and reply")
        return created

    async def notification(self, *args: Any, **kwargs: Any) -> Any:
        return await self._real.notification(*args, **kwargs)


async def test_a_crash_between_payment_creation_and_reply_makes_one_order_and_one_link(
    env,
) -> None:
    resources, clock = env
    real_gateway = resources.services.gateway
    flaky = CrashAfterProvider(real_gateway.provider("sandbox"))

    class Gateway:
        public_base_url = real_gateway.public_base_url
        settings = real_gateway.settings

        def provider(self, name: str) -> Any:
            return flaky

    services = dataclasses.replace(resources.services, gateway=Gateway())
    await checkout_to_link(resources, clock, services)  # the "sim" turn fails after the call
    assert await rows(resources, "SELECT attempts FROM inbox ORDER BY id DESC LIMIT 1") == [
        {"attempts": 1}]
    clock.advance(seconds=5)
    await worker(resources, clock, services).process_ready()  # the same turn, resumed

    assert len(flaky.keys) == 2 and flaky.keys[0] == flaky.keys[1]
    assert await rows(resources, "SELECT count(*) AS n FROM orders") == [{"n": 1}]
    payments = await rows(resources, "SELECT token, amount FROM payments")
    assert len(payments) == 1
    assert payments[0]["amount"] in {Decimal("89.90"), Decimal("129.90")}
    links = [r for r in await rows(resources, "SELECT payload FROM outbox")
             if "/pay/" in text_of(r["payload"])]
    assert len(links) == 1
    assert re.search(payments[0]["token"], text_of(links[0]["payload"]))
