"""The cart's own table rules, on the real database: what a removal of units does."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from balcao.clock import FrozenClock
from tools.cart.store import CartStore

STORE = "default"


async def _conversation(pool) -> int:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "INSERT INTO conversations (store_id, buyer_id, thread_id) VALUES (%s, %s, %s)"
            " RETURNING id", (STORE, "5511999990001", f"{STORE}:5511999990001"))
        return int((await cur.fetchone())["id"])


async def _add(carts: CartStore, conv: int, sku: str, quantity: int) -> None:
    await carts.add(store_id=STORE, conversation_id=conv, sku=sku, product_sku="TAP-YOG-01",
                    name="Tapete de Yoga", variant={"cor": sku[-3:]},
                    unit_price=Decimal("129.90"), quantity=quantity, op_key=f"add:{sku}")


async def test_removing_more_units_than_a_line_has_takes_the_line_out(pool) -> None:
    # "remove two of the green one" with one green mat: the line goes, the others stay (it
    # was a database error: a line at -1 units)
    carts = CartStore(pool, FrozenClock(datetime(2026, 3, 2, 13, 0, tzinfo=UTC)))
    conv = await _conversation(pool)
    await _add(carts, conv, "TAP-YOG-01-VER", 1)
    await _add(carts, conv, "TAP-YOG-01-ROX", 3)
    cart = await carts.remove(store_id=STORE, conversation_id=conv, sku="TAP-YOG-01-VER",
                              quantity=2, op_key="remove:ver")
    assert cart is not None
    assert {line.sku: line.quantity for line in cart.lines} == {"TAP-YOG-01-ROX": 3}


async def test_removing_some_units_keeps_the_rest(pool) -> None:
    carts = CartStore(pool, FrozenClock(datetime(2026, 3, 2, 13, 0, tzinfo=UTC)))
    conv = await _conversation(pool)
    await _add(carts, conv, "TAP-YOG-01-ROX", 3)
    cart = await carts.remove(store_id=STORE, conversation_id=conv, sku="TAP-YOG-01-ROX",
                              quantity=2, op_key="remove:rox")
    assert cart is not None
    assert {line.sku: line.quantity for line in cart.lines} == {"TAP-YOG-01-ROX": 1}
