"""The shipped model file: small, quick to load, and exactly what `nlu-train` builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from evals.nlu.run import load_dev
from graphs.sales.nlu.offline import OfflineClassifier
from graphs.sales.nlu.train import build_model_file, default_model_path
from graphs.sales.nlu.types import Classifier

ROOT = Path(__file__).resolve().parents[2]


def test_model_file_is_small_and_loads() -> None:
    # Load time and throughput are measured by `python -m evals.nlu`, not by a timed test.
    assert default_model_path().stat().st_size < 5 * 1024 * 1024
    assert OfflineClassifier.load().classify("oi").intent == "greeting"


def test_shipped_model_matches_a_rebuild(tmp_path: Path, classifier) -> None:
    rebuilt = OfflineClassifier.load(build_model_file(tmp_path / "model.joblib"))
    texts = [row["text"] for lang in ("pt", "en") for row in load_dev(lang)]
    for text in texts:
        shipped = classifier.intent_probabilities(text)
        fresh = rebuilt.intent_probabilities(text)
        assert max(shipped, key=shipped.get) == max(fresh, key=fresh.get), text
        assert all(abs(shipped[k] - fresh[k]) < 1e-3 for k in shipped), text
        assert classifier.classify(text) == rebuilt.classify(text), text


def test_default_classifier_is_cached_and_loaded_lazily() -> None:
    code = (
        "import sys; import graphs.sales.nlu.engine as e; "
        "assert 'graphs.sales.nlu.offline' not in sys.modules; "
        "c = e.default_classifier(); assert c is e.default_classifier(); "
        "print(type(c).__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "OfflineClassifier"


def test_offline_classifier_implements_the_interface(classifier) -> None:
    engine: Classifier = classifier
    assert engine.classify("oi").intent == "greeting"
