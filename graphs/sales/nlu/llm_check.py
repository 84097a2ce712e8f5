"""`balcao llm check`: does the configured endpoint answer, which model runs, can it give
structured output and call tools, and how long a small call takes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import openai
from pydantic import BaseModel, Field

from graphs.sales.nlu.llm import reason_of
from graphs.sales.nlu.llm_endpoint import LlmEndpoint
from graphs.sales.nlu.llm_prompt import LlmReading, turn_messages


class LookupProduct(BaseModel):
    """Look a product up in the shop's catalog (a probe: nothing is ever looked up)."""

    query: str = Field(description="the product words")


@dataclass
class Probe:
    name: str
    ok: bool
    detail: str


@dataclass
class CheckReport:
    probes: list[Probe] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """The understanding engine can run: the endpoint answers with structured output."""
        return all(p.ok for p in self.probes if p.name in ("reply", "structured output"))


def check_endpoint(endpoint: LlmEndpoint, *, timeout: float = 20.0) -> CheckReport:
    """Runs each probe once against the endpoint; a failed probe does not stop the others."""
    report = CheckReport()
    report.probes.append(_models(endpoint, timeout))
    chat = endpoint.chat(timeout=timeout, max_tokens=50)
    started = time.perf_counter()
    try:
        answer = chat.invoke([("user", "Reply with the single word: ok")])
        elapsed = (time.perf_counter() - started) * 1000
        served = answer.response_metadata.get("model_name") or "?"
        report.probes.append(Probe("reply", True, f"{elapsed:.0f} ms, model {served}"))
    except Exception as err:  # noqa: BLE001 - a probe reports every failure
        report.probes.append(Probe("reply", False, _failure(err)))
    report.probes.append(_structured(endpoint, timeout))
    report.probes.append(_tools(endpoint, timeout))
    return report


def _models(endpoint: LlmEndpoint, timeout: float) -> Probe:
    client = openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.api_key or "not-needed",
                           timeout=timeout, max_retries=0)
    try:
        ids = [model.id for model in client.models.list()]
    except Exception as err:  # noqa: BLE001 - some endpoints do not list models
        return Probe("models", False, f"{_failure(err)} (listing is optional)")
    listed = "listed" if endpoint.model in ids else "NOT listed"
    return Probe("models", True, f"{len(ids)} served; {endpoint.model} {listed}")


def _structured(endpoint: LlmEndpoint, timeout: float) -> Probe:
    reader = endpoint.chat(timeout=timeout).with_structured_output(
        LlmReading, method="json_schema", strict=True, include_raw=True)
    started = time.perf_counter()
    try:
        answer = reader.invoke(turn_messages("oi, tudo bem?", None, None))
    except Exception as err:  # noqa: BLE001 - a probe reports every failure
        return Probe("structured output", False, _failure(err))
    elapsed = (time.perf_counter() - started) * 1000
    parsed = answer.get("parsed") if isinstance(answer, dict) else None
    if not isinstance(parsed, LlmReading):
        return Probe("structured output", False, "the answer does not fit the schema")
    return Probe("structured output", True, f"json_schema, {elapsed:.0f} ms "
                                            f"(read 'oi, tudo bem?' as {parsed.intent})")


def _tools(endpoint: LlmEndpoint, timeout: float) -> Probe:
    chat = endpoint.chat(timeout=timeout).bind_tools([LookupProduct], tool_choice="LookupProduct")
    try:
        answer = chat.invoke([("user", "Do you have thermal bottles?")])
    except Exception as err:  # noqa: BLE001 - a probe reports every failure
        return Probe("tool calling", False, _failure(err))
    calls = getattr(answer, "tool_calls", None) or []
    if not calls or calls[0].get("name") != "LookupProduct":
        return Probe("tool calling", False, "no tool call in the answer")
    return Probe("tool calling", True, f"called LookupProduct({calls[0].get('args')})")


def _failure(err: Exception) -> str:
    """The failure's kind and the endpoint's own words (probes carry no buyer data)."""
    return f"{reason_of(err)}: {str(err)[:160]}"
