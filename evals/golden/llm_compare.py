"""`balcao eval --engine llm`: the golden conversations read by the offline engine and by the
configured LLM (understanding, every store), side by side: cases passed, goals reached, buyer
turns to a goal, not-understood replies, then the tokens and latency each LLM turn cost. Each
engine runs in its own throwaway database. It calls whatever `BALCAO_LLM_*` points at (the
test suite points it at a local fake)."""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path

from balcao.settings import get_settings
from evals.golden.case import Case, load_cases
from evals.golden.goals import figures
from evals.golden.runner import CaseResult, CaseRunner
from evals.golden.session import eval_session
from evals.nlu.llm_compare import MeasuredLlm, print_cost
from graphs.sales.nlu.llm import LlmClassifier
from graphs.sales.nlu.llm_endpoint import endpoint_from


async def compare(paths: list[Path], *, timeout: float, goals_only: bool = False) -> int:
    """Runs every case with each engine and prints the figures; 2 when no LLM is set."""
    from balcao.db.connect import database_url

    settings = get_settings()
    endpoint = endpoint_from(settings)
    if endpoint is None:
        print("--engine llm needs BALCAO_LLM_BASE_URL and BALCAO_LLM_MODEL")
        return 2
    cases = load_cases(paths)
    server = await asyncio.to_thread(database_url, settings)
    offline = await _run(cases, settings, server, goals_only, None)
    # The evaluation has its own allowance: no store's monthly budget applies here.
    measured = MeasuredLlm(LlmClassifier(endpoint, offline.classifier, store_id="evals",
                                         timeout_seconds=timeout, monthly_tokens=10**12))
    llm = await _run(cases, settings, server, goals_only, measured)
    print(f"offline engine vs {endpoint.model} at {endpoint.base_url}: {len(cases)} cases")
    print("\n".join(side_by_side(offline.results, llm.results)))
    print_cost(measured)
    return 0


class _Run:
    def __init__(self, results: list[CaseResult], classifier: object) -> None:
        self.results, self.classifier = results, classifier


async def _run(cases: list[Case], settings: object, server: str, goals_only: bool,
               engine: MeasuredLlm | None) -> _Run:
    async with eval_session(settings, server) as (resources, clock):  # type: ignore[arg-type]
        if engine is not None:
            resources.services.understanding = engine  # type: ignore[assignment]
        results = [await CaseRunner(resources, clock, goals_only=goals_only).run(case)
                   for case in cases]
        return _Run(results, resources.services.classifier)


def side_by_side(offline: list[CaseResult], llm: list[CaseResult]) -> list[str]:
    """The eval's figures for both runs, one row each, and the cases whose outcome moved."""
    a, b = figures(offline), figures(llm)

    def median(turns: tuple[int, ...]) -> str:
        return f"{statistics.median(turns):g}" if turns else "-"

    rows = [
        ("cases passed", f"{sum(r.passed for r in offline)}/{len(offline)}",
         f"{sum(r.passed for r in llm)}/{len(llm)}"),
        ("goals reached", f"{a.reached}/{a.with_goal}", f"{b.reached}/{b.with_goal}"),
        ("turns to goal, median", median(a.buyer_turns), median(b.buyer_turns)),
        ("not understood", f"{a.not_understood}/{a.replies}", f"{b.not_understood}/{b.replies}"),
    ]
    lines = [f"  {'':<22} {'offline':>10} {'llm':>10}"]
    lines += [f"  {name:<22} {x:>10} {y:>10}" for name, x, y in rows]
    for plain, read in zip(offline, llm, strict=True):
        if plain.passed != read.passed:
            lines.append(f"  {'passes' if read.passed else 'FAILS'} with the llm only: "
                         f"{read.case.category}/{read.case.id}")
    return lines
