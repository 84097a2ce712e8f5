"""One Langfuse trace per conversation turn, when the LANGFUSE_* settings are set.

The trace: session = the conversation (store and conversation number), user = the buyer's
pseudonym (`balcao.pii.pseudonym`, never the phone number), the buyer's words as input, the
reply's text as output, the graph's nodes and model calls under it (`graph_spans.py`) and
each tool call as a `tool` observation under the node that made it. Personal data stays out:
the phone number, the WhatsApp profile name and what checkout collected (name, street, CEP)
are replaced wherever they appear, as are e-mails, CPFs and phone numbers by pattern; the
answer to a question for personal data (name, address, e-mail, CEP) is never sent at all.

Without the settings `turn_trace` returns `NO_TRACE`, which does nothing: no import of
Langfuse, no extra read of the conversation's state, nothing sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from api.render.personal import checkout_values, masked, personal_values
from api.render.text import render_body
from api.tracing.client import langfuse_for
from balcao.messages import Reply
from balcao.pii import pseudonym
from balcao.settings import Settings
from graphs.sales.nlu.llm_prompt import MASK, PERSONAL_QUESTIONS
from graphs.sales.nodes.respond import SILENT

if TYPE_CHECKING:
    from langfuse import Langfuse
    from langgraph.graph.state import CompiledStateGraph

    from api.tracing.graph_spans import GraphSpans


class TurnResult:
    """What the traced turn returned: the worker sets `output` to the graph's output and
    `body` to the reply's text as it goes out (the template's, or its rewording)."""

    output: dict[str, Any] | None = None
    body: str | None = None


class _NoTrace:
    """Tracing off: every part of the interface, doing nothing."""

    def tools(self, services: Any) -> Any:
        return services

    @asynccontextmanager
    async def running(self, graph: Any, inbound: list[dict[str, Any]]
                      ) -> AsyncIterator[TurnResult]:
        yield TurnResult()


NO_TRACE = _NoTrace()


def turn_trace(settings: Settings, conversation: dict[str, Any],
               turn_id: str) -> TurnTrace | _NoTrace:
    """The turn's trace when Langfuse is configured, else `NO_TRACE`."""
    client = langfuse_for(settings)
    return NO_TRACE if client is None else TurnTrace(client, conversation, turn_id)


class TurnTrace:
    """One turn's trace: wrap the turn's services with `tools`, run it inside `running`."""

    def __init__(self, client: Langfuse, conversation: dict[str, Any], turn_id: str) -> None:
        self._client = client
        self._conversation = conversation
        self._turn_id = turn_id
        self.spans: GraphSpans | None = None

    def tools(self, services: Any) -> Any:
        """`services` whose tool calls become observations of this trace."""
        from api.tracing.tool_spans import traced_tools

        return traced_tools(services, lambda: self.spans)

    @asynccontextmanager
    async def running(self, graph: CompiledStateGraph,
                      inbound: list[dict[str, Any]]) -> AsyncIterator[TurnResult]:
        """The turn's root observation around the graph run inside; its input and output are
        written when the turn ends (masked with what the state then knows)."""
        from langfuse import propagate_attributes

        from api.tracing.graph_spans import running_spans

        conv = self._conversation
        config = {"configurable": {"thread_id": conv["thread_id"]}}
        before = (await graph.aget_state(config)).values or {}
        result = TurnResult()
        with self._client.start_as_current_observation(
                name="turn", as_type="span",
                metadata={"turn_id": self._turn_id, "channel": conv["channel"]}) as root, \
                propagate_attributes(
                    session_id=f"{conv['store_id']}:conversation:{conv['id']}",
                    user_id=pseudonym(conv["buyer_id"]), trace_name="turn",
                    metadata={"store": str(conv["store_id"])}):
            with running_spans(root) as self.spans:
                try:
                    yield result
                except BaseException as err:
                    root.update(level="ERROR", status_message=type(err).__name__)
                    raise
            after = (await graph.aget_state(config)).values or {}
            secrets = personal_values(checkout_values(before), checkout_values(after),
                                      inbound, {"buyer_id": conv["buyer_id"]})
            root.update(input=_turn_input(inbound, before, secrets),
                        output=_turn_output(result, secrets))


def _turn_input(inbound: list[dict[str, Any]], before: dict[str, Any],
                secrets: set[str]) -> dict[str, Any]:
    kinds = [str(m.get("kind")) for m in inbound]
    if before.get("pending_question") in PERSONAL_QUESTIONS:
        return {"kinds": kinds, "text": MASK}  # an answer to "your name / address ...?"
    words = "\n".join(str(m["text"]).strip() for m in inbound if m.get("text"))
    return {"kinds": kinds, "text": masked(words, secrets)}


def _turn_output(result: TurnResult, secrets: set[str]) -> dict[str, Any] | None:
    output = result.output
    if not output or not output.get("reply"):
        return None
    reply = Reply.model_validate(output["reply"])
    text = result.body if result.body is not None else \
        render_body(reply) if reply.template != SILENT else ""
    intent = (output.get("classification") or {}).get("intent")
    return {"template": reply.template, "intent": intent, "lang": reply.lang,
            "text": masked(text, secrets | personal_values(reply.fields))}
