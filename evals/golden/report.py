"""The eval report: per-case lines, node and edge coverage, JUnit XML, the closing line."""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree

from langgraph.graph.state import CompiledStateGraph

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


def case_lines(result: CaseResult) -> list[str]:
    status = "PASS" if result.passed else "FAIL"
    lines = [f"{status} {result.case.category}/{result.case.id} ({len(result.turns)} turns)"]
    lines += [f"    {failure}" for failure in result.failures]
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
