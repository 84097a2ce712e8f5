"""The rules where Balcão deliberately differs from τ²-bench retail (DIFFERENCES.md), each
shown against τ²'s own reference tools on the same converted store."""

from __future__ import annotations

from balcao.db.connect import Pool
from tests.aftersale.balcao_side import apply, balcao_view
from tests.aftersale.conftest import STORE
from tests.aftersale.oracle import money, own_variant, run_reference, tasks

TASK_20 = next(t for t in tasks() if t["id"] == "20")


async def test_swapped_items_keep_their_own_price(tau2_pool: Pool, clock) -> None:
    action = TASK_20["actions"][0]
    order_id = action["arguments"]["order_id"]
    db, errors = run_reference(TASK_20["actions"])
    reference = {i.item_id: money(i.price) for i in db.orders[order_id].items}
    own = {i.item_id: money(own_variant(db, i)[0]) for i in db.orders[order_id].items}
    assert errors == [None] and reference != own  # τ²: every swapped item at the last price
    async with tau2_pool.connection() as conn, conn.transaction(force_rollback=True):
        assert await apply(conn, STORE, action, clock) is None
        view = await balcao_view(conn, STORE, [order_id], [])
    assert {sku: price for sku, price, _ in view["orders"][order_id]["items"]} == own


async def test_cancel_after_a_payment_change_refunds_what_was_kept(tau2_pool: Pool,
                                                                   clock) -> None:
    order_id = "#W9583042"  # pending, paid with paypal_4768213
    actions = [
        {"name": "modify_pending_order_payment",
         "arguments": {"order_id": order_id, "payment_method_id": "credit_card_9503061"}},
        {"name": "cancel_pending_order",
         "arguments": {"order_id": order_id, "reason": "no longer needed"}},
    ]
    db, errors = run_reference(actions)
    assert errors == [None, None]
    reference_refunds = [p.amount for p in db.orders[order_id].payment_history
                         if p.transaction_type == "refund"]
    async with tau2_pool.connection() as conn, conn.transaction(force_rollback=True):
        assert [await apply(conn, STORE, a, clock) for a in actions] == [None, None]
        view = await balcao_view(conn, STORE, [order_id], [])
    payments = view["orders"][order_id]["payments"]
    paid = [amount for kind, amount, _ in payments if kind == "payment"]
    refunded = [amount for kind, amount, _ in payments if kind == "refund"]
    assert len(reference_refunds) == 4  # τ²: A at the change, then A, B and A again
    assert [(kind, method) for kind, _, method in payments] == [
        ("payment", "paypal_4768213"), ("payment", "credit_card_9503061"),
        ("refund", "paypal_4768213")]  # B was never collected: voided, not refunded
    assert refunded == paid[:1]


async def test_any_reason_and_a_changed_order_can_be_cancelled(tau2_pool: Pool, clock) -> None:
    action = TASK_20["actions"][0]
    order_id = action["arguments"]["order_id"]
    cancel = {"name": "cancel_pending_order",
              "arguments": {"order_id": order_id, "reason": "desisti da compra"}}
    _, errors = run_reference([action, cancel])
    assert errors[0] is None and errors[1] is not None  # τ² refuses both ways
    async with tau2_pool.connection() as conn, conn.transaction(force_rollback=True):
        assert await apply(conn, STORE, action, clock) is None
        assert await apply(conn, STORE, cancel, clock) is None
        view = await balcao_view(conn, STORE, [order_id], [])
    assert view["orders"][order_id]["status"] == "cancelled"
    assert view["orders"][order_id]["cancel_reason"] == "desisti da compra"
