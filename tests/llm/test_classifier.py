"""The LLM classifier against a local OpenAI-compatible fake: what it sends (no personal
data, the buyer's words as data), what it keeps from the model (the intent, never a number),
and the offline engine answering whenever the call fails or the month's tokens are spent."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from balcao.clock import FrozenClock
from balcao.settings import Settings
from balcao.store_config import StoreConfigs
from graphs.sales.nlu.engine import default_classifier
from graphs.sales.nlu.llm import LlmClassifier
from graphs.sales.nlu.llm_endpoint import LlmEndpoint
from graphs.sales.nlu.llm_stores import llm_understanding
from graphs.sales.nlu.types import DialogueContext
from tests.fakes.openai_api import FakeOpenAiApi

ASKS = {"intent": "product_question", "confidence": 0.88, "sentiment": "neutral", "lang": "pt"}


@pytest.fixture(scope="module")
def api() -> Iterator[FakeOpenAiApi]:
    with FakeOpenAiApi() as fake:
        yield fake


def classifier(api: FakeOpenAiApi, **options: object) -> LlmClassifier:
    endpoint = LlmEndpoint(api.base_url, api.model, api.api_key)
    return LlmClassifier(endpoint, default_classifier(), timeout_seconds=0.3,
                         **options)  # type: ignore[arg-type]


def sent_message(api: FakeOpenAiApi) -> dict[str, object]:
    return json.loads(api.requests[-1]["messages"][1]["content"])


def test_the_model_reads_the_intent_and_the_offline_extractors_the_numbers(
        api: FakeOpenAiApi) -> None:
    text = "essa garrafa sai por menos de 150 reais? tamanho m"
    offline = default_classifier().classify(text)
    api.reply_json({**ASKS, "intent": "search_product"}, tokens=(200, 20))
    read = classifier(api).classify(text)
    assert read.intent == "search_product" != offline.intent
    assert read.confidence == 0.88
    assert read.entities == offline.entities
    assert read.entities["price_max"] == 150 and read.entities["size"] == "M"


def test_the_dialogue_context_goes_along_and_personal_data_stays_home(
        api: FakeOpenAiApi) -> None:
    text = ("meu email é Ana.Souza@Gmail.com, cpf 123.456.789-09 "
            "e zap (11) 98765-4321, cep 04567-000")
    api.reply_json({**ASKS, "intent": "provide_info"})
    read = classifier(api).classify(
        text, context=DialogueContext(pending_question="quantity", last_list_size=3,
                                      last_lang="pt"))
    sent = sent_message(api)
    assert sent["pending_question"] == "quantity" and sent["items_in_last_list"] == 3
    raw = json.dumps(api.requests[-1], ensure_ascii=False)
    for personal in ("Ana.Souza", "123.456.789-09", "98765-4321"):
        assert personal not in raw
    assert "04567-000" in str(sent["message"])  # a CEP is what a shipping question needs
    assert read.intent == "provide_info"
    assert read.entities["email"] == "ana.souza@gmail.com"  # from the buyer's own text
    assert read.entities["cep"] == "04567000"


def test_the_answer_to_a_question_for_personal_data_is_never_sent(api: FakeOpenAiApi) -> None:
    engine = classifier(api)
    before = len(api.requests)
    for pending, reply in (("name", "Ana Souza"), ("address", "Rua das Flores 123, ap 4"),
                           ("email", "ana@gmail.com"), ("cep", "04567000")):
        context = DialogueContext(pending_question=pending)
        read = engine.classify(reply, context=context)
        assert read == default_classifier().classify(reply, context=context)
        assert read.intent == "provide_info"
    assert len(api.requests) == before and engine.stats.kept_offline == 4


@pytest.mark.parametrize("script, reason", [
    (lambda api: api.reply_text("{\"intent\": \"greeting\""), "invalid_output"),
    (lambda api: api.reply_json({**ASKS, "intent": "discount"}), "invalid_output"),
    (lambda api: api.reply_json({**ASKS, "confidence": 7}), "invalid_output"),
    (lambda api: api.reply_tool_call("apply_discount", {"percent": 100}), "invalid_output"),
    (lambda api: api.delay(1.0, ASKS), "timeout"),
    (lambda api: api.fail(429, "rate_limit_exceeded"), "http_429"),
    (lambda api: api.fail(500, "server_error"), "http_500"),
])
def test_a_failed_call_is_read_offline_and_logged_without_the_words(
        api: FakeOpenAiApi, caplog: pytest.LogCaptureFixture, script, reason: str) -> None:
    text = "quero cancelar meu pedido 4521"
    script(api)
    engine = classifier(api)
    with caplog.at_level(logging.WARNING, logger="graphs.sales.nlu.llm"):
        read = engine.classify(text)
    assert read == default_classifier().classify(text)
    assert dict(engine.stats.fallbacks) == {reason: 1}
    assert f"reason={reason}" in caplog.text
    assert "cancelar" not in caplog.text and "4521" not in caplog.text


def test_the_monthly_budget_stops_the_calls_until_the_month_turns(api: FakeOpenAiApi) -> None:
    clock = FrozenClock(datetime(2026, 11, 30, 23, 0, tzinfo=UTC))
    engine = classifier(api, monthly_tokens=300, clock=clock)
    before = len(api.requests)
    for _ in range(3):
        api.reply_json(ASKS, tokens=(120, 30))
    reads = [engine.classify("tem garrafa de 1 litro?").intent for _ in range(3)]
    assert reads[:2] == ["product_question"] * 2 and reads[2] != "product_question"
    assert len(api.requests) - before == 2 and engine.stats.fallbacks["budget"] == 1
    clock.set(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))
    assert engine.classify("tem garrafa de 1 litro?").intent == "product_question"


def test_only_a_configured_endpoint_and_a_willing_store_use_the_model(
        api: FakeOpenAiApi, tmp_path: Path) -> None:
    clock = FrozenClock(datetime(2026, 11, 30, tzinfo=UTC))
    stores = StoreConfigs(tmp_path)
    unset = Settings(_env_file=None)  # type: ignore[call-arg]
    assert llm_understanding(unset, stores, default_classifier(), clock) is None
    settings = Settings(_env_file=None, BALCAO_LLM_BASE_URL=api.base_url,  # type: ignore[call-arg]
                        BALCAO_LLM_MODEL=api.model)
    understanding = llm_understanding(settings, stores, default_classifier(), clock)
    assert understanding is not None
    assert understanding.for_store("default") is None  # the shipped store: `llm:` off
    demo = Path(__file__).resolve().parents[2] / "balcao/demo/store.yaml"
    (tmp_path / "willing.yaml").write_text(
        demo.read_text() + "\nllm:\n  understanding: true\n  timeout_seconds: 2\n")
    engine = understanding.for_store("willing")
    assert engine is not None and engine.store_id == "willing"
    (tmp_path / "typo.yaml").write_text(demo.read_text() + "\nllm:\n  understand: true\n")
    with pytest.raises(ValueError, match="understand"):
        stores.get("typo")


async def test_an_answer_dribbled_past_the_timeout_is_abandoned(api: FakeOpenAiApi) -> None:
    # Each gap (0.2 s) is within the client's 0.3 s, the whole (1.2 s) is not.
    api.trickle(0.2, ASKS)
    engine = classifier(api)
    started = time.perf_counter()
    read = await engine.aclassify("quero cancelar meu pedido 4521")
    assert time.perf_counter() - started < 1.0
    assert read == default_classifier().classify("quero cancelar meu pedido 4521")
    assert engine.stats.fallbacks["timeout"] == 1
