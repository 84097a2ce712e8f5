"""The acknowledgement as the service itself timed it: `balcao_http_request_seconds` of
`POST /webhooks/whatsapp`, scraped from `/metrics` before and after a run.

The buyers time the acknowledgement from their side, which adds the way there and back and
the wait of both processes for a core (the buyers share the 2 cores with the service); the
difference between the two says which share is the service's. Quantiles are interpolated in
the histogram's buckets, as Prometheus's `histogram_quantile` does.
"""

from __future__ import annotations

import httpx

METRICS_TOKEN = "load-metrics-token"
_SERIES = 'balcao_http_request_seconds_bucket{le="'
_ROUTE = 'method="POST",route="/webhooks/whatsapp"}'

Buckets = list[tuple[float, float]]
"""(upper bound in seconds, requests at or under it), ascending; the last bound is +Inf."""


async def webhook_buckets(base_url: str) -> Buckets:
    """The service's cumulative webhook histogram now (empty before the first request)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        scraped = await client.get("/metrics",
                                   headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    scraped.raise_for_status()
    buckets = []
    for line in scraped.text.splitlines():
        if line.startswith(_SERIES) and _ROUTE in line:
            bound = line[len(_SERIES):].split('"', 1)[0]
            buckets.append((float(bound), float(line.rsplit(" ", 1)[1])))
    return sorted(buckets)


def quantile_ms(before: Buckets, after: Buckets, q: float) -> float | None:
    """The q-quantile, in ms, of the requests timed between the two scrapes."""
    counted = dict(before)
    run = [(bound, n - counted.get(bound, 0.0)) for bound, n in after]
    total = run[-1][1] if run else 0.0
    if total <= 0:
        return None
    wanted, lower, below = q * total, 0.0, 0.0
    for bound, n in run:
        if n >= wanted:
            if bound == float("inf"):
                return round(1000 * lower, 1)  # beyond the last bound: its lower edge
            share = (wanted - below) / (n - below) if n > below else 1.0
            return round(1000 * (lower + (bound - lower) * share), 1)
        lower, below = bound, n
    return None
