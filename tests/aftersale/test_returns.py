"""Returns and exchanges after the store receives the items: the money moves then, once."""

from __future__ import annotations

from decimal import Decimal

from balcao.db.connect import Pool
from tests.aftersale.conftest import STORE
from tools.orders import returns
from tools.orders.refunds import ledger


async def _balance(conn, method_id: str) -> Decimal:
    cur = await conn.execute("SELECT balance FROM customer_payment_methods WHERE method_id = %s",
                             (method_id,))
    return (await cur.fetchone())["balance"]


async def test_a_completed_return_refunds_the_items_to_store_credit_once(tau2_pool: Pool,
                                                                         clock) -> None:
    gift = "gift_card_7711863"
    async with tau2_pool.connection() as conn, conn.transaction(force_rollback=True):
        before = await _balance(conn, gift)
        cur = await conn.execute("SELECT o.id, l.unit_price FROM orders o JOIN order_lines l"
                                 " ON l.order_id = o.id WHERE o.number = 'W2692684'"
                                 " AND l.sku = '3788616824'")
        row = await cur.fetchone()
        await returns.request_return(conn, store_id=STORE, number="#W2692684",
                                     item_ids=["3788616824"], method_id=gift, actor="buyer",
                                     clock=clock)
        assert await _balance(conn, gift) == before  # nothing moves before the items arrive
        for _ in range(2):
            order = await returns.complete_request(conn, store_id=STORE, number="W2692684",
                                                   actor="operator:cli", clock=clock)
        assert order["status"] == "completed"
        refunds = [t for t in await ledger(conn, row["id"]) if t["kind"] == "refund"]
        assert [(t["amount"], t["status"]) for t in refunds] == [(row["unit_price"], "done")]
        assert await _balance(conn, gift) == before + row["unit_price"]


async def test_a_completed_exchange_settles_the_difference(tau2_pool: Pool, clock) -> None:
    async with tau2_pool.connection() as conn, conn.transaction(force_rollback=True):
        order = await returns.request_exchange(
            conn, store_id=STORE, number="#W2378156", item_ids=["1151293680", "4983901480"],
            new_item_ids=["7706410293", "7747408585"], method_id="credit_card_9513926",
            actor="buyer", clock=clock)
        [request] = await returns.open_requests(conn, order["id"])
        await returns.complete_request(conn, store_id=STORE, number="W2378156",
                                       actor="operator:cli", clock=clock)
        moved = [t for t in await ledger(conn, order["id"]) if t["reason"] == "exchange"
                 or t["idempotency_key"].endswith("-exchange")]
    diff = request["price_difference"]
    assert len(moved) == 1 and moved[0]["amount"] == abs(diff)
    assert moved[0]["kind"] == ("refund" if diff < 0 else "payment")
    assert moved[0]["method_id"] == "credit_card_9513926"
