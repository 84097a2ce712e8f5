"""Which stores read their buyers with the LLM engine: the service's endpoint settings and
each store's `llm.understanding` (balcao/store_config_llm.py) must both say so."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from balcao.clock import Clock
from balcao.settings import Settings
from balcao.store_config import StoreConfigs
from graphs.sales.nlu.llm_budget import TokenBudget
from graphs.sales.nlu.llm_endpoint import LlmEndpoint, endpoint_from
from graphs.sales.nlu.types import Classifier

if TYPE_CHECKING:
    from graphs.sales.nlu.llm import LlmClassifier, LlmStats


class LlmUnderstanding:
    """One LLM classifier per store that enables it, sharing the process's token counts.

    A store file edited while the service runs takes effect on its next turn: the store's
    classifier is rebuilt when its `llm:` section changes.
    """

    def __init__(self, endpoint: LlmEndpoint, stores: StoreConfigs, offline: Classifier,
                 clock: Clock) -> None:
        self.endpoint = endpoint
        self._stores = stores
        self._offline = offline
        self.budget = TokenBudget(clock)
        """Each store's monthly tokens, shared by its jobs (understanding, phrasing)."""
        self._built: dict[str, tuple[tuple[float, int], LlmClassifier]] = {}
        self._lock = threading.Lock()
        # LangChain and the OpenAI client load here, at start, only when an endpoint is set.
        from graphs.sales.nlu.llm import LlmClassifier

        self._make = LlmClassifier

    def stats_by_store(self) -> dict[str, LlmStats]:
        """What each store's classifier did in this process (calls, fall-backs, tokens)."""
        with self._lock:
            return {store_id: built[1].stats for store_id, built in self._built.items()}

    def for_store(self, store_id: str) -> LlmClassifier | None:
        """The store's LLM classifier, or None when the store reads offline."""
        config = self._stores.get(store_id).llm
        if not config.understanding:
            return None
        shape = (config.timeout_seconds, config.monthly_tokens)
        with self._lock:
            known = self._built.get(store_id)
            if known is None or known[0] != shape:
                classifier = self._make(
                    self.endpoint, self._offline, store_id=store_id,
                    timeout_seconds=config.timeout_seconds,
                    monthly_tokens=config.monthly_tokens, budget=self.budget)
                known = self._built[store_id] = (shape, classifier)
        return known[1]


def llm_understanding(settings: Settings, stores: StoreConfigs, offline: Classifier,
                      clock: Clock) -> LlmUnderstanding | None:
    """The per-store LLM engine when an endpoint is configured (None: every store offline)."""
    endpoint = endpoint_from(settings)
    return LlmUnderstanding(endpoint, stores, offline, clock) if endpoint else None
