"""Langfuse tracing on real turns: the worker, the graph and Postgres, with the model behind
the local OpenAI-compatible fake and Langfuse behind a local fake of its OTLP ingestion.
One trace per turn (session = the conversation, user = the buyer's pseudonym), nodes as
spans, the model call as a generation, tool calls as tools, the reply as output; and no phone
number, name, address or CPF anywhere in what is sent."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from api.resources import Resources
from api.tracing.client import langfuse_for
from api.tracing.turn_trace import NO_TRACE, turn_trace
from balcao.clock import FrozenClock
from balcao.pii import pseudonym
from balcao.settings import Settings
from graphs.sales.nlu.engine import default_classifier
from graphs.sales.nlu.llm_prompt import MASK, SYSTEM_PROMPT
from tests.fakes.langfuse_otlp import FakeLangfuse, Span
from tests.fakes.openai_api import FakeOpenAiApi
from tests.llm.conftest import answer, llm_shop

BUYER = "5511987654321"
PROFILE_NAME = "Maria"  # the WhatsApp profile name tests/webhooks.py sends
CPF = "123.456.789-09"
TURNS = ["tem garrafa termica?", "quero a primeira", "quero finalizar", "Maria Souza",
         "04567-000", "Rua das Flores, 123", f"meu cpf é {CPF}"]
READ_BY_THE_MODEL = {0, 1, 2}
"""Scripted readings; the model is asked about the last one too and fails (nothing scripted:
a 500); the others answer a question for personal data (name, CEP, address): never sent."""
PERSONAL = [BUYER, "987654321", CPF, "12345678909", PROFILE_NAME, "Souza", "Rua das Flores",
            "04567-000", "04567000"]
TYPE = "langfuse.observation.type"


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeOpenAiApi, FakeLangfuse]]:
    with FakeOpenAiApi() as api, FakeLangfuse() as langfuse:
        yield api, langfuse


@pytest.fixture
async def shop(db_url: str, tmp_path: Path, fakes: tuple[FakeOpenAiApi, FakeLangfuse]
               ) -> AsyncIterator[tuple[Resources, FrozenClock]]:
    api, langfuse = fakes
    async with llm_shop(
            db_url, tmp_path, api,
            {"understanding": True, "phrasing": True, "timeout_seconds": 2},
            LANGFUSE_PUBLIC_KEY=langfuse.public_key, LANGFUSE_SECRET_KEY=langfuse.secret_key,
            LANGFUSE_HOST=langfuse.base_url) as shop:
        yield shop


async def _turn(resources: Resources, clock: FrozenClock, api: FakeOpenAiApi,
                text: str) -> str:
    # The model agrees with the offline reading: the conversation goes where the test says.
    reading = default_classifier().classify(text)
    if TURNS.index(text) in READ_BY_THE_MODEL:
        api.reply_json({"intent": reading.intent, "confidence": 0.9,
                        "sentiment": reading.sentiment, "lang": reading.lang},
                       tokens=(300, 20))
    return await answer(resources, clock, text, BUYER)


def _children(spans: list[Span], parent: Span) -> list[Span]:
    return [s for s in spans if s.parent_id == parent.span_id]


async def test_each_turn_is_one_trace_without_personal_data(
        shop: tuple[Resources, FrozenClock], fakes: tuple[FakeOpenAiApi, FakeLangfuse]) -> None:
    resources, clock = shop
    api, langfuse = fakes
    api._script.clear()
    replies = [await _turn(resources, clock, api, text) for text in TURNS]
    assert "04567-000" in replies[4], replies  # the reply quotes the CEP; the trace must not
    client = langfuse_for(resources.settings)
    assert client is not None
    client.flush()

    roots = [s for s in langfuse.spans if s.name == "turn" and not s.parent_id]
    assert len(roots) == len(TURNS) == len({r.trace_id for r in roots})
    conversation = (await _conversation_id(resources))
    for root, reply in zip(sorted(roots, key=lambda r: r.start_ns), replies, strict=True):
        assert root.attributes["session.id"] == f"default:conversation:{conversation}"
        assert root.attributes["user.id"] == pseudonym(BUYER)
        output = json.loads(root.attributes["langfuse.observation.output"])
        # The reply as sent, with the personal values it quotes (the CEP here) masked.
        assert output["text"] == _masked(reply)
        in_trace = [s for s in langfuse.spans if s.trace_id == root.trace_id]
        nodes = [s for s in _children(in_trace, root) if s.attributes.get(TYPE) == "span"]
        assert nodes and {n.name for n in nodes} <= set(resources.graph.nodes)

    first = [s for s in langfuse.spans if s.trace_id == min(roots, key=lambda r: r.start_ns
                                                             ).trace_id]
    generation, phrasing = (s for s in first if s.attributes.get(TYPE) == "generation")
    # Phrasing the reply, after the graph: nothing scripted, the fake answered 500.
    assert phrasing.parent_id == min(roots, key=lambda r: r.start_ns).span_id
    assert phrasing.attributes["langfuse.observation.level"] == "ERROR"
    parent = next(s for s in first if s.span_id == generation.parent_id)
    assert parent.attributes.get(TYPE) == "span" and parent.name in resources.graph.nodes
    assert generation.attributes["langfuse.observation.model.name"] == api.model
    assert json.loads(generation.attributes["langfuse.observation.usage_details"]) == {
        "input": 300, "output": 20, "total": 320}
    prompt = json.loads(generation.attributes["langfuse.observation.input"])
    assert prompt[0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert json.loads(prompt[1]["content"])["message"] == TURNS[0]
    assert json.loads(generation.attributes["langfuse.observation.output"])["intent"]
    assert generation.end_ns > generation.start_ns
    tools = [s for s in first if s.attributes.get(TYPE) == "tool"]
    assert "catalog.search" in {t.name for t in tools}
    assert all(next(s for s in first if s.span_id == t.parent_id).name in resources.graph.nodes
               for t in tools)

    last = max(roots, key=lambda r: r.start_ns)
    fallback = next(s for s in langfuse.spans if s.trace_id == last.trace_id
                    and s.name == "llm_fallback")
    # The last reading fell back offline: recorded under the node that read it, no text.
    assert (fallback.attributes[TYPE], fallback.attributes["langfuse.observation.level"]) == (
        "event", "WARNING")
    assert json.loads(fallback.attributes["langfuse.observation.metadata.reason"]) == "http_500"
    assert next(s for s in langfuse.spans if s.span_id == fallback.parent_id
                ).name in resources.graph.nodes
    sent = json.dumps([s.attributes for s in langfuse.spans], ensure_ascii=False)
    for value in PERSONAL:
        assert value not in sent, value


def _masked(text: str) -> str:
    for value in ("Rua das Flores, 123", "Maria Souza", "04567-000", PROFILE_NAME):
        text = text.replace(value, MASK)
    return text


async def _conversation_id(resources: Resources) -> Any:
    async with resources.pool.connection() as conn:
        cur = await conn.execute("SELECT id FROM conversations WHERE buyer_id = %s", (BUYER,))
        return (await cur.fetchone())["id"]


async def test_without_the_keys_nothing_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    """No LANGFUSE_* settings: a turn gets the do-nothing trace, and nothing on its way
    imports Langfuse (here an import of it would fail)."""
    monkeypatch.setitem(sys.modules, "langfuse", None)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert langfuse_for(settings) is None
    trace = turn_trace(settings, {"id": 1, "buyer_id": BUYER}, "turn-1")
    services = object()
    assert trace is NO_TRACE and trace.tools(services) is services
    async with trace.running(None, [{"kind": "text", "text": "oi"}]) as traced:
        traced.output = {"reply": {"template": "greeting"}}
