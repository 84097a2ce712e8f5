"""Retrieval quality of catalog search on the demo store: recall@3 and MRR per configuration.

A configuration is a retriever (full text alone, meaning alone, or both fused) with an
embedding model; each runs the service's own search (`PostgresCatalog`) with only those
retrievers on. Each query of `queries.jsonl` is classified by the graph's own classifier and
turned into a search exactly as the `retrieve` node does (`tools.catalog.request`).

- recall@3: the share of queries with at least one expected product among the first three.
- MRR: the mean of 1/rank of the first expected product (0 when it is not in the first ten).
- absent: the share of queries about things the store does not sell that find nothing.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from balcao.clock import FrozenClock
from balcao.db.connect import open_pool
from evals.search.db import scratch_database
from graphs.sales.nlu.engine import default_classifier
from tools.catalog.client import PostgresCatalog
from tools.catalog.demo import demo_catalog_lines
from tools.catalog.embeddings import Embedder, get_embedder
from tools.catalog.importer import import_catalog
from tools.catalog.request import SearchRequest, search_request
from tools.catalog.search import Retrievers

QUERIES = Path(__file__).with_name("queries.jsonl")
TEST_QUERIES = Path(__file__).with_name("test_queries.jsonl")
DEPTH = 10
Mode = Retrievers


@dataclass(frozen=True)
class Case:
    """One query of the set."""

    query: str
    expected: list[str]
    kind: str
    shown: list[str] | None = None


@dataclass
class Report:
    """The numbers of one configuration."""

    name: str
    ranks: list[int | None] = field(default_factory=list)
    absent_ok: list[bool] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    misses: list[tuple[Case, list[str]]] = field(default_factory=list)
    import_seconds: float = 0.0

    @property
    def recall_at_3(self) -> float:
        """Share of answerable queries with an expected product in the top three."""
        return sum(1 for r in self.ranks if r is not None and r <= 3) / max(len(self.ranks), 1)

    @property
    def mrr(self) -> float:
        """Mean reciprocal rank of the first expected product."""
        return sum(1 / r for r in self.ranks if r is not None) / max(len(self.ranks), 1)

    @property
    def absent(self) -> float:
        """Share of queries about unsold things that found nothing."""
        return sum(self.absent_ok) / max(len(self.absent_ok), 1)

    @property
    def p50_ms(self) -> float:
        """Median search time, query embedding included."""
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0


def load_cases(path: Path = QUERIES) -> list[Case]:
    """The query set."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Case(**json.loads(line)) for line in lines if line.strip()]


def requests_for(cases: list[Case]) -> list[SearchRequest]:
    """Each case as the graph would search it (classified, entities to filters)."""
    classifier = default_classifier()
    requests = []
    for case in cases:
        entities = classifier.classify(case.query).entities
        requests.append(search_request(case.query, entities, shown_skus=case.shown))
    return requests


async def evaluate(
    url: str,
    configurations: list[tuple[str | None, Mode]],
    cases: list[Case],
) -> list[Report]:
    """Runs every configuration on a fresh copy of the demo store.

    Args:
        url: The database server.
        configurations: (embeddings provider or None, retriever) pairs.
        cases: The queries.

    Returns:
        One report per configuration, in order.
    """
    requests = requests_for(cases)
    reports = []
    by_provider: dict[str | None, list[Mode]] = {}
    for provider, mode in configurations:
        by_provider.setdefault(provider, []).append(mode)
    results: dict[tuple[str | None, Mode], Report] = {}
    for provider, modes in by_provider.items():
        embedder = get_embedder(provider) if provider else None
        if provider and embedder is None:
            raise SystemExit(f"embeddings provider {provider!r} is not installed here")
        async with scratch_database(url) as db:
            pool = await open_pool(db, min_size=1, max_size=2)
            try:
                started = time.perf_counter()
                async with pool.connection() as conn:
                    await import_catalog(
                        conn,
                        demo_catalog_lines(),
                        store_id="default",
                        clock=FrozenClock(datetime(2025, 3, 1, tzinfo=UTC)),
                        embedder=embedder,
                    )
                import_seconds = time.perf_counter() - started
                for mode in modes:
                    report = await run_cases(pool, embedder, mode, cases, requests)
                    report.name = f"{mode} ({provider or 'no embeddings'})"
                    report.import_seconds = import_seconds
                    results[(provider, mode)] = report
            finally:
                await pool.close()
    for key in configurations:
        reports.append(results[key])
    return reports


async def run_cases(
    pool: Any,
    embedder: Embedder | None,
    mode: Mode,
    cases: list[Case],
    requests: list[SearchRequest],
) -> Report:
    """Searches every case as the service does, with the configuration's retrievers."""
    model = embedder if mode != "lexical" else None
    catalog = PostgresCatalog(pool, embedder=model, retrievers=mode)
    report = Report(name="")
    # One untimed search first: stems, plans and the model's first call are one-time costs.
    await catalog.search("default", "aquecimento", limit=DEPTH)
    for case, request in zip(cases, requests, strict=True):
        started = time.perf_counter()
        hits = await catalog.search("default", request.query, limit=DEPTH, **request.kwargs())
        skus = [hit.product.sku for hit in hits]
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        if not case.expected:
            report.absent_ok.append(not skus)
            if skus:
                report.misses.append((case, skus))
            continue
        rank = next((i for i, sku in enumerate(skus, start=1) if sku in case.expected), None)
        report.ranks.append(rank)
        if rank is None or rank > 3:
            report.misses.append((case, skus))
    return report
