"""Fixtures for the NLU tests: the shipped classifier, loaded once."""

from __future__ import annotations

import pytest

from graphs.sales.nlu.offline import OfflineClassifier


@pytest.fixture(scope="session")
def classifier() -> OfflineClassifier:
    return OfflineClassifier.load()
