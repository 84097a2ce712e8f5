"""`balcao eval [PATHS] [--junit FILE] [--crash-every-step] [--goals-only] [--measure]
[--engine offline|llm [--timeout S]]`.

Runs every case on a fresh thread against the graph compiled with the Postgres checkpointer,
in a throwaway database with the eval catalog and a frozen clock; prints each case, node and
edge coverage, and a closing `N passed, M failed`; exits 1 on any failure.

When cases declare goals (evals/conversations), it also prints how many conversations reached
their goal, the buyer turns it took (median, mean) and the share of bot replies that were the
not-understood fallback, overall and per language. `--goals-only` judges those cases by
their goal alone; `--measure` exits 0 whatever failed, so the figures can run in CI.
`--engine llm` runs the cases with the offline engine and again with the configured LLM and
prints both runs' figures side by side, with tokens and latency per turn (llm_compare.py).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from balcao.pii import configure_logging
from balcao.settings import get_settings

CASES = Path(__file__).resolve().parents[2] / "evals" / "cases"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="run golden conversations")
    parser.add_argument("paths", nargs="*", type=Path, help=f"case files or folders "
                        f"(default: {CASES})")
    parser.add_argument("--junit", type=Path, help="also write a JUnit XML report here")
    parser.add_argument("--crash-every-step", action="store_true",
                        help="stop after every super-step, resume from Postgres, and check the "
                        "outcome and side effects equal an uninterrupted run")
    parser.add_argument("--goals-only", action="store_true",
                        help="a case with a goal passes when its goal is reached, whatever "
                        "its per-turn expectations say")
    parser.add_argument("--measure", action="store_true",
                        help="print the figures and exit 0 even when cases fail")
    parser.add_argument("--transcript", action="store_true",
                        help="print every turn's action, reply template, options and cart")
    parser.add_argument("--engine", choices=("offline", "llm"), default="offline",
                        help="llm: run the cases with the offline engine and with the model "
                        "BALCAO_LLM_* points at, and print both side by side (calls it: costs)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="with --engine llm: seconds a model call may take before that "
                        "turn is read offline (default 10)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure_logging("WARNING")
    if args.engine == "llm":
        from evals.golden.llm_compare import compare

        return asyncio.run(compare(args.paths or [CASES], timeout=args.timeout,
                                   goals_only=args.goals_only))
    status = asyncio.run(_run(args.paths or [CASES], args.junit, args.crash_every_step,
                              goals_only=args.goals_only, transcript=args.transcript))
    return 0 if args.measure else status


async def _run(paths: list[Path], junit: Path | None, crash: bool, *,
               goals_only: bool = False, transcript: bool = False) -> int:
    from balcao.db.connect import database_url
    from evals.golden.case import load_cases
    from evals.golden.report import case_lines, coverage_lines, goal_lines, junit_xml
    from evals.golden.runner import CaseRunner
    from evals.golden.session import eval_session

    cases = load_cases(paths)
    settings = get_settings()
    server = await asyncio.to_thread(database_url, settings)
    results = []
    async with eval_session(settings, server) as (resources, clock):
        for case in cases:
            result = await CaseRunner(resources, clock, goals_only=goals_only).run(case)
            if crash and result.passed:
                crashed = await CaseRunner(resources, clock, crash_every_step=True,
                                           goals_only=goals_only).run(case)
                result.error = _compare(result, crashed)
            results.append(result)
            print("\n".join(case_lines(result, transcript=transcript)), flush=True)
        print()
        print("\n".join(coverage_lines(resources.graph, results)))
        if figures := goal_lines(results):
            print()
            print("\n".join(figures))
    if junit is not None:
        junit.write_text(junit_xml(results), encoding="utf-8")
    failed = sum(not r.passed for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _compare(plain: object, crashed: object) -> str | None:
    """Why a crash-resumed run differs from the uninterrupted one, or None."""
    if crashed.failures:  # type: ignore[attr-defined]
        return "with a crash after every step: " + "; ".join(crashed.failures)  # type: ignore[attr-defined]
    for a, b in zip(plain.turns, crashed.turns, strict=True):  # type: ignore[attr-defined]
        if a.observation.comparable() != b.observation.comparable():
            return (f"turn {a.index + 1} differs after crash-resume: "
                    f"{a.observation.comparable()} != {b.observation.comparable()}")
    if plain.side_effects != crashed.side_effects:  # type: ignore[attr-defined]
        return (f"side effects differ after crash-resume: {plain.side_effects} != "  # type: ignore[attr-defined]
                f"{crashed.side_effects}")  # type: ignore[attr-defined]
    return None
