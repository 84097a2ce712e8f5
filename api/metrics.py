"""Prometheus metrics: what the process counts as it works, and what the database holds.

Counters and histograms (HTTP requests, turn latency, send failures, turns in progress) are
this process's own. Queue depths, inbox lag, payments and open escalations are read from the
database at each scrape, so any process's `/metrics` tells the same story for them however many
worker processes share the database. `/metrics` itself lives in `api/routes/health.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.routing import Match, Route
from starlette.types import Scope

REGISTRY = CollectorRegistry(auto_describe=True)
"""The service's own registry (not the global one: tests build several apps per process)."""

CONTENT_TYPE = CONTENT_TYPE_LATEST

HTTP_REQUESTS = Counter(
    "balcao_http_requests", "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"], registry=REGISTRY,
)
HTTP_REQUEST_SECONDS = Histogram(
    "balcao_http_request_seconds",
    "Time from a request's arrival in the app to its answer sent, by route template and method"
    " (for the webhook: the acknowledgement Meta waits for).",
    ["route", "method"], registry=REGISTRY,
    buckets=(0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
_REQUEST_COUNTS: dict[tuple[str, str, int], Any] = {}
"""`HTTP_REQUESTS`' child for each label set seen: `labels()` validates and joins its labels
at each call, a share of every acknowledgement a flood makes the event loop do (issue #18)."""
_REQUEST_TIMES: dict[tuple[str, str], Any] = {}
"""`HTTP_REQUEST_SECONDS`' child for each label set seen, for the same reason."""


def count_request(route: str, method: str, status: int, seconds: float) -> None:
    """Counts one answered request under its route template, method and status, and the
    time it took under its route template and method."""
    key = (route, method, status)
    child = _REQUEST_COUNTS.get(key)
    if child is None:
        child = _REQUEST_COUNTS[key] = HTTP_REQUESTS.labels(route=route, method=method,
                                                            status=str(status))
    child.inc()
    timer = _REQUEST_TIMES.get((route, method))
    if timer is None:
        timer = _REQUEST_TIMES[route, method] = HTTP_REQUEST_SECONDS.labels(route=route,
                                                                            method=method)
    timer.observe(seconds)


class NamedRoute(Route):
    """A plain Starlette route that names itself in the scope as FastAPI's routes do, so the
    request counter labels it by its template."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is not Match.NONE:
            child_scope["route"] = self
        return match, child_scope


TURN_SECONDS = Histogram(
    "balcao_turn_seconds",
    "Time a conversation turn took in the worker (graph and outbox write), by outcome.",
    ["outcome"], registry=REGISTRY,
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)
WORKER_IN_USE = Gauge(
    "balcao_worker_turns_in_progress", "Turns this process is running right now.",
    registry=REGISTRY,
)
WORKER_CONCURRENCY = Gauge(
    "balcao_worker_concurrency", "Turns this process may run at once (BALCAO_WORKER_CONCURRENCY).",
    registry=REGISTRY,
)
OUTBOX_SEND_FAILURES = Counter(
    "balcao_outbox_send_failures", "Outbound sends the channel refused or that failed, by error.",
    ["error"], registry=REGISTRY,
)
INBOX_LAG = Gauge(
    "balcao_inbox_lag_seconds", "Age of the oldest inbox message still pending (0 when none).",
    registry=REGISTRY,
)
INBOX_PENDING = Gauge(
    "balcao_inbox_pending", "Inbox messages waiting for a turn.", registry=REGISTRY,
)
OUTBOX_DEPTH = Gauge(
    "balcao_outbox_pending", "Outbound messages waiting to be sent.", registry=REGISTRY,
)
PAYMENTS = Gauge(
    "balcao_payments", "Payments in the database, by provider and status.",
    ["provider", "status"], registry=REGISTRY,
)
ESCALATIONS_OPEN = Gauge(
    "balcao_escalations_open", "Conversations waiting for or held by a person.",
    registry=REGISTRY,
)


class _LlmCollector:
    """The LLM engine's calls, fall-backs (by reason) and tokens per store, read from the
    engine's own counts at each scrape (they live in `graphs`, which cannot import this)."""

    def __init__(self) -> None:
        self.source: Callable[[], dict[str, Any]] | None = None

    def collect(self) -> Iterator[CounterMetricFamily]:
        calls = CounterMetricFamily("balcao_llm_calls", "Calls made to the LLM endpoint.",
                                    labels=["store"])
        fallbacks = CounterMetricFamily(
            "balcao_llm_fallbacks", "Turns the offline engine read instead of the LLM, by reason.",
            labels=["store", "reason"])
        tokens = CounterMetricFamily("balcao_llm_tokens", "Tokens the endpoint reported.",
                                     labels=["store"])
        for store, stats in (self.source() if self.source else {}).items():
            calls.add_metric([store], stats.calls)
            tokens.add_metric([store], stats.tokens)
            for reason, count in stats.fallbacks.items():
                fallbacks.add_metric([store, reason], count)
        yield from (calls, fallbacks, tokens)


LLM = _LlmCollector()
REGISTRY.register(LLM)  # type: ignore[arg-type]


def send_failure(err: Exception) -> None:
    """Counts a failed send under a short, bounded label: the HTTP status or the error kind."""
    status = getattr(err, "status", None)
    label = f"http_{status}" if status else type(err).__name__
    OUTBOX_SEND_FAILURES.labels(error=label).inc()


async def refresh_from_database(conn: Any, now: Any) -> None:
    """Sets the gauges that describe the database's queues, payments and escalations."""
    cur = await conn.execute(
        "SELECT count(*) AS n, min(received_at) AS oldest FROM inbox WHERE status = 'pending'"
    )
    row = await cur.fetchone()
    INBOX_PENDING.set(row["n"])
    INBOX_LAG.set(max((now - row["oldest"]).total_seconds(), 0) if row["oldest"] else 0)
    cur = await conn.execute("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")
    OUTBOX_DEPTH.set((await cur.fetchone())["n"])
    cur = await conn.execute(
        "SELECT provider, status, count(*) AS n FROM payments GROUP BY provider, status"
    )
    PAYMENTS.clear()
    for r in await cur.fetchall():
        PAYMENTS.labels(provider=r["provider"], status=r["status"]).set(r["n"])
    cur = await conn.execute(
        "SELECT count(*) AS n FROM escalations WHERE status IN ('waiting', 'assigned')"
    )
    ESCALATIONS_OPEN.set((await cur.fetchone())["n"])


def exposition() -> bytes:
    return generate_latest(REGISTRY)
