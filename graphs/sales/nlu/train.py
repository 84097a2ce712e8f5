"""Build the shipped model file from the labelled utterances in data/.

`balcao nlu-train` (or `python -m graphs.sales.nlu.train`) runs `build_model_file`. Training
is deterministic: the data order is fixed, the solver (lbfgs) has no randomness and the
vocabulary is sorted, so rebuilding gives the same predictions.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from graphs.sales.nlu.features import features, language_features
from graphs.sales.nlu.model import FORMAT_VERSION, MODEL_FILE_NAME, PACKAGE, LinearTextModel
from graphs.sales.nlu.types import INTENTS

TRAINING_FILES = {"pt": "train_pt.jsonl", "en": "train_en.jsonl"}
# Regularisation chosen by cross-validation on the training set only (see evals/nlu).
INTENT_C = 20.0
LANGUAGE_C = 5.0


@dataclass(frozen=True)
class Example:
    """One labelled utterance."""

    text: str
    intent: str
    lang: str
    entities: dict[str, Any]


def read_examples(path: Path | Any, lang: str) -> list[Example]:
    """Read a JSON Lines file of `{"text", "intent", "entities"?}` objects.

    Raises:
        ValueError: When a line has an intent outside the contract.
    """
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["intent"] not in INTENTS:
            raise ValueError(f"{path}:{number}: unknown intent {row['intent']!r}")
        examples.append(Example(row["text"], row["intent"], row.get("lang", lang),
                                row.get("entities", {})))
    return examples


def training_examples() -> list[Example]:
    """The training utterances shipped in graphs/sales/nlu/data/."""
    data = resources.files(PACKAGE).joinpath("data")
    examples: list[Example] = []
    for lang, name in TRAINING_FILES.items():
        examples.extend(read_examples(data.joinpath(name), lang))
    return examples


def _fit(analyzer_name: str, texts: Sequence[str], labels: Sequence[str], c: float,
         min_df: int, class_weight: str | None = None) -> LinearTextModel:
    analyzer = features if analyzer_name == "intent" else language_features
    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=min_df)
    matrix = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=c, max_iter=5000, class_weight=class_weight)
    classifier.fit(matrix, labels)
    return LinearTextModel.from_sklearn(analyzer_name, vectorizer, classifier,
                                        [str(label) for label in classifier.classes_])


def train(examples: Iterable[Example], *, intent_c: float = INTENT_C) -> dict[str, Any]:
    """Fit the intent and language models; return the payload saved in the model file."""
    examples = list(examples)
    texts = [example.text for example in examples]
    intent_model = _fit("intent", texts, [example.intent for example in examples],
                        intent_c, min_df=1)
    # Balanced: there are about twice as many Portuguese lines, which is no prior for buyers.
    language_model = _fit("language", texts, [example.lang for example in examples],
                          LANGUAGE_C, min_df=2, class_weight="balanced")
    return {
        "format": FORMAT_VERSION,
        "intent": intent_model.to_payload(),
        "language": language_model.to_payload(),
    }


def default_model_path() -> Path:
    """Where the shipped model file lives inside the package."""
    return Path(str(resources.files(PACKAGE).joinpath(MODEL_FILE_NAME)))


def build_model_file(output: Path | None = None) -> Path:
    """Train on the shipped data and write the model file; return its path."""
    path = output or default_model_path()
    payload = train(training_examples())
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(payload, path, compress=("xz", 6))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: `python -m graphs.sales.nlu.train [--output PATH]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=None, help="model file to write")
    args = parser.parse_args(argv)
    path = build_model_file(args.output)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
