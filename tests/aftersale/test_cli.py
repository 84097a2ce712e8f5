"""`balcao orders show|ship|deliver|cancel|send-refunds` on a real database (in-process: the
command runs in a thread with its own event loop, as from the shell)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from api.cli.main import main
from balcao.settings import get_settings
from tests.aftersale.native import pay, place


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("BALCAO_DEMO_STORE", "false")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = await asyncio.to_thread(main, ["orders", *args])
    return code, capsys.readouterr().out


async def test_ship_deliver_cancel_and_show(pool, cli_env, capsys, clock) -> None:
    async with pool.connection() as conn:
        await place(conn, clock)
        await place(conn, clock, number="1002")
        await pay(conn, clock)
        await pay(conn, clock, number="1002")
    assert (await _cli(capsys, "deliver", "1001"))[0] == 1  # not shipped yet
    code, out = await _cli(capsys, "ship", "1001", "--tracking", "BR123456789",
                           "--carrier", "Correios")
    assert code == 0 and "shipped" in out
    assert (await _cli(capsys, "deliver", "1001"))[0] == 0
    order = json.loads((await _cli(capsys, "show", "1001", "--json"))[1])
    assert (order["status"], order["carrier"], order["tracking_code"]) == (
        "delivered", "Correios", "BR123456789")
    assert [(h["to_status"], h["actor"]) for h in order["history"]][-2:] == [
        ("shipped", "operator:cli"), ("delivered", "operator:cli")]
    text = (await _cli(capsys, "show", "#1001"))[1]
    assert "Correios BR123456789" in text and "by operator:cli" in text
    code, out = await _cli(capsys, "cancel", "1002", "--reason", "desisti")
    assert code == 0 and "cancelled" in out
    code, out = await _cli(capsys, "send-refunds")
    assert code == 0 and "sandbox): done" in out and "1 refund(s) sent" in out
    assert "0 refund(s) sent" in (await _cli(capsys, "send-refunds"))[1]


async def test_import_tau2_then_show_one_of_its_orders(cli_env, capsys, fixtures_dir) -> None:
    code, out = await _cli(capsys, "import-tau2", str(fixtures_dir / "tau2_retail" / "db.json"))
    assert code == 0 and "1000 orders" in out and "500 customers" in out
    order = json.loads((await _cli(capsys, "show", "#W2378156", "--json"))[1])
    assert order["status"] == "delivered" and order["currency"] == "USD"
    assert [t["method_id"] for t in order["transactions"]] == ["credit_card_9513926"]
    assert "0 orders" in (await _cli(capsys, "import-tau2",
                                     str(fixtures_dir / "tau2_retail" / "db.json")))[1]
