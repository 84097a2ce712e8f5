"""`python -m evals.nlu`: the NLU evaluation report.

Prints, per language, intent accuracy, macro-F1 and confusions on the held-out development
sets (evals/nlu/dev_*.jsonl) and on the fresh test sets (evals/nlu/test_*.jsonl, written
after tuning ended), entity exact-match rates, language and sentiment accuracy,
throughput on one core, and accuracy on the mapped subset of Bitext (the outside yardstick).
"""

from __future__ import annotations

import os

# One core, as the target says: pin before numpy starts any thread pool.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from evals.nlu.metrics import ENTITY_KEYS, confusion_matrix  # noqa: E402
from evals.nlu.run import (  # noqa: E402
    BITEXT_CSV,
    SPLITS,
    LanguageReport,
    evaluate_bitext,
    evaluate_language,
    load_dev,
    throughput,
    top_confusions,
)
from graphs.sales.nlu.offline import OfflineClassifier  # noqa: E402
from graphs.sales.nlu.types import INTENTS  # noqa: E402

TARGETS = {"pt": 0.92, "en": 0.90}
ENTITY_TARGET = 0.95
TARGETED_ENTITIES = ("quantity", "price_max", "price_min", "cep", "order_id", "email", "ordinal")
SHORT_NAMES = {intent: "".join(part[:3] for part in intent.split("_"))[:6] for intent in INTENTS}


def _mark(value: float, target: float) -> str:
    return "ok" if value >= target else "BELOW TARGET"


def _print_matrix(report: LanguageReport) -> None:
    labels = [intent for intent in INTENTS if intent in report.gold or intent in report.predicted]
    matrix = confusion_matrix(report.gold, report.predicted, labels)
    print("  confusion matrix (rows gold, columns predicted):")
    print("  " + " " * 7 + " ".join(f"{SHORT_NAMES[label]:>6}" for label in labels))
    for label, row in zip(labels, matrix, strict=True):
        cells = " ".join(f"{count:>6}" if count else f"{'.':>6}" for count in row)
        print(f"  {SHORT_NAMES[label]:>6} {cells}")


_TITLES = {
    "dev": "development set (never trained on)",
    "test": "fresh test set (written after tuning ended; never trained or tuned on)",
}


def _print_language(report: LanguageReport, show_errors: bool) -> None:
    target = TARGETS[report.lang]
    print(f"\n== {report.lang} {_TITLES[report.split]}: {report.size} messages")
    print(f"  intent accuracy  {report.accuracy:.3f}  (target {target:.2f}: "
          f"{_mark(report.accuracy, target)})")
    print(f"  macro-F1         {report.macro_f1:.3f}")
    print(f"  language detect  {report.language_accuracy:.3f}")
    print(f"  sentiment        {report.sentiment_accuracy:.3f}")
    print("  most frequent confusions (gold -> predicted):")
    for gold, predicted, count in top_confusions(report) or [("-", "-", 0)]:
        print(f"    {count:>3}  {gold} -> {predicted}")
    _print_matrix(report)
    print("  entity exact match (a message counts when annotated or predicted):")
    for key in ENTITY_KEYS:
        row = report.entities[key]
        mark = _mark(row["rate"], ENTITY_TARGET) if key in TARGETED_ENTITIES else ""
        print(f"    {key:<10} {row['rate']:.3f}  counted {row['counted']:>3}  "
              f"missed {row['missed']:>2}  spurious {row['spurious']:>2}  {mark}")
    if show_errors:
        print("  errors:")
        for text, gold, predicted in report.errors:
            print(f"    {gold:>17} -> {predicted:<17} {text}")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the report; always returns 0 (it measures, not gates)."""
    parser = argparse.ArgumentParser(prog="python -m evals.nlu", description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every misclassified line")
    parser.add_argument("--no-bitext", action="store_true", help="skip the external check")
    parser.add_argument("--engine", choices=("offline", "llm"), default="offline",
                        help="llm: the offline engine and the configured BALCAO_LLM_* model "
                        "side by side, with tokens and latency per turn (calls the model)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="with --engine llm: only the first N messages of each set")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="with --engine llm: per call; past it the turn reads offline")
    args = parser.parse_args(argv)
    if args.engine == "llm":
        from evals.nlu.llm_compare import compare

        return compare(args.limit, args.timeout)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    started = time.perf_counter()
    classifier = OfflineClassifier.load()
    print(f"model loaded in {time.perf_counter() - started:.2f} s")
    for split in SPLITS:
        for lang in ("pt", "en"):
            _print_language(evaluate_language(classifier, lang, split), args.errors)

    texts = [row["text"] for lang in ("pt", "en") for row in load_dev(lang)]
    rate = throughput(classifier, texts)
    print(f"\n== throughput: {rate:,.0f} messages/s on one core "
          f"(1,000 messages in {1000 / rate:.2f} s; target < 2 s: {_mark(2.0, 1000 / rate)})")

    if args.no_bitext:
        return 0
    if not BITEXT_CSV.exists():
        print(f"\n== Bitext: {BITEXT_CSV} not found, skipped", file=sys.stderr)
        return 0
    bitext = evaluate_bitext(classifier)
    print(f"\n== Bitext external check ({bitext.size} mapped utterances, "
          f"{bitext.unmapped_rows} in unmapped intents; never trained on)")
    print(f"  strict accuracy  {bitext.strict:.3f}")
    print(f"  lenient accuracy {bitext.lenient:.3f}  (second readings in bitext_mapping.py)")
    for intent, (size, score, common) in bitext.per_intent.items():
        print(f"    {intent:<25} {size:>4}  {score:.3f}  most often -> {common}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
