"""An operator ships one order, approves another's return, and approves one exchange and
refuses another in a real headless Chromium, against the real service process: the database
has the changes made by that operator, and each buyer (the fake Graph API) gets one WhatsApp
message about their order.

Chromium and the sign-in as in `tests/e2e/test_console_browser.py` (Debian's package, driven
by Playwright through `executable_path`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from api.operators.passwords import hash_password
from balcao.clock import FrozenClock
from balcao.db.connect import open_pool
from tests.aftersale.native import STORE
from tests.aftersale.test_notices import paid_order
from tests.console.test_orders import arrange_orders
from tests.e2e import conftest as e2e
from tests.e2e.test_console_browser import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    _body,
    _picture,
    _wait_for,
    require_chromium,
    signed_in,
)
from tests.fakes.graph_api import FakeGraphApi
from tests.service import ServiceProcess
from tools.orders import lifecycle, returns

pytestmark = pytest.mark.slow
SHIPPER, RETURNER = "551191001", "551191002"  # the buyers of orders 1001 and 1002
SWAPPED, REFUSED = "551191003", "551191004"  # asked to exchange 1003 and 1004


async def _arrange_exchanges(db_url: str, clock: FrozenClock) -> None:
    """1003 and 1004 delivered, each buyer asked to exchange a shirt for the size G."""
    pool = await open_pool(db_url, min_size=1, max_size=1)
    async with pool.connection() as conn:
        for number in ("1003", "1004"):
            await paid_order(conn, clock, number, "quero trocar o tamanho")
            if number == "1003":  # the same shirt in G, at the same price
                await conn.execute(
                    "INSERT INTO product_variants (product_id, store_id, sku, attributes, stock)"
                    " SELECT id, store_id, 'CAM-P-G', '{\"tamanho\": \"G\"}', 5 FROM products"
                    " WHERE sku = 'CAM-P'")
            common = {"store_id": STORE, "number": number, "clock": clock}
            await lifecycle.ship(conn, tracking_code=f"BR{number}", carrier=None,
                                 actor="operator:cli", **common)
            await lifecycle.deliver(conn, actor="operator:cli", **common)
            await returns.request_exchange(conn, item_ids=["CAM-P"], new_item_ids=["CAM-P-G"],
                                           method_id="vale", actor="buyer", **common)
    await pool.close()


@pytest.fixture
def graph_api() -> Iterator[FakeGraphApi]:
    with FakeGraphApi(token=e2e.ACCESS_TOKEN) as fake:
        yield fake


@pytest.fixture
def orders_service(db_url: str, graph_api: FakeGraphApi,
                   tmp_path: Path) -> Iterator[ServiceProcess]:
    """The service sending to the fake Graph API, with an admin (no catalog: the orders are
    arranged in the database)."""
    with psycopg.connect(db_url) as conn:
        conn.execute("INSERT INTO operators (email, name, password_hash, role, created_at)"
                     " VALUES (%s, 'Ana', %s, 'admin', now())",
                     (ADMIN_EMAIL, hash_password(ADMIN_PASSWORD, n=2**12)))
    env = {"DATABASE_URL": db_url, "BALCAO_DATA_DIR": str(tmp_path / "data"),
           "BALCAO_DEMO_STORE": "false", "WHATSAPP_ACCESS_TOKEN": e2e.ACCESS_TOKEN,
           "WHATSAPP_PHONE_NUMBER_ID": e2e.PHONE_NUMBER_ID,
           "WHATSAPP_API_BASE_URL": graph_api.base_url, "BALCAO_WORKER_POLL_MS": "50"}
    proc = ServiceProcess(env, tmp_path / "service.log").start()
    yield proc
    proc.stop()


def test_an_operator_ships_an_order_and_approves_a_return(
    orders_service: ServiceProcess, graph_api: FakeGraphApi, db_url: str, tmp_path: Path,
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    started = time.monotonic()
    arrange_orders(db_url, FrozenClock(datetime.now(UTC)))  # the buyers wrote just now
    asyncio.run(_arrange_exchanges(db_url, FrozenClock(datetime.now(UTC))))
    url = orders_service.url
    with sync_playwright() as playwright, signed_in(
            playwright, tmp_path, url, "/console/orders") as page:
        page.click("header nav >> text=Pedidos")
        page.click("#orders >> text=1001")
        page.fill("#tracking_code", "BR0001")
        page.fill("#carrier", "Correios")
        page.click("#ship-form button[type=submit]")
        expect(page.locator(".flash[role=status]")).to_contain_text("marcado como enviado")
        expect(page.locator("#order-status")).to_have_text("Enviado")
        expect(page.locator("#delivery .tracking")).to_contain_text("BR0001")

        page.goto(f"{url}/console/orders")
        page.select_option("#status", "return_requested")
        page.click("#filter button[type=submit]")
        expect(page.locator("#orders tr")).to_have_count(2)  # the header and 1002
        page.click("#orders >> text=1002")
        page.click("#approve-form button[type=submit]")
        expect(page.locator("#order-status")).to_have_text("Concluído")
        expect(page.locator("#history .actor").last).to_have_text(f"operator:{ADMIN_EMAIL}")
        _picture(page, "order")

        page.goto(f"{url}/console/orders")
        page.select_option("#status", "exchange_requested")
        page.click("#filter button[type=submit]")
        expect(page.locator("#orders tr")).to_have_count(3)  # the header, 1003 and 1004
        page.click("#orders >> text=1003")
        expect(page.locator("#request")).to_contain_text("CAM-P → CAM-P-G")
        page.click("#approve-form button[type=submit]")
        expect(page.locator("#order-status")).to_have_text("Concluído")
        page.goto(f"{url}/console/orders/1004")
        page.fill("#refuse-reason", "a peça voltou usada")
        page.click("#refuse-form button[type=submit]")
        expect(page.locator("#order-status")).to_have_text("Entregue")
        expect(page.locator("#history .actor").last).to_have_text(f"operator:{ADMIN_EMAIL}")

    with psycopg.connect(db_url, row_factory=dict_row) as conn:
        changes = conn.execute(
            "SELECT o.number, h.action, h.actor, o.status, o.tracking_code FROM order_history h"
            " JOIN orders o ON o.id = h.order_id WHERE h.actor LIKE 'operator:%%@%%'"
            " ORDER BY h.id").fetchall()
        refunds = conn.execute("SELECT amount, provider, status FROM order_transactions"
                               " WHERE kind = 'refund'").fetchall()
        requests = conn.execute("SELECT o.number, r.kind, r.status, r.new_items"
                                " FROM order_requests r"
                                " JOIN orders o ON o.id = r.order_id ORDER BY o.number"
                                ).fetchall()
    assert [(c["number"], c["action"], c["actor"]) for c in changes] == [
        ("1001", "ship", f"operator:{ADMIN_EMAIL}"),
        ("1002", "complete_return", f"operator:{ADMIN_EMAIL}"),
        ("1003", "complete_exchange", f"operator:{ADMIN_EMAIL}"),
        ("1004", "refuse_exchange", f"operator:{ADMIN_EMAIL}")]
    assert (changes[0]["status"], changes[0]["tracking_code"]) == ("shipped", "BR0001")
    assert [c["status"] for c in changes[1:]] == ["completed", "completed", "delivered"]
    assert [(str(r["amount"]), r["provider"], r["status"]) for r in refunds] == [
        ("50.00", "store_credit", "done")]  # the exchange at the same price moves no money
    assert [(r["number"], r["kind"], r["status"]) for r in requests] == [
        ("1002", "return", "completed"), ("1003", "exchange", "completed")]  # 1004's: gone
    assert requests[1]["new_items"] == ["CAM-P-G"]  # the item that follows
    [shipped] = _wait_for(graph_api, SHIPPER, 1)
    assert "BR0001" in _body(shipped) and "Correios" in _body(shipped)
    [approved] = _wait_for(graph_api, RETURNER, 1)
    assert "devolução do pedido 1002 foi aprovada" in _body(approved)
    [swapped] = _wait_for(graph_api, SWAPPED, 1)
    assert "troca do pedido 1003 foi aprovada" in _body(swapped)
    [refused] = _wait_for(graph_api, REFUSED, 1)
    assert "troca do pedido 1004" in _body(refused) and "a peça voltou usada" in _body(refused)
    print(f"\norders browser test: {time.monotonic() - started:.1f} s after service start")
