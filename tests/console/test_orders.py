"""The console's order pages in-process (one app start for all of it): the list filtered by
status, one order with its lines, payments and history, and an operator's action checked for
CSRF, recorded with the operator as actor and told to the buyer."""

from __future__ import annotations

import asyncio

from balcao.clock import Clock, FrozenClock
from balcao.db.connect import open_pool
from tests.aftersale.native import STORE
from tests.aftersale.test_notices import paid_order
from tests.console.conftest import NOW, csrf_of, sign_in
from tools.orders import lifecycle, returns


async def _arrange(db_url: str, clock: Clock) -> None:
    """1001 paid, to ship; 1002 delivered, its buyer asked to return it to store credit."""
    pool = await open_pool(db_url, min_size=1, max_size=2)
    async with pool.connection() as conn:
        for number in ("1001", "1002"):
            await paid_order(conn, clock, number, "oi, cadê meu pedido?")
        common = {"store_id": STORE, "number": "1002", "clock": clock}
        await lifecycle.ship(conn, tracking_code="BR0002", carrier="Jadlog",
                             actor="operator:cli", **common)
        await lifecycle.deliver(conn, actor="operator:cli", **common)
        await returns.request_return(conn, item_ids=["CAM-P"], method_id="vale",
                                     actor="buyer", **common)
    await pool.close()


def arrange_orders(db_url: str, clock: Clock) -> None:
    asyncio.run(_arrange(db_url, clock))


def test_the_orders_pages_and_an_operator_shipping_one(app_client, db, db_url) -> None:
    db.operator()
    arrange_orders(db_url, FrozenClock(NOW))
    sign_in(app_client)
    listed = app_client.get("/console/orders?status=return_requested").text
    assert "/console/orders/1002" in listed and "/console/orders/1001" not in listed
    assert "Devolução pedida" in listed
    page = app_client.get("/console/orders/1002").text
    assert "Jadlog <b>BR0002</b>" in page and "operator:cli" in page  # who shipped it
    assert "CAM-P" in page and 'id="approve-form"' in page and 'id="ship-form"' not in page
    assert "R$ 100,00" in page  # two shirts, paid through the sandbox
    assert app_client.get("/console/orders/9999").status_code == 404
    db.rows("INSERT INTO stores (id, name) VALUES ('outra', 'Outra')")
    db.rows("INSERT INTO orders (store_id, number, status, currency, subtotal, total,"
            " created_at, updated_at) VALUES ('outra', '2001', 'paid', 'BRL', 1, 1, now(),"
            " now())")
    assert app_client.get("/console/orders/2001").status_code == 404  # another store's
    assert "/console/orders/2001" not in app_client.get("/console/orders").text

    # an action: CSRF-checked, through the order tools, with the operator as actor, told
    form = {"tracking_code": "BR0001", "carrier": "Correios"}
    refused = app_client.post("/console/orders/1001/ship", data=form, follow_redirects=False)
    assert refused.status_code == 403
    csrf = csrf_of(app_client.get("/console/orders/1001").text)
    done = app_client.post("/console/orders/1001/ship", data={**form, "csrf": csrf})
    assert "Pedido marcado como enviado." in done.text and "Enviado" in done.text
    wrong = app_client.post("/console/orders/1001/approve", data={"csrf": csrf})
    assert "Não foi possível" in wrong.text
    [change] = db.rows("SELECT h.actor, h.details, o.status, o.tracking_code FROM order_history"
                       " h JOIN orders o ON o.id = h.order_id WHERE h.action = 'ship'"
                       " AND o.number = '1001'")
    assert (change["actor"], change["status"], change["tracking_code"]) == (
        "operator:ana@loja.com", "shipped", "BR0001")
    [told] = db.rows("SELECT payload FROM outbox WHERE recipient = '551191001'")
    assert "BR0001" in told["payload"]["text"]["body"]
