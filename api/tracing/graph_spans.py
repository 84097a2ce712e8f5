"""A LangChain callback handler that writes one turn's graph into its Langfuse trace: each
node the graph runs as a span, each chat-model call as a generation (model, prompt, output,
tokens; the latency is the span's own start and end), each fall-back of the LLM engine to the
offline one as a warning event (its reason).

Node spans carry the node's name and step, never the graph state (which holds the buyer's
name, address and cart): what a node did is in its children and the turn's output. The
prompt is what the model was sent, already masked by the LLM engine (llm_prompt.py).
Internal runnables (channel writes, branches, the structured-output parser) are not
observations: their children attach to the nearest node.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage
from langchain_core.outputs import LLMResult
from langchain_core.tracers.context import register_configure_hook

if TYPE_CHECKING:
    from langfuse import LangfuseGeneration, LangfuseSpan


_ACTIVE: ContextVar[GraphSpans | None] = ContextVar("balcao_graph_spans", default=None)


@contextmanager
def running_spans(root: LangfuseSpan) -> Iterator[GraphSpans]:
    """Every LangChain run started inside (the graph, and the model calls the nodes make on
    worker threads, which copy the context) reports to one `GraphSpans` under `root`."""
    spans = GraphSpans(root)
    token = _ACTIVE.set(spans)
    try:
        yield spans
    finally:
        _ACTIVE.reset(token)


class GraphSpans(BaseCallbackHandler):
    """Observations under `root` for one turn's graph run (and the model calls inside)."""

    run_inline = True  # called in the run's own context and order, not on an executor

    def __init__(self, root: LangfuseSpan) -> None:
        self.root = root
        self._open: dict[UUID, LangfuseSpan | LangfuseGeneration] = {}
        self._parent: dict[UUID, LangfuseSpan | LangfuseGeneration] = {}
        self._lock = threading.Lock()  # model calls report from worker threads

    def observation_of(self, run_id: UUID | None) -> LangfuseSpan | LangfuseGeneration:
        """The observation a run belongs to: its node, or the turn's root."""
        with self._lock:
            if run_id is None:
                return self.root
            return self._open.get(run_id) or self._parent.get(run_id) or self.root

    def _start(self, run_id: UUID, parent_run_id: UUID | None,
               observation: LangfuseSpan | LangfuseGeneration | None) -> None:
        parent = self.observation_of(parent_run_id)
        with self._lock:
            if observation is None:
                self._parent[run_id] = parent
            else:
                self._open[run_id] = observation

    def _end(self, run_id: UUID, **update: Any) -> None:
        with self._lock:
            self._parent.pop(run_id, None)
            observation = self._open.pop(run_id, None)
        if observation is not None:
            if update:
                observation.update(**update)
            observation.end()

    # --- graph nodes -----------------------------------------------------------------------
    def on_chain_start(self, serialized: dict[str, Any] | None, inputs: Any, *,
                       run_id: UUID, parent_run_id: UUID | None = None,
                       metadata: dict[str, Any] | None = None, **kwargs: Any) -> None:
        node = (metadata or {}).get("langgraph_node")
        span = None
        if node is not None and kwargs.get("name") == node:
            span = self.observation_of(parent_run_id).start_observation(
                name=str(node), as_type="span",
                metadata={"step": (metadata or {}).get("langgraph_step")})
        self._start(run_id, parent_run_id, span)

    def on_chain_end(self, outputs: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self._end(run_id)

    def on_chain_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        if _is_interrupt(error):  # a turn pausing for a payment or a person is no failure
            self._end(run_id)
        else:
            self._end(run_id, level="ERROR", status_message=type(error).__name__)

    # --- model calls -----------------------------------------------------------------------
    def on_chat_model_start(self, serialized: dict[str, Any] | None,
                            messages: list[list[BaseMessage]], *, run_id: UUID,
                            parent_run_id: UUID | None = None,
                            metadata: dict[str, Any] | None = None, **kwargs: Any) -> None:
        params = kwargs.get("invocation_params") or {}
        model = (metadata or {}).get("ls_model_name") or params.get("model") or "unknown"
        generation = self.observation_of(parent_run_id).start_observation(
            name="chat", as_type="generation", model=str(model),
            model_parameters={key: params[key] for key in (
                "temperature", "max_completion_tokens", "timeout") if params.get(key) is not None},
            input=[{"role": m.type, "content": m.content} for batch in messages for m in batch])
        self._start(run_id, parent_run_id, generation)

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        first = response.generations[0][0] if response.generations and \
            response.generations[0] else None
        message = getattr(first, "message", None)
        usage = getattr(message, "usage_metadata", None) or {}
        self._end(run_id, output=getattr(message, "content", None) or getattr(
            first, "text", None), usage_details={
            "input": int(usage.get("input_tokens") or 0),
            "output": int(usage.get("output_tokens") or 0),
            "total": int(usage.get("total_tokens") or 0)})

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._end(run_id, level="ERROR", status_message=type(error).__name__)

    def on_custom_event(self, name: str, data: Any, *, run_id: UUID, **kwargs: Any) -> None:
        """The LLM engine's fall-back to the offline one (graphs/sales/nlu/llm.py), as an
        event under the node that read the message: `{"job", "reason"}`, no text."""
        if name == "llm_fallback" and isinstance(data, dict):
            self.observation_of(run_id).create_event(
                name="llm_fallback", level="WARNING",
                metadata={"job": str(data.get("job")), "reason": str(data.get("reason"))})


def _is_interrupt(error: BaseException) -> bool:
    return type(error).__name__ in {"GraphInterrupt", "NodeInterrupt", "ParentCommand"}


# LangChain adds the handler held by `_ACTIVE` to every run it configures: the worker's call
# to the graph stays as it is (turn.py), traced or not.
register_configure_hook(_ACTIVE, inheritable=True)
