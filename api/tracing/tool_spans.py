"""Each tool call of a traced turn (catalog, cart, payment provider) as a `tool` observation
under the graph node that made it, with how long it took and whether it failed.

The calls are reached the way the tool recorder reaches them (`tools.recording`): by
wrapping the turn's `Services`. Arguments and results are not written: a search query or a
payment request carries the buyer's words and details, and the recorder keeps them already.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from langchain_core.runnables.config import var_child_runnable_config

from tools.recording import wrap_tool_calls

if TYPE_CHECKING:
    from api.tracing.graph_spans import GraphSpans


class _ToolSpans:
    """The `call` the recorder's wrappers make, writing an observation around each call."""

    def __init__(self, spans: Callable[[], GraphSpans | None]) -> None:
        self._spans = spans

    async def call(self, tool: str, real: Callable[..., Any], args: tuple,
                   kwargs: dict) -> Any:
        spans = self._spans()
        if spans is None:  # outside the traced graph run
            return await real(*args, **kwargs)
        parent = spans.observation_of(_calling_run())
        observation = parent.start_observation(name=tool, as_type="tool")
        try:
            result = await real(*args, **kwargs)
        except BaseException as err:
            observation.update(level="ERROR", status_message=type(err).__name__)
            raise
        finally:
            observation.end()
        return result


def _calling_run() -> Any:
    """The LangChain run (the graph node) whose code is making the call, if any."""
    config = var_child_runnable_config.get() or {}
    return getattr(config.get("callbacks"), "parent_run_id", None)


def traced_tools(services: Any, spans: Callable[[], GraphSpans | None]) -> Any:
    """`services` whose tool calls are observations under `spans()`, the turn's graph run
    (None outside it)."""
    return wrap_tool_calls(services, _ToolSpans(spans))  # type: ignore[arg-type]
