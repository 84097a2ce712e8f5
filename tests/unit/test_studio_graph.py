"""`langgraph.json` loads the `sales` graph the way `langgraph dev` does: by file path."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_langgraph_json_exports_the_sales_graph_without_a_checkpointer() -> None:
    config = json.loads((REPO / "langgraph.json").read_text())
    path, _, attribute = config["graphs"]["sales"].partition(":")
    spec = importlib.util.spec_from_file_location("studio_sales_graph", REPO / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    graph = getattr(module, attribute)
    assert graph.checkpointer is None
    nodes = set(graph.get_graph().nodes)
    assert {"classify", "retrieve", "recommend", "cart", "checkout", "escalate",
            "respond"} <= nodes
