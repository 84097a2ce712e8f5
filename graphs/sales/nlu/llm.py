"""The LLM engine for understanding: the `Classifier` interface answered by any
OpenAI-compatible chat endpoint through `ChatOpenAI(...).with_structured_output(...)`.

The model reads the intent, sentiment and language; entities (money, CEP, sizes, quantities,
ordinals) still come from the offline extractors on the buyer's own text, so a number is never
the model's guess. Whatever goes wrong with a call (a timeout, a 429 or a 500, output that is
not the schema, an intent outside the contract, the store's monthly tokens spent) the offline
engine answers that turn; the fall-back is logged by reason only (never the buyer's words)
and counted in `stats`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import openai
from langchain_core.callbacks.manager import dispatch_custom_event
from langchain_core.exceptions import OutputParserException
from langchain_core.runnables import Runnable
from pydantic import ValidationError

from balcao.clock import Clock, SystemClock
from graphs.sales.nlu.llm_budget import TokenBudget
from graphs.sales.nlu.llm_endpoint import LlmEndpoint
from graphs.sales.nlu.llm_prompt import PERSONAL_QUESTIONS, LlmReading, turn_messages
from graphs.sales.nlu.types import Classification, Classifier, DialogueContext, Lang

log = logging.getLogger(__name__)

_GRACE_SECONDS = 0.5
"""Past the client's own timeout, before the whole call is abandoned."""


@dataclass
class LlmStats:
    """What the engine did in this process: calls, fall-backs by reason, tokens, time."""

    calls: int = 0
    tokens: int = 0
    seconds: float = 0.0
    fallbacks: Counter[str] = field(default_factory=Counter)
    kept_offline: int = 0
    """Turns never sent: replies to a question for personal data."""
    last_tokens: int = 0
    last_seconds: float = 0.0


class LlmClassifier:
    """Classifies with the model; the offline classifier answers whenever the model cannot."""

    def __init__(
        self, endpoint: LlmEndpoint, offline: Classifier, *, store_id: str = "default",
        timeout_seconds: float = 4.0, monthly_tokens: int = 2_000_000,
        budget: TokenBudget | None = None, clock: Clock | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.store_id = store_id
        self.monthly_tokens = monthly_tokens
        self.timeout_seconds = timeout_seconds
        self.stats = LlmStats()
        self._lock = threading.Lock()
        self._offline = offline
        self._budget = budget or TokenBudget(clock or SystemClock())
        self._reader: Runnable[Any, Any] = endpoint.chat(
            timeout=timeout_seconds).with_structured_output(
            LlmReading, method="json_schema", strict=True, include_raw=True)

    def classify(
        self, text: str, *, lang: Lang | None = None, context: DialogueContext | None = None
    ) -> Classification:
        """The `Classifier` interface, blocking (the CLI, the evaluations)."""
        offline = self._offline.classify(text, lang=lang, context=context)
        if context is not None and context.pending_question in PERSONAL_QUESTIONS:
            # The answer to "your name / address / e-mail / CEP?" is personal data, and the
            # offline rules read such replies as the contract says: it stays here.
            with self._lock:
                self.stats.kept_offline += 1
            return offline
        if not self._budget.allows(self.store_id, self.monthly_tokens):
            return self._fall_back(offline, "budget", None)
        started = time.perf_counter()
        try:
            answer = self._reader.invoke(turn_messages(text, context, lang))
        except Exception as err:  # noqa: BLE001 - every failure of the call reads offline
            return self._fall_back(offline, reason_of(err), started)
        return self._combine(offline, answer, lang, started)

    async def aclassify(
        self, text: str, *, lang: Lang | None = None, context: DialogueContext | None = None
    ) -> Classification:
        """The same reading without blocking the event loop (the graph's turns): the call
        runs on a worker thread, so one HTTP client serves both ways in."""
        try:
            # The client's timeout bounds each wait for bytes; this bounds the whole call (an
            # endpoint that trickles its answer must not hold the buyer's turn).
            return await asyncio.wait_for(
                asyncio.to_thread(self.classify, text, lang=lang, context=context),
                self.timeout_seconds + _GRACE_SECONDS)
        except TimeoutError:
            return self._fall_back(self._offline.classify(text, lang=lang, context=context),
                                   "timeout", None)

    def _combine(self, offline: Classification, answer: dict[str, Any], lang: Lang | None,
                 started: float) -> Classification:
        tokens = _total_tokens(answer.get("raw"))
        self._budget.record(self.store_id, tokens)
        self._count(tokens, started)
        reading = answer.get("parsed")
        if answer.get("parsing_error") is not None or not isinstance(reading, LlmReading):
            return self._fall_back(offline, "invalid_output", None)
        return Classification(
            intent=reading.intent, confidence=round(reading.confidence, 4),
            entities=offline.entities,  # the offline extractors' values, never the model's
            sentiment=reading.sentiment, lang=lang or reading.lang,
        )

    def _fall_back(self, offline: Classification, reason: str,
                   started: float | None) -> Classification:
        if started is not None:
            self._count(0, started)
        with self._lock:
            self.stats.fallbacks[reason] += 1
        log.warning("llm understanding fell back to offline: store=%s reason=%s",
                    self.store_id, reason)
        _tell_the_run(reason)
        return offline

    def _count(self, tokens: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        with self._lock:  # calls finish on worker threads
            self.stats.calls += 1
            self.stats.tokens += tokens
            self.stats.seconds += elapsed
            self.stats.last_tokens, self.stats.last_seconds = tokens, elapsed


FALLBACK_EVENT = "llm_fallback"
"""The LangChain custom event a fall-back sends to the graph run's callbacks (the turn's
trace, api/tracing/graph_spans.py), with `{"job", "reason"}`."""


def _tell_the_run(reason: str) -> None:
    try:
        dispatch_custom_event(FALLBACK_EVENT, {"job": "understanding", "reason": reason})
    except RuntimeError:  # not inside a graph run (the CLI, the evaluations)
        pass


def _total_tokens(raw: Any) -> int:
    usage = getattr(raw, "usage_metadata", None) or {}
    return int(usage.get("total_tokens") or 0)


def reason_of(err: Exception) -> str:
    """A short, bounded label for a failed call (no message text: it may quote the buyer)."""
    if isinstance(err, openai.APITimeoutError | TimeoutError):
        return "timeout"
    if isinstance(err, openai.APIStatusError):
        return f"http_{err.status_code}"
    if isinstance(err, openai.APIConnectionError):
        return "connection"
    if isinstance(err, OutputParserException | ValidationError | json.JSONDecodeError):
        return "invalid_output"
    return type(err).__name__
