"""`python -m evals.search`: recall@3 and MRR of catalog search, per retriever and model.

    python -m evals.search                      # the shipped configuration and full text
    python -m evals.search --compare            # every installed candidate model
    python -m evals.search --models e5,use --errors
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from evals.search.db import server_url
from evals.search.run import QUERIES, TEST_QUERIES, evaluate, load_cases
from tools.catalog.embeddings import get_embedder

RECALL_TARGET = 0.9
MRR_TARGET = 0.8
CANDIDATES = ("e5", "e5-enpt", "use")


def main(argv: list[str] | None = None) -> int:
    """Prints the report; exits 1 when the shipped configuration misses a target."""
    parser = argparse.ArgumentParser(prog="python -m evals.search", description=__doc__)
    parser.add_argument("--models", help="comma-separated providers (default: e5)")
    parser.add_argument("--compare", action="store_true", help="all candidate models")
    parser.add_argument("--errors", action="store_true", help="list the queries missed")
    parser.add_argument("--test", action="store_true", help="the fresh test set instead")
    args = parser.parse_args(argv)
    providers = list(CANDIDATES) if args.compare else (args.models or "e5").split(",")
    if args.compare:  # the candidates installed here; --models insists on its own
        missing = [p for p in providers if get_embedder(p) is None]
        providers = [p for p in providers if p not in missing]
        if missing:
            print(f"not installed here, skipped: {', '.join(missing)}")
    configurations: list = [(None, "lexical")]
    for provider in providers:
        configurations += [(provider, "semantic"), (provider, "hybrid")]
    cases = load_cases(TEST_QUERIES if args.test else QUERIES)
    answerable = sum(1 for c in cases if c.expected)
    print(f"{len(cases)} queries ({answerable} answerable, {len(cases) - answerable} about "
          f"things the store does not sell), demo catalog\n")
    reports = asyncio.run(evaluate(server_url(), configurations, cases))
    print(f"{'configuration':<30} {'recall@3':>8} {'MRR':>6} {'absent':>7} {'p50 ms':>7} "
          f"{'import s':>8}")
    for report in reports:
        print(f"{report.name:<30} {report.recall_at_3:>8.3f} {report.mrr:>6.3f} "
              f"{report.absent:>7.2f} {report.p50_ms:>7.1f} {report.import_seconds:>8.1f}")
    shipped = next(r for r in reports if r.name.startswith("hybrid"))
    ok = shipped.recall_at_3 >= RECALL_TARGET and shipped.mrr >= MRR_TARGET
    print(f"\n{shipped.name}: recall@3 {shipped.recall_at_3:.3f} (target ≥ {RECALL_TARGET}), "
          f"MRR {shipped.mrr:.3f} (target ≥ {MRR_TARGET}): {'ok' if ok else 'BELOW TARGET'}")
    if args.errors:
        for report in reports:
            print(f"\n-- missed by {report.name}")
            for case, skus in report.misses:
                print(f"  {case.query!r} want {case.expected[:3]} got {skus[:5]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
