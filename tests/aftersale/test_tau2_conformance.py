"""τ²-bench retail conformance: each task's gold write actions, applied by τ²'s own reference
tools to a copy of db.json and by Balcão's after-sale tools to the converted store in real
Postgres, leave the touched orders and users the same (normalised: status, items and their
variants, payment history amounts and methods, addresses, exchange and return requests, store
credit balances), and fail on the same actions.

One database holds the converted store for the module; each task runs in a transaction that is
rolled back. `BALCAO_TAU2_TASKS=all` (the default) runs every task; a number N runs every
k-th task so that about N run. The agreement count is the number of passing tasks:

    .venv/bin/python -m pytest tests/aftersale/test_tau2_conformance.py -q
"""

from __future__ import annotations

import os

import pytest

from balcao.clock import FrozenClock
from balcao.db.connect import Pool
from tests.aftersale.balcao_side import apply, balcao_view
from tests.aftersale.conftest import STORE
from tests.aftersale.oracle import (
    affected,
    reference_view,
    run_reference,
    swapped_items,
    tasks,
)

ALL = tasks()


def _selected() -> list[dict]:
    wanted = os.environ.get("BALCAO_TAU2_TASKS", "all")
    if wanted == "all":
        return ALL
    step = max(1, len(ALL) // max(1, int(wanted)))
    return ALL[::step]


@pytest.mark.parametrize("task", _selected(), ids=lambda t: f"task{t['id']}")
async def test_task_agrees_with_tau2(task: dict, tau2_pool: Pool, clock: FrozenClock) -> None:
    reference_db, reference_errors = run_reference(task["actions"])
    orders, users = affected(task["actions"], reference_db)
    expected = reference_view(reference_db, orders, users,
                              swapped=swapped_items(task["actions"]))
    async with tau2_pool.connection() as conn:
        async with conn.transaction(force_rollback=True):
            errors = [await apply(conn, STORE, action, clock) for action in task["actions"]]
            got = await balcao_view(conn, STORE, orders, users)
    assert [e is None for e in errors] == [e is None for e in reference_errors], \
        (errors, reference_errors)
    assert got == expected


def test_every_write_kind_is_covered() -> None:
    kinds = {a["name"] for t in ALL for a in t["actions"]}
    assert len(ALL) == 114
    assert kinds == {
        "cancel_pending_order", "modify_pending_order_items", "modify_pending_order_address",
        "modify_pending_order_payment", "modify_user_address",
        "exchange_delivered_order_items", "return_delivered_order_items"}


@pytest.mark.parametrize("task", _selected(), ids=lambda t: f"task{t['id']}")
async def test_task_retried_is_done_once(task: dict, tau2_pool: Pool,
                                         clock: FrozenClock) -> None:
    """Every action run twice (a retry after a crash or a timeout) leaves what running it once
    leaves: no second refund, charge, request or swap."""
    reference_db, _ = run_reference(task["actions"])
    orders, users = affected(task["actions"], reference_db)
    expected = reference_view(reference_db, orders, users,
                              swapped=swapped_items(task["actions"]))
    async with tau2_pool.connection() as conn:
        async with conn.transaction(force_rollback=True):
            for action in task["actions"]:
                await apply(conn, STORE, action, clock)
                await apply(conn, STORE, action, clock)
            got = await balcao_view(conn, STORE, orders, users)
    assert got == expected
