"""The sales graph: classify, route on the classification, act, respond.

`graph` is compiled without a checkpointer for `langgraph.json` and LangGraph Studio; the
service and the tests call `build_graph(checkpointer)` with Postgres.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

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

FIRST_NODE = "classify"
"""Where every turn starts; `run_turn` (api/worker/turn.py) goes to it with the turn's input."""

Out = TypeVar("Out")
Out_co = TypeVar("Out_co", covariant=True)


class AsyncStep(Protocol[Out_co]):
    """What LangGraph's `add_node` types a node as: a callable of `state`."""

    def __call__(self, state: SalesState) -> Awaitable[Out_co]: ...


def on_the_loop(step: Callable[[SalesState], Out]) -> AsyncStep[Out]:
    """A plain function of the state (a routing function, a node with no I/O) as a coroutine.
    LangGraph runs a plain function in the thread pool (`run_in_executor`): a thread hop, and
    a GIL hand-over each way, for a few dict reads. `wraps` keeps the signature and type hints
    LangGraph reads (an edge's `Literal` destinations, a node's state schema)."""
    @functools.wraps(step)
    async def stepped(state: SalesState) -> Out:
        return step(state)
    return stepped


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
    builder.add_node("respond", on_the_loop(respond))
    builder.add_node("await_payment", on_the_loop(await_payment))
    builder.add_node("await_human", on_the_loop(await_human))
    builder.add_node("privacy", privacy)
    for strategy in STRATEGY_NODES:  # selling strategies: each a path the edges may pick
        builder.add_node(strategy, strategy_node(strategy))
        builder.add_edge(strategy, "respond")

    builder.add_edge(START, FIRST_NODE)
    builder.add_conditional_edges("classify", on_the_loop(route_after_classify))
    builder.add_conditional_edges("retrieve", on_the_loop(route_after_retrieve))
    builder.add_conditional_edges("cart", on_the_loop(route_after_cart))
    builder.add_conditional_edges("recommend", on_the_loop(route_after_recommend))
    builder.add_edge("checkout", "respond")
    builder.add_conditional_edges("aftersale", on_the_loop(route_after_aftersale))
    builder.add_conditional_edges("escalate", on_the_loop(route_after_escalate))
    builder.add_conditional_edges("respond", on_the_loop(route_after_respond))
    builder.add_edge("await_payment", "checkout")
    builder.add_edge("await_human", "respond")
    builder.add_edge("privacy", "respond")
    return builder


def build_graph(checkpointer: Checkpointer = None):  # noqa: ANN201 - CompiledStateGraph
    """Compiles the graph with the given checkpointer (Postgres in the service)."""
    return build_builder().compile(checkpointer=checkpointer, name="sales")


graph = build_graph()
"""For LangGraph Studio (`langgraph.json`): no checkpointer, the server brings its own."""
