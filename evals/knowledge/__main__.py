"""`python -m evals.knowledge`: how well the store's questions are answered.

    python -m evals.knowledge                  # development cases (cases.yaml)
    python -m evals.knowledge --heldout        # the held-out fifth (heldout.yaml), never tuned on
    python -m evals.knowledge --errors         # also list every wrong reply
    python -m evals.knowledge --embeddings none   # full text alone

Prints, per store and overall: answer rate (answerable questions answered), correctness
(answered with every expected fact, none contradicted, over the answerable), and the share
of honest unknowns that were right to be unknown. Runs on a throwaway database on the
project's server (embedded by default) with the demo store and the second store
(`stores/torrasul*`: no free shipping, PIX only, no pickup).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys

from evals.knowledge.run import (
    CASES,
    HELDOUT,
    Outcome,
    eval_database,
    load_cases,
    report,
    run_cases,
)
from evals.search.db import server_url
from tools.catalog.embeddings import get_embedder


def main(argv: list[str] | None = None) -> int:
    """Prints the report; exits 0 (figures, not a gate)."""
    parser = argparse.ArgumentParser(prog="python -m evals.knowledge", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heldout", action="store_true", help="the held-out cases instead")
    parser.add_argument("--errors", action="store_true", help="list the wrong replies")
    parser.add_argument("--embeddings", default="use", help="provider (use, e5, none)")
    args = parser.parse_args(argv)
    cases = load_cases(HELDOUT if args.heldout else CASES)
    encoder = get_embedder(args.embeddings)

    async def work() -> list[Outcome]:
        async with eval_database(server_url(), encoder) as conn:
            return await run_cases(conn, cases, encoder)

    outcomes = asyncio.run(work())
    name = "held-out" if args.heldout else "development"
    model = encoder.name if encoder is not None else "none (full text alone)"
    print(f"{len(cases)} {name} cases, embeddings: {model}\n")
    print(f"{'store':<10} {'cases':>5} {'answer rate':>12} {'correct':>8} "
          f"{'right when answered':>20} {'unknown precision':>18} {'unknown recall':>15}")
    for store in ("demo", "torrasul", "all"):
        chosen = [o for o in outcomes if store in ("all", o.case.store)]
        r = report(chosen)
        print(f"{store:<10} {r.cases:>5} {r.answer_rate:>12.3f} {r.correctness:>8.3f} "
              f"{r.precision_answered:>20.3f} {r.unknown_precision:>18.3f} "
              f"{r.unknown_recall:>15.3f}")
    times = sorted(o.ms for o in outcomes)
    print(f"\nper question (facts + retrieval + answer): p50 {statistics.median(times):.1f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms")
    if args.errors:
        _print_errors(outcomes)
    return 0


def _print_errors(outcomes: list[Outcome]) -> None:
    wrong = [o for o in outcomes if not o.correct]
    print(f"\n-- {len(wrong)} wrong")
    for o in wrong:
        print(f"\n[{o.case.store}] {o.case.question!r} expect {o.case.expect} -> {o.reply.status}")
        if o.missing:
            print(f"  missing: {o.missing}")
        if o.contradicted:
            print(f"  contradicted: {o.contradicted}")
        for hit in o.reply.passages:
            print(f"  passage {hit.source} sim={hit.similarity} cov={hit.coverage}")
        print("  " + o.reply.text.replace("\n", "\n  "))


if __name__ == "__main__":
    sys.exit(main())
