"""`python -m evals.nlu --engine llm`: the offline engine and the configured LLM side by side on
the same NLU sets, with the tokens and latency each LLM turn cost, so a store owner decides
with numbers. It calls whatever `BALCAO_LLM_*` points at (never run by the test suite)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from balcao.settings import get_settings
from evals.nlu.run import SPLITS, LanguageReport, evaluate_language
from graphs.sales.nlu.llm import LlmClassifier
from graphs.sales.nlu.llm_endpoint import endpoint_from
from graphs.sales.nlu.offline import OfflineClassifier
from graphs.sales.nlu.types import Classification, DialogueContext, Lang

KEY_ENTITIES = ("quantity", "price_max", "cep", "email", "ordinal")


@dataclass
class MeasuredLlm:
    """The LLM classifier, keeping each turn's tokens and latency (one call per turn).

    Also stands in for the service's per-store engine (`Services.understanding`): every store
    reads with it, as `balcao eval --engine llm` runs the golden conversations."""

    engine: LlmClassifier
    tokens: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def classify(self, text: str, *, lang: Lang | None = None,
                 context: DialogueContext | None = None) -> Classification:
        calls = self.engine.stats.calls
        result = self.engine.classify(text, lang=lang, context=context)
        self._measure(calls)
        return result

    async def aclassify(self, text: str, *, lang: Lang | None = None,
                        context: DialogueContext | None = None) -> Classification:
        calls = self.engine.stats.calls
        result = await self.engine.aclassify(text, lang=lang, context=context)
        self._measure(calls)
        return result

    def for_store(self, store_id: str) -> MeasuredLlm:
        return self

    def _measure(self, calls_before: int) -> None:
        if self.engine.stats.calls > calls_before:
            self.tokens.append(self.engine.stats.last_tokens)
            self.seconds.append(self.engine.stats.last_seconds)


def _row(name: str, offline: float, llm: float) -> str:
    return f"  {name:<18} {offline:>8.3f} {llm:>8.3f} {llm - offline:>+8.3f}"


def _print_pair(offline: LanguageReport, llm: LanguageReport) -> None:
    print(f"\n== {offline.lang} {offline.split}: {offline.size} messages")
    print(f"  {'':<18} {'offline':>8} {'llm':>8} {'diff':>8}")
    print(_row("intent accuracy", offline.accuracy, llm.accuracy))
    print(_row("macro-F1", offline.macro_f1, llm.macro_f1))
    print(_row("language detect", offline.language_accuracy, llm.language_accuracy))
    print(_row("sentiment", offline.sentiment_accuracy, llm.sentiment_accuracy))
    for key in KEY_ENTITIES:  # the same extractors feed both: equal unless the intent moves
        print(_row(f"entity {key}", offline.entities[key]["rate"], llm.entities[key]["rate"]))


def print_cost(measured: MeasuredLlm) -> None:
    turns = len(measured.seconds)
    print(f"\n== LLM cost: {turns} calls, fell back offline: "
          f"{dict(measured.engine.stats.fallbacks) or 'never'}")
    if not turns:
        return
    ordered = sorted(measured.seconds)
    p95 = ordered[min(turns - 1, int(0.95 * turns))]
    print(f"  tokens per turn  mean {statistics.mean(measured.tokens):.0f}  "
          f"total {sum(measured.tokens):,}")
    print(f"  latency per turn mean {statistics.mean(ordered) * 1000:.0f} ms  "
          f"median {statistics.median(ordered) * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms")


def compare(limit: int | None, timeout: float) -> int:
    """Runs both engines on every set (the first `limit` rows of each); 2 when unconfigured."""
    endpoint = endpoint_from(get_settings())
    if endpoint is None:
        print("--engine llm needs BALCAO_LLM_BASE_URL and BALCAO_LLM_MODEL")
        return 2
    offline = OfflineClassifier.load()
    # The evaluation has its own allowance: no store's monthly budget applies here.
    measured = MeasuredLlm(LlmClassifier(endpoint, offline, store_id="evals",
                                         timeout_seconds=timeout, monthly_tokens=10**12))
    print(f"offline engine vs {endpoint.model} at {endpoint.base_url}")
    for split in SPLITS:
        for lang in ("pt", "en"):
            _print_pair(evaluate_language(offline, lang, split, limit=limit),
                        evaluate_language(measured, lang, split, limit=limit))
    print_cost(measured)
    return 0
