"""The console's FAQ page in a real headless Chromium, against the real service process.

The store's knowledge is imported with the CLI; an admin signs in, opens "Conhecimento",
rewrites one answer and saves it; the page shows it saved, and the store's knowledge asked
right after (`balcao knowledge ask`, the path the bot takes) answers with the new text.
Chromium as in `test_console_browser.py` (Debian's package, driven by Playwright through
`executable_path`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_console_browser import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    _picture,
    require_chromium,
    signed_in,
)
from tests.service import REPO, ServiceProcess
from tools.knowledge.demo import demo_knowledge_dir

WRAP = "Vocês fazem embrulho para presente?"
NEW_ANSWER = "Não fazemos mais embrulho, mas mandamos um cartão com a sua mensagem."

pytestmark = pytest.mark.slow


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "api.cli.main", *args], cwd=REPO,
                          env={**os.environ, **env}, input=stdin, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def knowledge_service(service_env: dict[str, str], tmp_path: Path) -> Iterator[ServiceProcess]:
    """The service with the demo store's knowledge and a first admin, both made by the CLI."""
    _cli(service_env, "knowledge", "import", str(demo_knowledge_dir()))
    _cli(service_env, "operators", "create-admin", "--email", ADMIN_EMAIL, "--name", "Ana",
         "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    proc = ServiceProcess(service_env, tmp_path / "service.log").start()
    yield proc
    proc.stop()


def test_an_admin_edits_a_faq_answer_and_the_bot_uses_it_at_once(
    knowledge_service: ServiceProcess, service_env: dict[str, str], tmp_path: Path,
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    url = knowledge_service.url
    with sync_playwright() as playwright, signed_in(
            playwright, tmp_path, url, "/console/knowledge") as page:
        expect(page).to_have_url(f"{url}/console")
        page.click("header nav >> text=Conhecimento")
        expect(page).to_have_url(f"{url}/console/knowledge")
        entry = page.locator(".faq").filter(
            has=page.locator(f'input[name=question][value="{WRAP}"]'))
        expect(entry).to_have_count(1)
        entry.locator("summary").click()  # entries are folded: one opens
        answer = entry.locator("textarea[name=answer]")
        expect(answer).to_have_value(re.compile("^Fazemos, sem custo"))
        answer.fill(NEW_ANSWER)
        entry.locator("button[type=submit]").click()

        expect(page.locator(".flash[role=status]")).to_contain_text("Resposta salva")
        saved = page.locator(".faq").filter(
            has=page.locator(f'input[name=question][value="{WRAP}"]'))
        expect(saved.locator("textarea[name=answer]")).to_have_value(NEW_ANSWER)
        _picture(page, "knowledge")

    # Live at once: asked right after (in another process, as the bot asks), the store's
    # knowledge answers with the new text.
    reply = _cli(service_env, "knowledge", "ask", "vocês fazem embrulho pra presente?")
    assert NEW_ANSWER in reply and "Fazemos, sem custo" not in reply
