"""`python -m evals.nlu --engine llm` prints both engines side by side with the LLM's cost,
here against the local fake (the real run calls whatever BALCAO_LLM_* points at)."""

from __future__ import annotations

import pytest

from evals.nlu.__main__ import main
from tests.fakes.openai_api import FakeOpenAiApi


def test_both_engines_side_by_side_with_tokens_and_latency(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from balcao.settings import get_settings

    with FakeOpenAiApi() as api:
        # One message per set, four sets: the model always answers "other" (and fails once).
        for _ in range(3):
            api.reply_json({"intent": "other", "confidence": 0.5, "sentiment": "neutral",
                            "lang": "pt"}, tokens=(300, 20))
        api.fail(500, "server_error")
        monkeypatch.setenv("BALCAO_LLM_BASE_URL", api.base_url)
        monkeypatch.setenv("BALCAO_LLM_MODEL", api.model)
        monkeypatch.setenv("BALCAO_LLM_API_KEY", api.api_key)
        get_settings.cache_clear()
        try:
            assert main(["--engine", "llm", "--limit", "1", "--timeout", "5"]) == 0
        finally:
            get_settings.cache_clear()
    out = capsys.readouterr().out
    assert out.count("offline      llm     diff") == 4
    assert "== pt dev: 1 messages" in out
    # The first pt dev line is not "other": the offline engine is right, the fake model not.
    assert "intent accuracy       1.000    0.000   -1.000" in out
    assert "4 calls, fell back offline: {'http_500': 1}" in out
    assert "tokens per turn  mean 240  total 960" in out
