"""The operator console in a real headless Chromium, against the real service process.

Two buyers ask for a person; the operator signs in, picks the top of the queue (the
complaint), replies, and returns the conversation to the bot; the buyer (the fake Graph API)
receives the operator's reply and then the bot's message. Meanwhile the bot stays silent.

Chromium comes from the system packages (`./dev test` installs Debian's `chromium` when
missing and it runs as root); Playwright drives it through `executable_path`, never
downloading a browser of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import webhooks
from tests.e2e.conftest import APP_SECRET
from tests.fakes.graph_api import FakeGraphApi
from tests.service import REPO, ServiceProcess

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def require_chromium() -> None:
    """Skips a browser test without Chromium, except on CI, which must run it (./dev test
    installs Chromium as root)."""
    if not Path(CHROMIUM).exists():
        message = "Chromium is not installed (./dev test installs it when run as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
ADMIN_EMAIL, ADMIN_PASSWORD = "ana@loja.com", "senha-de-teste-longa"
ASKER, COMPLAINER = "5511911110001", "5511922220002"
# BALCAO_SCREENSHOTS=<folder> keeps a picture of each page, to look at the console.
SCREENSHOTS = os.environ.get("BALCAO_SCREENSHOTS")
# The flags that work in containers and CI: no sandbox (root), no GPU, nothing phoning home.
_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


@pytest.fixture
def console_service(service_env: dict[str, str], tmp_path: Path) -> Iterator[ServiceProcess]:
    """The service with a store open around the clock, and a first admin made by the CLI."""
    store = yaml.safe_load((REPO / "balcao/demo/store.yaml").read_text())
    store["escalation"]["hours"]["week"] = {day: ["00:00-24:00"] for day in
                                            ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    stores = tmp_path / "stores"
    stores.mkdir()
    (stores / "default.yaml").write_text(yaml.safe_dump(store, allow_unicode=True))
    env = {**service_env, "BALCAO_STORES_DIR": str(stores)}
    created = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "operators", "create-admin", "--email",
         ADMIN_EMAIL, "--name", "Ana", "--password-stdin"],
        cwd=REPO, env={**os.environ, **env}, input=ADMIN_PASSWORD + "\n", capture_output=True,
        text=True, timeout=60,
    )
    assert created.returncode == 0, created.stderr
    proc = ServiceProcess(env, tmp_path / "service.log").start()
    yield proc
    proc.stop()


def _say(service: ServiceProcess, buyer: str, name: str, text: str) -> None:
    import httpx

    raw, headers = webhooks.signed(webhooks.text(text, wa_id=buyer, name=name), APP_SECRET)
    assert httpx.post(f"{service.url}/webhooks/whatsapp", content=raw,
                      headers=headers).status_code == 200


def _to(graph_api: FakeGraphApi, buyer: str) -> list[dict]:
    return [m for m in graph_api.messages() if m.get("to") == buyer]


def _wait_for(graph_api: FakeGraphApi, buyer: str, count: int, timeout: float = 20) -> list:
    deadline = time.monotonic() + timeout
    while len(_to(graph_api, buyer)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{buyer} got {len(_to(graph_api, buyer))} of {count} messages")
        time.sleep(0.05)
    return _to(graph_api, buyer)


def _picture(page, name: str) -> None:  # noqa: ANN001 - a Playwright page
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"console-{name}.png"), full_page=True)


def _body(message: dict) -> str:
    if message["type"] == "text":
        return message["text"]["body"]
    return message["interactive"]["body"]["text"]


def test_an_operator_answers_the_top_conversation_and_returns_it_to_the_bot(
    console_service: ServiceProcess, graph_api: FakeGraphApi, tmp_path: Path,
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    started = time.monotonic()
    _say(console_service, ASKER, "Alice", "quero falar com um atendente")
    _say(console_service, COMPLAINER, "Bruno", "quero reclamar, o produto veio com defeito")
    assert "pessoa da nossa equipe" in _body(_wait_for(graph_api, ASKER, 1)[0])
    assert "pessoa da nossa equipe" in _body(_wait_for(graph_api, COMPLAINER, 1)[0])

    # While a person has the conversation, the bot stays silent.
    _say(console_service, COMPLAINER, "Bruno", "alguém aí?")

    with sync_playwright() as playwright, signed_in(
            playwright, tmp_path, console_service.url, "/console") as page:
        expect(page.locator("#queue .entry")).to_have_count(2)
        top = page.locator("#queue .entry").first
        expect(top.locator(".name")).to_have_text("Bruno")  # the complaint outranks
        expect(top).to_contain_text("Reclamação")
        _picture(page, "queue")
        top.click()

        expect(page.locator("#summary .reason")).to_contain_text("Reclamação")
        expect(page.locator("#transcript")).to_contain_text("alguém aí?")
        _picture(page, "conversation")
        assert len(_to(graph_api, COMPLAINER)) == 1  # no bot answer to "alguém aí?"

        page.fill("#reply", "Oi Bruno, aqui é a Ana. Vou resolver a troca para você.")
        page.click("#reply-form button[type=submit]")
        expect(page.locator("#transcript .operator")).to_contain_text("aqui é a Ana")
        page.fill("#notes", "Troca aprovada; etiqueta enviada por e-mail")
        page.click("#return-form button[type=submit]")
        expect(page).to_have_url(f"{console_service.url}/console")
        expect(page.locator("#queue .entry")).to_have_count(1)
        page.goto(f"{console_service.url}/console/dashboard")
        _picture(page, "dashboard")

    received = _wait_for(graph_api, COMPLAINER, 3)
    assert received[1]["type"] == "text"
    assert _body(received[1]) == "Oi Bruno, aqui é a Ana. Vou resolver a troca para você."
    assert "Voltei!" in _body(received[2])
    assert len(_to(graph_api, ASKER)) == 1  # the other buyer still waits, silently
    print(f"\nconsole browser test: {time.monotonic() - started:.1f} s after service start")


@contextmanager
def signed_in(playwright: Any, tmp_path: Path, url: str, start: str) -> Iterator[Any]:
    """A phone-sized Chromium page that opened `start`, was sent to the sign-in page and
    signed in as the first admin."""
    from playwright.sync_api import expect

    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
        args=_FLAGS, viewport={"width": 390, "height": 844},  # a phone's screen
    )
    try:
        page = context.new_page()
        page.goto(f"{url}{start}")
        expect(page).to_have_url(f"{url}/console/login")
        page.fill("#email", ADMIN_EMAIL)
        page.fill("#password", ADMIN_PASSWORD)
        page.click("button[type=submit]")
        yield page
    finally:
        context.close()
