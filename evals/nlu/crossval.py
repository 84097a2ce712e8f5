"""`python -m evals.nlu.crossval`: choose the model's regularisation on the training set only.

Stratified k-fold cross-validation over graphs/sales/nlu/data (the development sets are not
read), reporting intent accuracy per language for a few values of C. The chosen value is
`INTENT_C` in graphs/sales/nlu/train.py.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from sklearn.model_selection import StratifiedKFold

from graphs.sales.nlu.model import LinearTextModel
from graphs.sales.nlu.train import Example, train, training_examples


def cross_validate(examples: list[Example], c: float, folds: int = 5) -> dict[str, float]:
    """Accuracy per language of models trained with `C = c` on k-1 folds."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    strata = [f"{example.lang}:{example.intent}" for example in examples]
    hits: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    for train_index, test_index in splitter.split(examples, strata):
        payload = train([examples[i] for i in train_index], intent_c=c)
        model = LinearTextModel.from_payload(payload["intent"])
        for i in test_index:
            probabilities = model.probabilities(examples[i].text)
            predicted = model.labels[int(probabilities.argmax())]
            hits[examples[i].lang] += predicted == examples[i].intent
            totals[examples[i].lang] += 1
    return {lang: hits[lang] / totals[lang] for lang in sorted(totals)}


def main() -> int:
    """Print cross-validated accuracy for each C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, nargs="+", default=[2.0, 5.0, 10.0, 20.0, 50.0])
    args = parser.parse_args()
    examples = training_examples()
    for c in args.c:
        scores = cross_validate(examples, c)
        print(f"C={c:<6} " + "  ".join(f"{lang} {score:.3f}" for lang, score in scores.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
