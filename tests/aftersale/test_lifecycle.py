"""The lifecycle of a Balcão order after checkout: ship, deliver, cancel, each change in
`order_history` with who made it; money given back once, through the provider it came from."""

from __future__ import annotations

import pytest

from tests.aftersale.native import STORE, pay, place, stock
from tools.orders.aftersale import cancel_order, modify_address, modify_items
from tools.orders.lifecycle import OrderStateError, deliver, history, mark_preparing, ship
from tools.orders.refunds import ledger, send_refunds
from tools.payments.sandbox import SandboxProvider

OPERATOR = "operator:cli"


async def test_paid_order_ships_and_is_delivered_with_its_history(pool, clock) -> None:
    async with pool.connection() as conn:
        order = await place(conn, clock)
        with pytest.raises(OrderStateError):
            await ship(conn, store_id=STORE, number="1001", tracking_code="BR1",
                       carrier=None, actor=OPERATOR, clock=clock)
        await pay(conn, clock)
        shipped = await ship(conn, store_id=STORE, number="1001", tracking_code="BR123456789",
                             carrier="Correios", actor=OPERATOR, clock=clock)
        assert (shipped["status"], shipped["carrier"]) == ("shipped", "Correios")
        again = await ship(conn, store_id=STORE, number="1001", tracking_code="BR123456789",
                           carrier="Correios", actor=OPERATOR, clock=clock)
        assert again["status"] == "shipped"
        await deliver(conn, store_id=STORE, number="1001", actor=OPERATOR, clock=clock)
        await deliver(conn, store_id=STORE, number="1001", actor=OPERATOR, clock=clock)
        with pytest.raises(OrderStateError):
            await cancel_order(conn, store_id=STORE, number="1001", reason="x", actor="buyer",
                               clock=clock)
        rows = await history(conn, order["id"])
        cur = await conn.execute("SELECT DISTINCT store_id FROM order_history"
                                 " WHERE order_id = %s", (order["id"],))
        assert [r["store_id"] for r in await cur.fetchall()] == [STORE]
    assert [(r["to_status"], r["actor"]) for r in rows] == [
        ("pending_payment", "system"), ("paid", "system"),
        ("shipped", OPERATOR), ("delivered", OPERATOR)]
    assert rows[2]["details"] == {"tracking_code": "BR123456789", "carrier": "Correios"}


async def test_cancel_awaiting_payment_releases_stock_and_voids_the_link(pool, clock) -> None:
    async with pool.connection() as conn:
        order = await place(conn, clock)
        for _ in range(2):  # retried: done once
            await cancel_order(conn, store_id=STORE, number="1001", reason="ordered by mistake",
                               actor="buyer", clock=clock)
        cur = await conn.execute("SELECT status FROM stock_reservations WHERE order_id = %s",
                                 (order["id"],))
        assert (await cur.fetchone())["status"] == "released"
        cur = await conn.execute("SELECT status FROM payments WHERE order_id = %s",
                                 (order["id"],))
        assert (await cur.fetchone())["status"] == "expired"
        assert await ledger(conn, order["id"]) == []
        assert [r["action"] for r in await history(conn, order["id"])].count("cancel") == 1


async def test_cancel_paid_refunds_once_through_its_provider_and_restocks(pool, clock) -> None:
    sandbox = SandboxProvider("http://127.0.0.1:8000", "secret")
    async with pool.connection() as conn:
        order = await place(conn, clock, stock=5, quantity=2)
        await pay(conn, clock)
        assert await stock(conn) == 3
        for _ in range(2):
            await cancel_order(conn, store_id=STORE, number="1001", reason="no longer needed",
                               actor="buyer", clock=clock)
        [refund] = await ledger(conn, order["id"])
        assert (refund["kind"], str(refund["amount"]), refund["provider"], refund["status"]) \
            == ("refund", "100.00", "sandbox", "pending")
        sent = await send_refunds(conn, {"sandbox": sandbox}, clock, order_id=order["id"])
        assert await send_refunds(conn, {"sandbox": sandbox}, clock) == []
        [refund] = await ledger(conn, order["id"])
        assert [s["status"] for s in sent] == ["done"] and refund["status"] == "done"
        assert refund["provider_ref"].startswith("sbx_rf_")
        assert await stock(conn) == 5


async def test_preparing_then_shipped_and_an_unpaid_order_changes_items(pool, clock) -> None:
    async with pool.connection() as conn:
        order = await place(conn, clock)
        await conn.execute(
            "INSERT INTO product_variants (product_id, store_id, sku, attributes, price)"
            " SELECT id, store_id, 'CAM-G', '{\"tamanho\": \"G\"}', 55.00 FROM products"
            " WHERE sku = 'CAM-P'")
        await conn.execute(
            "INSERT INTO product_variants (product_id, store_id, sku, attributes, price)"
            " SELECT id, store_id, 'CAM-P', '{\"tamanho\": \"P\"}', 50.00 FROM products"
            " WHERE sku = 'CAM-P'")
        await conn.execute("INSERT INTO customer_payment_methods (store_id, customer_id,"
                           " method_id, source, provider) VALUES (%s, %s, 'pix', 'pix', 'pix')",
                           (STORE, order["customer_id"]))
        changed = await modify_items(conn, store_id=STORE, number="1001", item_ids=["CAM-P"],
                                     new_item_ids=["CAM-G"], method_id="pix", actor="buyer",
                                     clock=clock)
        assert changed["status"] == "pending_payment"
        assert await ledger(conn, order["id"]) == []  # unpaid: the next link charges it
        cur = await conn.execute("SELECT total FROM orders WHERE id = %s", (order["id"],))
        assert str((await cur.fetchone())["total"]) == "105.00"
        cur = await conn.execute("SELECT status FROM payments WHERE order_id = %s",
                                 (order["id"],))
        assert (await cur.fetchone())["status"] == "expired"  # the old link is void
        await conn.execute("UPDATE payments SET status = 'pending', amount = 105.00"
                           " WHERE order_id = %s", (order["id"],))
        cur = await conn.execute("SELECT sku, quantity FROM stock_reservations"
                                 " WHERE order_id = %s ORDER BY sku", (order["id"],))
        assert [(r["sku"], r["quantity"]) for r in await cur.fetchall()] == [
            ("CAM-G", 1), ("CAM-P", 1)]  # the hold moved with the item
        await pay(conn, clock)
        assert await stock(conn) == 4
        await mark_preparing(conn, store_id=STORE, number="1001", actor=OPERATOR, clock=clock)
        await ship(conn, store_id=STORE, number="1001", tracking_code="BR1", carrier=None,
                   actor=OPERATOR, clock=clock)
        with pytest.raises(OrderStateError):
            await modify_address(conn, store_id=STORE, number="1001", address={"cep": "1"},
                                 actor="buyer", clock=clock)
        actions = [r["action"] for r in await history(conn, order["id"])]
    assert actions[-2:] == ["prepare", "ship"] and "modify_items" in actions
