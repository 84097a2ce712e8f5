"""The console's order page shows what a buyer's change moved: the difference still to
collect (or refunded) with what it was for, and the change in the history with who made it;
while a difference is owed, the order is not offered to ship."""

from __future__ import annotations

import asyncio

from balcao.clock import Clock
from balcao.db.connect import open_pool
from tests.aftersale.native import STORE, pay, place
from tests.console.conftest import (  # noqa: F401 - the app on a fresh database
    app_client,
    clock,
    db,
    sign_in,
)
from tools.orders.account import ensure_saved_method
from tools.orders.aftersale import modify_address

PAC = {"id": "sudeste", "name": "PAC Sudeste", "kind": "delivery", "price": "24.90",
       "days": 4, "address": None}


async def _arrange(db_url: str, clock: Clock) -> None:  # noqa: F811
    """1001 paid by PIX with free shipping; the buyer moves it where shipping costs R$ 24,90."""
    pool = await open_pool(db_url, min_size=1, max_size=1)
    async with pool.connection() as conn:
        order = await place(conn, clock, provider="pix")
        await pay(conn, clock, provider="pix")
        method = await ensure_saved_method(conn, order["id"], "pix")
        await modify_address(conn, store_id=STORE, number="1001", actor="buyer", clock=clock,
                             address={"street": "Rua da Assembleia 10", "cep": "20040020",
                                      "uf": "RJ"}, shipping=PAC, method_id=method)
    await pool.close()


def test_the_order_page_shows_the_difference_to_collect(app_client, db, db_url,  # noqa: F811
                                                         clock) -> None:  # noqa: F811
    db.operator()
    asyncio.run(_arrange(db_url, clock))
    sign_in(app_client)
    page = app_client.get("/console/orders/1001").text
    assert "cobrança (diferença: frete do novo endereço)" in page
    assert "R$ 24,90" in page and "pending" in page  # owed until its own link is paid
    assert "Endereço mudado" in page and "difference: 24.90" in page
    # Not shipped as if paid: the page says it waits, and offers no "shipped" form.
    assert 'id="difference-owed"' in page and "só é enviado depois do pagamento" in page
    assert 'id="ship-form"' not in page
    [change] = db.rows("SELECT actor, details FROM order_history"
                       " WHERE action = 'modify_address'")
    assert change["actor"] == "buyer" and change["details"]["method"] == "pix"
    [owed] = db.rows("SELECT kind, amount::text, provider, status FROM order_transactions")
    assert owed == {"kind": "payment", "amount": "24.90", "provider": "pix",
                    "status": "pending"}
    [order] = db.rows("SELECT total::text, shipping_cost::text FROM orders")
    assert order == {"total": "124.90", "shipping_cost": "24.90"}
