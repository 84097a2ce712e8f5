"""`python -m evals.nlu --engine llm` and `balcao eval --engine llm` print both engines side
by side with the LLM's cost, here against the local fake (the real run calls whatever
BALCAO_LLM_* points at)."""

from __future__ import annotations

from pathlib import Path

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


GOAL_CASE = """id: camiseta-to-cart
goal:
  cart: {"@1:1 tamanho=M,cor=preto": 1}
turns:
  - say: "tem camiseta dry fit?"
  - say: "quero a primeira tamanho m preta"
"""


def test_golden_cases_with_both_engines_side_by_side(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        pg_server_url: str, tmp_path: Path) -> None:
    from balcao.settings import get_settings
    from evals.golden.__main__ import main as golden

    (tmp_path / "goal.yaml").write_text(GOAL_CASE)
    with FakeOpenAiApi() as api:
        # The model misreads the first message; then it fails and the offline engine reads.
        api.reply_json({"intent": "greeting", "confidence": 0.9, "sentiment": "neutral",
                        "lang": "pt"}, tokens=(300, 20))
        for name, value in (("BALCAO_LLM_BASE_URL", api.base_url),
                            ("BALCAO_LLM_MODEL", api.model), ("BALCAO_LLM_API_KEY", api.api_key),
                            ("DATABASE_URL", pg_server_url)):
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        try:
            assert golden(["--engine", "llm", "--timeout", "5", str(tmp_path)]) == 0
        finally:
            get_settings.cache_clear()
        calls, where = len(api.requests), api.base_url
    out = capsys.readouterr().out
    assert f"offline engine vs {api.model} at {where}: 1 cases" in out
    # Offline the buyer finds the shirt and adds it; read as a greeting, the search never ran.
    assert "  cases passed                  1/1        0/1" in out
    assert "  goals reached                 1/1        0/1" in out
    assert "  turns to goal, median           2          -" in out
    assert f"FAILS with the llm only: {tmp_path.name}/camiseta-to-cart" in out
    assert f"== LLM cost: {calls} calls, fell back offline: {{'http_500': {calls - 1}}}" in out
    assert f"tokens per turn  mean {320 / calls:.0f}  total 320" in out
