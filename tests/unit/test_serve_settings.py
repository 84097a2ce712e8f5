"""`balcao serve --port N` sends links that reach it; an explicit PUBLIC_BASE_URL wins."""

from __future__ import annotations

import pytest

from api.cli.serve import served_at
from balcao.settings import Settings


def test_links_follow_the_port_served_when_no_public_url_is_set(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert served_at(settings, "127.0.0.1", 8765).public_base_url == "http://127.0.0.1:8765"
    assert served_at(settings, "0.0.0.0", 9000).public_base_url == "http://127.0.0.1:9000"


def test_an_explicit_public_url_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://loja.example.com")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert served_at(settings, "127.0.0.1", 8765).public_base_url == "https://loja.example.com"
