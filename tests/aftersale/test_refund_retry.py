"""A cancelled order's refund through Mercado Pago: the provider fails, the refund stays
pending with the error, the retry refunds it exactly once under the same key."""

from __future__ import annotations

import httpx

from tests.aftersale.native import STORE, pay, place
from tests.fakes.refunds_api import FakeRefundsApi
from tools.orders.aftersale import cancel_order
from tools.orders.refunds import ledger, send_refunds
from tools.payments.mercadopago import MercadoPagoProvider


async def test_failed_refund_is_retried_once(pool, clock) -> None:
    with FakeRefundsApi() as fake:
        async with httpx.AsyncClient(timeout=5) as http, pool.connection() as conn:
            providers = {"mercadopago": MercadoPagoProvider("TEST-t", "s", fake.base_url,
                                                            http=http)}
            order = await place(conn, clock, provider="mercadopago")
            await pay(conn, clock, provider="mercadopago", event_id="777:approved")
            await cancel_order(conn, store_id=STORE, number="1001", reason="no longer needed",
                               actor="buyer", clock=clock)
            fake.fail_next(1, 500)
            [failed] = await send_refunds(conn, providers, clock)
            assert failed["status"] == "pending" and "HTTP 500" in failed["last_error"]
            [done] = await send_refunds(conn, providers, clock)
            assert done["status"] == "done"
            assert await send_refunds(conn, providers, clock) == []
            [refund] = await ledger(conn, order["id"])
    assert refund["attempts"] == 2 and refund["status"] == "done"
    assert [(r["payment_id"], r["amount"], r["key"]) for r in fake.refunds] == [
        (777, "100.00", refund["idempotency_key"])]
