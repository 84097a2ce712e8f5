"""The sales graph: classify, route on the classification, act, respond.

`graph` is compiled without a checkpointer for `langgraph.json` and LangGraph Studio; the
service and the tests call `build_graph(checkpointer)` with Postgres.
"""

from __future__ import annotations

from langgraph.graph import START, StateGraph
from langgraph.types import Checkpointer

from graphs.sales.aftersale.node import aftersale
from graphs.sales.context import Context
from graphs.sales.nodes.await_human import await_human
from graphs.sales.nodes.await_payment import await_payment
from graphs.sales.nodes.cart import cart
from graphs.sales.nodes.checkout import checkout
from graphs.sales.nodes.classify import classify
from graphs.sales.nodes.escalate import escalate
from graphs.sales.nodes.privacy import privacy
from graphs.sales.nodes.recommend import recommend
from graphs.sales.nodes.respond import respond
from graphs.sales.nodes.retrieve import retrieve
from graphs.sales.persuasion.choose import STRATEGY_NODES
from graphs.sales.persuasion.nodes import strategy_node
from graphs.sales.routing import (
    route_after_aftersale,
    route_after_cart,
    route_after_classify,
    route_after_escalate,
    route_after_recommend,
    route_after_respond,
    route_after_retrieve,
)
from graphs.sales.state import SalesState, TurnInput, TurnOutput


def build_builder() -> StateGraph[SalesState, Context, TurnInput, TurnOutput]:
    """The uncompiled graph, wired once."""
    builder = StateGraph(
        SalesState, context_schema=Context, input_schema=TurnInput, output_schema=TurnOutput
    )
    builder.add_node("classify", classify)
    builder.add_node("retrieve", retrieve)
    builder.add_node("recommend", recommend)
    builder.add_node("cart", cart)
    builder.add_node("checkout", checkout)
    builder.add_node("aftersale", aftersale)
    builder.add_node("escalate", escalate)
    builder.add_node("respond", respond)
    builder.add_node("await_payment", await_payment)
    builder.add_node("await_human", await_human)
    builder.add_node("privacy", privacy)
    for strategy in STRATEGY_NODES:  # selling strategies: each a path the edges may pick
        builder.add_node(strategy, strategy_node(strategy))
        builder.add_edge(strategy, "respond")

    builder.add_edge(START, "classify")
    builder.add_conditional_edges("classify", route_after_classify)
    builder.add_conditional_edges("retrieve", route_after_retrieve)
    builder.add_conditional_edges("cart", route_after_cart)
    builder.add_conditional_edges("recommend", route_after_recommend)
    builder.add_edge("checkout", "respond")
    builder.add_conditional_edges("aftersale", route_after_aftersale)
    builder.add_conditional_edges("escalate", route_after_escalate)
    builder.add_conditional_edges("respond", route_after_respond)
    builder.add_edge("await_payment", "checkout")
    builder.add_edge("await_human", "respond")
    builder.add_edge("privacy", "respond")
    return builder


def build_graph(checkpointer: Checkpointer = None):  # noqa: ANN201 - CompiledStateGraph
    """Compiles the graph with the given checkpointer (Postgres in the service)."""
    return build_builder().compile(checkpointer=checkpointer, name="sales")


graph = build_graph()
"""For LangGraph Studio (`langgraph.json`): no checkpointer, the server brings its own."""
