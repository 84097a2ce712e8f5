"""The return and exchange windows come from the store's `returns:` configuration: never
fewer than the 7 days of the right of withdrawal, and the operator's approval (console and
CLI, through `change_order`) takes only a request asked within its window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.cli.stores import store_yaml
from api.worker.order_actions import change_order
from balcao.store_config import StoreConfig, StoreConfigs
from balcao.store_config_files import StoreFileInvalid, parse_store_file
from balcao.store_config_returns import ReturnsConfig
from tests.aftersale.native import STORE, pay, place
from tools.orders.account import ensure_saved_method
from tools.orders.lifecycle import OrderStateError, deliver, ship
from tools.orders.returns import deadline, request_return

OPERATOR = "operator:ana@loja.com"


def test_the_windows_are_the_stores_and_never_below_the_law() -> None:
    text = store_yaml("Loja", None, None) + "returns:\n  return_days: 5\n"
    with pytest.raises(StoreFileInvalid) as refused:
        parse_store_file(text, "loja.yaml", StoreConfig, env={})
    line = len(text.splitlines())
    [error] = refused.value.errors
    assert error.startswith(f"loja.yaml:{line}:") and "returns.return_days" in error
    assert "at least 7" in error and "CDC art. 49" in error
    config = parse_store_file(store_yaml("Loja", None, None), "loja.yaml", StoreConfig, env={})
    assert (config.returns.return_days, config.returns.exchange_days) == (7, 30)
    policy = ReturnsConfig(return_days=10, exchange_days=45)
    delivered = date(2026, 3, 2)
    assert deadline(policy, "return", delivered, date(2026, 3, 9)) == date(2026, 3, 12)
    assert deadline(policy, "exchange", None, date(2026, 3, 9)) == date(2026, 4, 23)


async def test_approval_takes_only_a_request_asked_in_the_window(pool, clock,
                                                                 tmp_path: Path) -> None:
    async with pool.connection() as conn:
        order = await place(conn, clock)
        await pay(conn, clock)
        await ship(conn, store_id=STORE, number="1001", tracking_code="BR1", carrier=None,
                   actor=OPERATOR, clock=clock)
        await deliver(conn, store_id=STORE, number="1001", actor=OPERATOR, clock=clock)
        clock.advance(days=8)  # asked (not through the chat, which says no) on day 8
        method = await ensure_saved_method(conn, order["id"], "sandbox")
        await request_return(conn, store_id=STORE, number="1001", item_ids=["CAM-P"],
                             method_id=method, actor="buyer", clock=clock)
        with pytest.raises(OrderStateError, match="after the 7-day window"):
            await change_order(conn, StoreConfigs(None), clock, store_id=STORE,
                               number="1001", action="approve", actor=OPERATOR)
        # A store that gives 10 days approves the same request.
        (tmp_path / f"{STORE}.yaml").write_text(
            store_yaml("Loja", None, None) + "returns:\n  return_days: 10\n")
        approved = await change_order(conn, StoreConfigs(tmp_path), clock, store_id=STORE,
                                      number="1001", action="approve", actor=OPERATOR)
    assert approved["status"] == "completed"
