"""A return of an order placed by checkout, refunded through the provider it was paid with:
checkout orders have no payment in the ledger, so the refund finds it in `payments`.

One order is bought, delivered and returned in the conversation (sandbox); one is paid
through Stripe (the local refunds fake). Both returns are approved with `balcao orders
approve`, and the maintenance job's refund run sends each refund once, against the payment
the buyer made.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from api.resources import Resources, open_resources
from api.worker.maintenance import Maintenance
from balcao.clock import FrozenClock
from balcao.settings import Settings
from tests.aftersale.conversation import STORE, Buyer, ship_and_deliver
from tests.aftersale.native import pay, place
from tests.aftersale.test_cli import _cli, cli_env  # noqa: F401 - cli_env is a fixture
from tests.fakes.refunds_api import API_KEY, FakeRefundsApi
from tests.integration.conftest import CATALOG
from tools.catalog.importer import import_catalog
from tools.orders.account import ensure_saved_method
from tools.orders.lifecycle import deliver, ship
from tools.orders.refunds import ledger
from tools.orders.returns import request_return

SESSION = "cs_test_a1ReturnedMug"


@pytest.fixture
async def shop(db_url: str) -> AsyncIterator[tuple[Resources, FrozenClock, FakeRefundsApi]]:
    """The real graph, worker and Postgres, with Stripe's refunds at the local fake."""
    clock = FrozenClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    with FakeRefundsApi() as fake:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, BALCAO_DEMO_STORE="false", BALCAO_EMBEDDINGS="none",
            STRIPE_API_KEY=API_KEY, STRIPE_WEBHOOK_SECRET="whsec_test",
            STRIPE_API_BASE_URL=fake.base_url)
        async with open_resources(settings, clock=clock, url=db_url) as resources:
            async with resources.pool.connection() as conn:
                await import_catalog(conn, CATALOG.read_text().splitlines(), store_id=STORE,
                                     clock=clock)
            yield resources, clock, fake


async def _paid_through_stripe(resources: Resources, clock: FrozenClock) -> dict:
    """A checkout order of 2 x R$ 50.00 paid through Stripe, delivered, its return asked as
    the conversation asks it (the order's method saved for the buyer)."""
    async with resources.pool.connection() as conn:
        order = await place(conn, clock, number="9001", provider="stripe")
        await pay(conn, clock, number="9001", provider="stripe")
        # Checkout keeps the Checkout Session's id as the payment's reference.
        await conn.execute("UPDATE payments SET provider_ref = %s WHERE order_id = %s",
                           (SESSION, order["id"]))
        await ship(conn, store_id=STORE, number="9001", tracking_code="BR1", carrier=None,
                   actor="operator:cli", clock=clock)
        await deliver(conn, store_id=STORE, number="9001", actor="operator:cli", clock=clock)
        method = await ensure_saved_method(conn, order["id"], "stripe")
        await request_return(conn, store_id=STORE, number="9001", item_ids=["CAM-P", "CAM-P"],
                             method_id=method, actor="buyer", clock=clock)
    return order


async def _refunds(resources: Resources, order_id: int) -> list[dict]:
    async with resources.pool.connection() as conn:
        return [t for t in await ledger(conn, order_id) if t["kind"] == "refund"]


async def _payment_id(resources: Resources, order_id: int) -> int:
    async with resources.pool.connection() as conn:
        cur = await conn.execute("SELECT id FROM payments WHERE order_id = %s AND status ="
                                 " 'paid'", (order_id,))
        [row] = await cur.fetchall()
    return int(row["id"])


async def test_an_approved_return_is_refunded_through_the_checkout_payment(
        shop, cli_env, capsys) -> None:  # noqa: F811
    resources, clock, fake = shop
    ana = Buyer(resources, clock, "5511900008888")
    bought = await ana.buys("quero a caneca de ceramica", "quero a primeira")
    await ship_and_deliver(resources, clock, bought["number"])
    assert "R$ 39,90 volta pelo pagamento de teste" in await ana.say("quero devolver")
    assert "devolução do pedido" in (await ana.say("sim")).lower()
    stripe_order = await _paid_through_stripe(resources, clock)

    for number in (bought["number"], "9001"):
        code, out = await _cli(capsys, "approve", number)
        assert code == 0 and "completed" in out, out
    maintenance = Maintenance(resources.pool, resources.services, clock)
    assert await maintenance.send_refunds() == 2
    assert await maintenance.send_refunds() == 0  # sent once

    [sandbox] = await _refunds(resources, bought["id"])
    assert (sandbox["provider"], sandbox["amount"], sandbox["status"]) == (
        "sandbox", Decimal("39.90"), "done")
    assert sandbox["payment_id"] == await _payment_id(resources, bought["id"])
    [stripe] = await _refunds(resources, stripe_order["id"])
    assert (stripe["provider"], stripe["amount"], stripe["status"]) == (
        "stripe", Decimal("100.00"), "done")
    assert stripe["payment_id"] == await _payment_id(resources, stripe_order["id"])
    # Stripe was asked once, for the payment intent of the buyer's checkout session.
    assert [(r["payment_intent"], r["amount"], r["key"]) for r in fake.refunds] == [
        ("pi_test_a1ReturnedMug", 10000, stripe["idempotency_key"])]
    assert stripe["provider_ref"] == fake.refunds[0]["id"]
