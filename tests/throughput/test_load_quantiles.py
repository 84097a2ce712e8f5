"""The load benchmark's quantiles of the service's own webhook histogram (evals/load)."""

from __future__ import annotations

from evals.load.service_metrics import quantile_ms

INF = float("inf")


def test_quantiles_count_only_the_requests_between_the_two_scrapes() -> None:
    before = [(0.0025, 100.0), (0.005, 100.0), (0.01, 100.0), (INF, 100.0)]
    after = [(0.0025, 110.0), (0.005, 150.0), (0.01, 190.0), (INF, 200.0)]
    # 100 new: 10 under 2.5 ms, 40 more under 5 ms, 40 more under 10 ms, 10 beyond.
    assert quantile_ms(before, after, 0.5) == 5.0
    assert quantile_ms(before, after, 0.3) == 3.8  # 2.5 + 2.5 * (30 - 10) / 40, to 0.1 ms
    assert quantile_ms(before, after, 0.05) == 1.2  # inside the first bucket, from 0


def test_no_request_between_the_scrapes_has_no_quantile() -> None:
    same = [(0.005, 7.0), (INF, 7.0)]
    assert quantile_ms(same, same, 0.95) is None
    assert quantile_ms([], [], 0.5) is None
