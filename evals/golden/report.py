"""The eval report: per-case lines, node and edge coverage, JUnit XML, the closing line."""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree

from langgraph.graph.state import CompiledStateGraph

from api.render.text import render_body
from balcao.messages import Reply
from evals.golden.case import ACTIONS
from evals.golden.goals import figures, is_not_understood
from evals.golden.observe import END, START
from evals.golden.runner import CaseResult


def graph_edges(graph: CompiledStateGraph) -> tuple[set[str], set[tuple[str, str]]]:
    """The graph's nodes and every edge it can take (conditional ones included)."""
    drawable = graph.get_graph()
    nodes = {n for n in drawable.nodes if n not in {START, END}}
    edges = {(e.source, e.target) for e in drawable.edges}
    return nodes, edges


def coverage_lines(graph: CompiledStateGraph, results: Iterable[CaseResult]) -> list[str]:
    nodes, edges = graph_edges(graph)
    seen_nodes: set[str] = set()
    seen_edges: set[tuple[str, str]] = set()
    for result in results:
        for turn in result.turns:
            seen_nodes.update(turn.observation.nodes)
            seen_edges.update(turn.observation.edges)
    lines = [f"node coverage: {len(seen_nodes & nodes)}/{len(nodes)}"
             + (f"  (never visited: {', '.join(sorted(nodes - seen_nodes))})"
                if nodes - seen_nodes else "")]
    lines.append(f"edge coverage: {len(seen_edges & edges)}/{len(edges)}")
    for source, target in sorted(edges - seen_edges):
        lines.append(f"  never taken: {source} -> {target}")
    return lines


def case_lines(result: CaseResult, *, transcript: bool = False) -> list[str]:
    status = "PASS" if result.passed else "FAIL"
    goal = ""
    if result.goal_reached is not None:
        goal = (f", goal at buyer turn {result.goal_buyer_turns}" if result.goal_reached
                else ", goal not reached")
    lines = [f"{status} {result.case.category}/{result.case.id} ({len(result.turns)} turns"
             f"{goal})"]
    lines += [f"    {failure}" for failure in result.failures]
    if transcript:
        lines += transcript_lines(result)
    return lines


def transcript_lines(result: CaseResult) -> list[str]:
    """Each turn: what the buyer did and the reply's template, options and cart after it."""
    lines = []
    for turn in result.turns:
        t, seen = turn.turn, turn.observation
        action = next(f"{k}: {getattr(t, k)!r}" for k in ACTIONS if getattr(t, k) is not None)
        reply = seen.reply or {}
        options = [o["id"] for o in reply.get("options") or []]
        strategy = ((reply.get("fields") or {}).get("persuasion") or {}).get("strategy")
        lines.append(f"      {turn.index + 1}. {action}")
        lines.append(f"         -> {reply.get('template')} [{reply.get('lang')}] intent="
                     f"{seen.intent} cart={seen.cart} orders={seen.orders}"
                     + (f" persuasion={strategy}" if strategy else "")
                     + (f" options={options[:8]}" if options else "")
                     + (" NOT-UNDERSTOOD" if is_not_understood(seen.reply) else "")
                     + ("  <- goal" if result.goal_turn == turn.index + 1 else ""))
        if seen.reply:
            # What the buyer read, to judge a reply by its facts (never asserted on).
            body = render_body(Reply.model_validate(seen.reply))
            lines += [f"            | {line}" for line in body.splitlines() if line.strip()][:12]
    return lines


def goal_lines(results: list[CaseResult]) -> list[str]:
    """Goal figures, overall and per language, when any case has a goal; else nothing."""
    if not any(r.case.goals for r in results):
        return []
    overall = figures(results)
    by_lang = {lang: figures([r for r in results if r.case.lang == lang])
               for lang in ("pt", "en")}
    lines = [f"goals: {overall.goal_text()}"]
    lines += [f"  {lang}: {f.goal_text()}" for lang, f in by_lang.items() if f.with_goal]
    lines.append(f"not understood (fallback replies): {overall.fallback_text()}")
    lines += [f"  {lang}: {f.fallback_text()}" for lang, f in by_lang.items() if f.replies]
    return lines


def junit_xml(results: list[CaseResult], name: str = "balcao-eval") -> str:
    failed = sum(not r.passed for r in results)
    suite = ElementTree.Element("testsuite", name=name, tests=str(len(results)),
                                failures=str(failed))
    for result in results:
        case = ElementTree.SubElement(suite, "testcase", classname=result.case.category,
                                      name=result.case.id, file=result.case.path)
        if not result.passed:
            failure = ElementTree.SubElement(case, "failure",
                                             message=result.failures[0][:200])
            failure.text = "\n".join(result.failures)
    return ElementTree.tostring(suite, encoding="unicode")
