"""`balcao llm check` against the local OpenAI-compatible fake: each probe is a real call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.cli.main import main
from tests.fakes.openai_api import FakeOpenAiApi


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAiApi]:
    from balcao.settings import get_settings

    with FakeOpenAiApi() as fake:
        monkeypatch.setenv("BALCAO_LLM_BASE_URL", fake.base_url)
        monkeypatch.setenv("BALCAO_LLM_MODEL", fake.model)
        monkeypatch.setenv("BALCAO_LLM_API_KEY", fake.api_key)
        get_settings.cache_clear()
        yield fake
    get_settings.cache_clear()


def test_a_working_endpoint_passes_every_probe(
        api: FakeOpenAiApi, capsys: pytest.CaptureFixture[str]) -> None:
    api.reply_text("ok")
    api.reply_json({"intent": "greeting", "confidence": 0.97, "sentiment": "positive",
                    "lang": "pt"})
    api.reply_tool_call("LookupProduct", {"query": "thermal bottles"})
    assert main(["llm", "check", "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert f"{api.model} listed" in out
    assert f"model {api.model}" in out
    assert "read 'oi, tudo bem?' as greeting" in out
    assert "called LookupProduct({'query': 'thermal bottles'})" in out
    assert "FAIL" not in out
    structured = api.requests[1]
    assert structured["response_format"]["type"] == "json_schema"
    assert api.requests[2]["tools"][0]["function"]["name"] == "LookupProduct"


def test_an_endpoint_without_structured_output_is_refused(
        api: FakeOpenAiApi, capsys: pytest.CaptureFixture[str]) -> None:
    api.reply_text("ok")
    api.fail(400, "invalid_request_error")  # "response_format json_schema not supported"
    api.reply_text("I would look that up")  # answers in prose instead of calling the tool
    assert main(["llm", "check"]) == 1
    out = capsys.readouterr().out
    assert "structured output  FAIL http_400" in out
    assert "tool calling       FAIL no tool call" in out
    assert "understanding cannot use this endpoint" in out


def test_without_settings_it_says_what_to_set(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from balcao.settings import get_settings

    monkeypatch.delenv("BALCAO_LLM_BASE_URL", raising=False)
    monkeypatch.setenv("BALCAO_LLM_MODEL", "")
    get_settings.cache_clear()
    try:
        assert main(["llm", "check"]) == 2
    finally:
        get_settings.cache_clear()
    assert "BALCAO_LLM_BASE_URL" in capsys.readouterr().out
