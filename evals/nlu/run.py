"""Running the NLU evaluation: development sets, throughput and the Bitext check."""

from __future__ import annotations

import csv
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.nlu import bitext_mapping
from evals.nlu.metrics import accuracy, confusions, entity_exact_match, macro_f1
from evals.paths import BITEXT_CSV
from graphs.sales.nlu.types import Classifier

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "test")
"""dev: the development sets (used while building the engine, never for training);
test: a smaller set written after tuning was finished, as a fresh unseen check."""


@dataclass
class LanguageReport:
    """Scores of one held-out set."""

    lang: str
    split: str
    size: int
    accuracy: float
    macro_f1: float
    language_accuracy: float
    sentiment_accuracy: float
    gold: list[str]
    predicted: list[str]
    entities: dict[str, dict[str, float]]
    errors: list[tuple[str, str, str]] = field(default_factory=list)


def load_dev(lang: str, split: str = "dev") -> list[dict[str, Any]]:
    """The held-out rows of one language: `evals/nlu/{split}_{lang}.jsonl`."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    lines = (HERE / f"{split}_{lang}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate_language(classifier: Classifier, lang: str, split: str = "dev",
                      limit: int | None = None) -> LanguageReport:
    """Classify every held-out row of `lang` (language detected, no context); `limit`: only
    the first rows (a paid model's run)."""
    rows = load_dev(lang, split)[:limit]
    results = [classifier.classify(row["text"]) for row in rows]
    gold = [row["intent"] for row in rows]
    predicted = [result.intent for result in results]
    return LanguageReport(
        lang=lang,
        split=split,
        size=len(rows),
        accuracy=accuracy(gold, predicted),
        macro_f1=macro_f1(gold, predicted),
        language_accuracy=accuracy([lang] * len(rows), [result.lang for result in results]),
        sentiment_accuracy=accuracy([row.get("sentiment", "neutral") for row in rows],
                                    [result.sentiment for result in results]),
        gold=gold,
        predicted=predicted,
        entities=entity_exact_match([row.get("entities", {}) for row in rows],
                                    [result.entities for result in results]),
        errors=[(row["text"], g, p) for row, g, p in zip(rows, gold, predicted, strict=True)
                if g != p],
    )


def throughput(classifier: Classifier, texts: list[str], count: int = 1000) -> float:
    """Messages per second over `count` classifications (texts cycled)."""
    batch = [texts[index % len(texts)] for index in range(count)]
    started = time.perf_counter()
    for text in batch:
        classifier.classify(text)
    return count / (time.perf_counter() - started)


@dataclass
class BitextReport:
    """Accuracy on the mapped subset of Bitext."""

    size: int
    strict: float
    lenient: float
    per_intent: dict[str, tuple[int, float, str]]
    """Bitext intent -> (rows, strict accuracy, most frequent prediction)."""
    unmapped_rows: int


def evaluate_bitext(classifier: Classifier, path: Path = BITEXT_CSV) -> BitextReport:
    """Classify Bitext utterances whose intent has a counterpart of ours."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mapped = [row for row in rows if row["intent"] in bitext_mapping.MAPPING]
    by_intent: dict[str, list[str]] = defaultdict(list)
    strict_hits = lenient_hits = 0
    for row in mapped:
        predicted = classifier.classify(row["instruction"]).intent
        by_intent[row["intent"]].append(predicted)
        strict_hits += predicted == bitext_mapping.MAPPING[row["intent"]]
        lenient_hits += predicted in bitext_mapping.accepted(row["intent"])
    per_intent = {}
    for intent, predictions in sorted(by_intent.items()):
        hits = sum(p == bitext_mapping.MAPPING[intent] for p in predictions)
        common = Counter(predictions).most_common(1)[0][0]
        per_intent[intent] = (len(predictions), hits / len(predictions), common)
    return BitextReport(
        size=len(mapped),
        strict=strict_hits / max(len(mapped), 1),
        lenient=lenient_hits / max(len(mapped), 1),
        per_intent=per_intent,
        unmapped_rows=len(rows) - len(mapped),
    )


def top_confusions(report: LanguageReport, limit: int = 12) -> list[tuple[str, str, int]]:
    """The most frequent wrong (gold, predicted) pairs."""
    return confusions(report.gold, report.predicted)[:limit]
