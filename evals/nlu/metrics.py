"""Scores for the NLU evaluation: accuracy, macro-F1, confusions, entity exact match."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

ENTITY_KEYS = ("quantity", "price_max", "price_min", "cep", "order_id", "email", "ordinal",
               "size", "color")


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of predictions equal to the gold label."""
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of per-label F1 over the labels present in the gold set."""
    scores = []
    for label in sorted(set(gold)):
        true_positive = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        predicted_count = sum(p == label for p in predicted)
        gold_count = sum(g == label for g in gold)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / gold_count if gold_count else 0.0
        scores.append(2 * precision * recall / (precision + recall) if true_positive else 0.0)
    return sum(scores) / max(len(scores), 1)


def confusions(gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[str, str, int]]:
    """(gold, predicted, count) for every wrong pair, most frequent first."""
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return sorted(((g, p, n) for (g, p), n in pairs.items()), key=lambda row: (-row[2], row))


def confusion_matrix(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> list[list[int]]:
    """Counts with rows for gold labels and columns for predicted labels."""
    index = {label: position for position, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


def entity_exact_match(
    gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """Per entity key, how often the prediction equals the annotation.

    A message counts for a key when the annotation or the prediction has it, so both a wrong
    or missing value and a spurious one are errors.

    Returns:
        Per key: `rate` (matches / counted), `counted`, `gold` (annotated occurrences),
        `missed` and `spurious`.
    """
    report = {}
    for key in ENTITY_KEYS:
        counted = matches = missed = spurious = annotated = 0
        for expected, found in zip(gold, predicted, strict=True):
            if key not in expected and key not in found:
                continue
            counted += 1
            annotated += key in expected
            if key in expected and key in found and _same(expected[key], found[key]):
                matches += 1
            elif key in expected:
                missed += 1
            else:
                spurious += 1
        report[key] = {"rate": matches / counted if counted else 1.0, "counted": counted,
                       "gold": annotated, "missed": missed, "spurious": spurious}
    return report


def _same(expected: Any, found: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(found, int | float):
        return abs(float(expected) - float(found)) < 1e-9
    return expected == found
