"""The playground: who may open it (in-process), and a purchase made in a real headless
Chromium against the real service process, through the sandbox pay page.

The browser test drives Debian's `chromium` with Playwright, as the console's does (see
tests/e2e/test_console_browser.py); it runs in demo mode (`BALCAO_DEMO_MODE=true`, as
`./dev serve` sets), where `/` is the playground.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from balcao.settings import Settings
from tests.console.conftest import Db, sign_in
from tests.e2e.test_console_browser import _FLAGS, CHROMIUM, SCREENSHOTS, require_chromium
from tests.service import ServiceProcess


@pytest.fixture(autouse=True)
def _full_text_search_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No embedding model to load (catalog import, service): full-text search finds what
    these buyers ask for, and the test starts much sooner."""
    monkeypatch.setenv("BALCAO_EMBEDDINGS", "none")


@contextmanager
def _client(db_url: str, demo: bool) -> Iterator[TestClient]:
    settings = Settings(_env_file=None, BALCAO_DEMO_STORE="false",  # type: ignore[call-arg]
                        BALCAO_RUN_WORKER="false", PUBLIC_BASE_URL="http://testserver",
                        BALCAO_DEMO_MODE="true" if demo else "false")
    with TestClient(create_app(settings, database_url=db_url),
                    base_url="http://testserver") as client:
        yield client


def test_outside_demo_mode_only_signed_in_operators_reach_the_playground(db_url: str) -> None:
    with _client(db_url, demo=False) as client:
        assert client.get("/").status_code == 404
        assert client.post("/playground/api/buyers", json={}).status_code == 404
        assert client.get("/playground/api/conversation",
                          params={"buyer": "pg-" + "0" * 32}).status_code == 404
        login = client.get("/console/playground", follow_redirects=False)
        assert login.status_code == 303 and login.headers["location"] == "/console/login"
        assert client.post("/console/playground/api/buyers", json={}).status_code == 401

        Db(db_url).operator()
        sign_in(client)
        page = client.get("/console/playground")
        assert page.status_code == 200 and 'data-api="/console/playground"' in page.text
        csrf = re.search(r'data-csrf="([^"]+)"', page.text).group(1)
        assert client.post("/console/playground/api/buyers", json={}).status_code == 403
        buyer = client.post("/console/playground/api/buyers", json={},
                            headers={"X-CSRF-Token": csrf}).json()["buyer"]
        sent = client.post("/console/playground/api/messages", json={"buyer": buyer,
                           "text": "oi"}, headers={"X-CSRF-Token": csrf})
        assert sent.json() == {"stored": True}
        items = client.get("/console/playground/api/conversation",
                           params={"buyer": buyer}).json()["items"]
        assert items == [{"from": "buyer", "id": items[0]["id"], "text": "oi"}]
        # A playground page reads playground buyers only, never another channel's.
        assert client.get("/console/playground/api/conversation",
                          params={"buyer": "5511987654321"}).status_code == 422


def test_in_demo_mode_the_home_page_is_the_playground(db_url: str) -> None:
    with _client(db_url, demo=True) as client:
        page = client.get("/")
        assert page.status_code == 200 and 'data-api="/playground"' in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert client.get("/playground/playground.js").status_code == 200
        refused = client.post("/playground/api/buyers", json={},
                              headers={"Origin": "https://elsewhere.example"})
        assert refused.status_code == 403  # a cross-site page cannot post as a buyer


@pytest.mark.slow
def test_a_store_owner_buys_in_the_playground_and_pays_on_the_sandbox_page(
    service: ServiceProcess, db_url: str, tmp_path: Path,
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    image = f"{service.url}/playground/garrafa.jpg"  # any address: the page shows the image
    with psycopg.connect(db_url) as conn:
        conn.execute("UPDATE products SET image_url = %s WHERE sku LIKE 'GAR-%%'", (image,))
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(service.url + "/")
            bot = page.locator(".bubble.bot")

            def say(text: str) -> None:
                count = bot.count()
                page.fill("#text", text)
                page.click("#send")
                expect(bot.nth(count)).to_be_attached(timeout=20_000)  # a turn's replies

            def tap(chip_id: str) -> None:
                count = bot.count()
                page.locator(f'.chip[data-id="{chip_id}"]').last.click()
                expect(bot.nth(count)).to_be_attached(timeout=20_000)  # a turn's replies

            say("tem garrafa termica?")
            expect(page.locator("#intent")).to_contain_text("search", timeout=10_000)
            expect(page.locator("#nodes")).to_contain_text("classify")
            first = page.locator('.bubble.bot .chip[data-id^="show:"]').first
            expect(first).to_be_visible()
            tap(first.get_attribute("data-id") or "")
            expect(page.locator(".bubble.bot img").last).to_have_attribute("src", image)
            say("quero essa")
            say("quero finalizar")
            say("Maria Souza")
            say("meu cep é 04567-000")
            say("Rua das Flores, 123, ap 4")
            tap("ship:expressa-sp")
            tap("order:confirm:1")
            link = page.locator(".bubble.bot a[href*='/pay/']").last
            expect(link).to_be_visible()
            with page.expect_popup() as popup:
                link.click()
            pay_page = popup.value
            pay_page.locator("button[value=paid]").click()
            expect(pay_page.locator("body")).to_contain_text("Pagamento aprovado")
            expect(bot.last).to_contain_text("aprovado", timeout=20_000)
            number = re.search(r"\b(\d{4})\b", bot.last.inner_text())
            assert number, bot.last.inner_text()
            if SCREENSHOTS:  # BALCAO_SCREENSHOTS=<folder>: a picture of the page, to look at
                page.screenshot(path=str(Path(SCREENSHOTS) / "playground.png"))
        finally:
            browser.close()
    with psycopg.connect(db_url) as conn:
        [(status, channel)] = conn.execute(
            "SELECT o.status, c.channel FROM orders o JOIN conversations c"
            " ON c.id = o.conversation_id WHERE o.number = %s", (number.group(1),)).fetchall()
    assert (status, channel) == ("paid", "playground")
    print(f"\nplayground browser test: {time.monotonic() - started:.1f} s after service start")
