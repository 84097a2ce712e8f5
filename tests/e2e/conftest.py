"""End-to-end fixtures: the real service process, a fake Graph API, a fresh database."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.graph_api import FakeGraphApi
from tests.service import REPO, ServiceProcess

APP_SECRET = "e2e-app-secret"
VERIFY_TOKEN = "e2e-verify-token"
ACCESS_TOKEN = "e2e-access-token"
PHONE_NUMBER_ID = "1122334455667"
SMALL_CATALOG = Path(__file__).with_name("small_catalog.jsonl")


@pytest.fixture
def graph_api() -> Iterator[FakeGraphApi]:
    with FakeGraphApi(token=ACCESS_TOKEN) as fake:
        yield fake


@pytest.fixture
def service_env(db_url: str, graph_api: FakeGraphApi, tmp_path: Path) -> dict[str, str]:
    """Settings of a service talking to the fake Graph API, with the small test catalog."""
    env = {
        "DATABASE_URL": db_url,
        "BALCAO_DATA_DIR": str(tmp_path / "data"),
        "BALCAO_DEMO_STORE": "false",
        "BALCAO_DEMO_MODE": "true",  # the sandbox page pays only in a declared demo
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_API_BASE_URL": graph_api.base_url,
        "BALCAO_DEBOUNCE_MS": "300",
        "BALCAO_WORKER_POLL_MS": "50",
    }
    result = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "catalog", "import", str(SMALL_CATALOG)],
        cwd=REPO, env={**__import__("os").environ, **env}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return env


@pytest.fixture
def service(service_env: dict[str, str], tmp_path: Path) -> Iterator[ServiceProcess]:
    proc = ServiceProcess(service_env, tmp_path / "service.log").start()
    yield proc
    proc.stop()
