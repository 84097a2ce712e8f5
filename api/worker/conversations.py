"""The conversation worker: many conversations at once, one turn at a time per conversation,
in arrival order.

A conversation is taken under a Postgres advisory lock held by one connection, so any number
of worker processes can run and a crashed one releases its conversations with its connection.
Messages that arrive within the debounce window are answered as one turn. The inbox rows of
a turn are stamped with the turn id before the graph runs, so after a crash the same turn is
finished, not a new one started. While a person has the conversation (an open escalation),
buyer messages never reach the graph: they are marked for the operator, in order, and only
events (a payment result, the person handing back) run turns.

Up to `concurrency` conversations run their turns at the same time in one process (one asyncio
task each; the lock connection of each is held for its turn, so the pool is sized from the
concurrency, see `api/resources.py`). A slow turn holds only its own conversation.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from datetime import datetime
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from psycopg_pool import AsyncConnectionPool

from api import metrics
from api.channels.whatsapp.render import render_whatsapp
from api.inbox import EVENT_KINDS
from api.render.phrasing import phrased
from api.render.text import list_button_label, render_body
from api.tracing.turn_trace import turn_trace
from api.worker.claims import (
    WorkerTiming,
    claim_turn,
    log_event,
    ready_conversations,
    until_due,
)
from api.worker.outbox import backoff, enqueue, enqueue_unread
from api.worker.turn import run_turn_result
from api.worker.warm_up import warm_up
from api.worker.window import template_messages, within_service_window
from balcao.clock import Clock
from balcao.messages import Reply
from balcao.pii import log_context, pseudonym
from graphs.sales.context import Context
from graphs.sales.nodes.respond import SILENT
from tools.catalog.product_cache import catalog_version_known
from tools.conversations.checkpoints import TURN_LOCK_NAMESPACE as _LOCK_NAMESPACE
from tools.recording import INSERT_TOOL_CALL_SQL, recording, storing_with_checkpoints

log = logging.getLogger(__name__)

MAX_TURN_ATTEMPTS = 3
STOP_GRACE_SECONDS = 10
"""On stop, how long turns in flight may take to end before they are cancelled (a cancelled
turn is finished, once, by whichever process takes the conversation next)."""


class ConversationWorker:
    """Runs graph turns for conversations with pending inbox messages."""

    def __init__(
        self,
        pool: AsyncConnectionPool,
        graph: CompiledStateGraph,
        services: Any,
        clock: Clock,
        timing: WorkerTiming,
        outbox_wake: asyncio.Event | None = None,
        concurrency: int = 1,
    ) -> None:
        self._pool = pool
        self._graph = graph
        self._services = services
        self._clock = clock
        self._timing = timing
        self._outbox_wake = outbox_wake
        self._concurrency = max(1, concurrency)
        metrics.WORKER_CONCURRENCY.set(self._concurrency)

    async def process_ready(self) -> int:
        """Runs one turn for every conversation that is ready now, up to `concurrency` at
        once; returns how many ran. The first error is raised once every turn has ended."""
        slots = asyncio.Semaphore(self._concurrency)

        async def one(conv_id: int) -> bool:
            async with slots:
                return await self._process(conv_id)

        ready, _ = await self._ready_conversations()
        results = await asyncio.gather(*(one(c) for c in ready), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return sum(1 for r in results if r is True)

    async def run(self, stop: asyncio.Event, wake: asyncio.Event, poll_seconds: float) -> None:
        """Processes turns until `stop` is set, up to `concurrency` conversations at once.

        A conversation whose turn ends is looked at again at once (its next messages may be
        waiting); one that had nothing to do here (locked by another process, a burst still
        arriving) is left alone until the next wake-up or poll.
        """
        running: dict[int, asyncio.Task[bool]] = {}
        idle: set[int] = set()
        look = True
        wait_seconds = poll_seconds
        await warm_up(self._services)
        try:
            while not stop.is_set():
                if look and len(running) < self._concurrency:
                    wait_seconds = poll_seconds
                    try:
                        ready, due = await self._ready_conversations(skip=[*running, *idle])
                        for conv_id in ready:
                            if len(running) >= self._concurrency:
                                break
                            running[conv_id] = asyncio.create_task(
                                self._process_logged(conv_id), name=f"turn-{conv_id}"
                            )
                        wait_seconds = until_due(due, self._clock, poll_seconds)
                    except Exception:
                        log.exception("conversation worker failed; retrying")
                woken = asyncio.ensure_future(wake.wait())
                done, _ = await asyncio.wait(
                    [woken, *running.values()], timeout=wait_seconds,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if not woken.done():
                    woken.cancel()
                look = woken in done or not done  # a wake-up, or the poll interval passed
                if look:
                    wake.clear()
                    idle.clear()
                for conv_id, task in list(running.items()):
                    if task.done():
                        del running[conv_id]
                        if task.result():
                            look = True
                        else:
                            idle.add(conv_id)
                            look = True  # others may be ready; this one is skipped
            if running:  # stopping: let the turns in flight end (a restart would redo them)
                await asyncio.wait(running.values(), timeout=STOP_GRACE_SECONDS)
        finally:
            for task in running.values():
                task.cancel()
            for task in running.values():
                with suppress(asyncio.CancelledError):
                    await task

    async def _process_logged(self, conv_id: int) -> bool:
        try:
            return await self._process(conv_id)
        except Exception:
            log.exception("conversation worker failed on a conversation; retrying")
            return False

    async def _ready_conversations(
        self, skip: list[int] | None = None
    ) -> tuple[list[int], datetime | None]:
        return await ready_conversations(self._pool, self._clock, self._timing, skip or [])

    async def _process(self, conv_id: int) -> bool:
        async with self._pool.connection() as lock_conn:
            cur = await lock_conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s) AS got",
                (_LOCK_NAMESPACE, conv_id % 2_147_483_647),
            )
            if not (await cur.fetchone())["got"]:
                return False  # another worker has it
            metrics.WORKER_IN_USE.inc()
            try:
                return await self._take_turn(conv_id)
            finally:
                metrics.WORKER_IN_USE.dec()
                await lock_conn.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", (_LOCK_NAMESPACE, conv_id % 2_147_483_647)
                )

    async def _take_turn(self, conv_id: int) -> bool:
        turn = await claim_turn(self._pool, conv_id, self._clock, self._timing)
        if turn is None:
            return False
        turn_id, rows, conversation = turn
        # The turn's product reads are the catalog's at its claim (tools/catalog/product_cache.py).
        with log_context(store=conversation["store_id"],
                         conversation=pseudonym(conversation["buyer_id"]), turn=turn_id), \
                catalog_version_known(conversation["store_id"], conversation["catalog_version"]):
            return await self._run_claimed(conv_id, turn_id, rows, conversation)

    async def _run_claimed(self, conv_id: int, turn_id: str, rows: list[dict[str, Any]],
                           conversation: dict[str, Any]) -> bool:
        started = time.monotonic()
        trace = turn_trace(self._services.gateway.settings, conversation, turn_id)
        context = Context(
            store_id=conversation["store_id"],
            channel=conversation["channel"],
            buyer_id=conversation["buyer_id"],
            conversation_id=conv_id,
            services=trace.tools(self._turn_services(conversation["thread_id"], turn_id)),
        )
        inbound = [row["message"] for row in rows]
        try:
            async with trace.running(self._graph, inbound) as traced:  # Langfuse, when set
                with storing_with_checkpoints(conversation["thread_id"]) as tool_calls:
                    result = traced.output = await run_turn_result(
                        self._graph,
                        thread_id=conversation["thread_id"],
                        turn_id=turn_id,
                        inbound=inbound,
                        context=context,
                    )
                reply = Reply.model_validate(result["reply"])
                # The template's text, or the model's rewording (the store's llm.phrasing).
                traced.body = body = (await phrased(self._services, context.store_id, reply,
                                                    inbound)).text
        except Exception as err:
            gave_up = await self._record_failure(conversation, turn_id, rows, err)
            metrics.TURN_SECONDS.labels(outcome="gave_up" if gave_up else "failed").observe(
                time.monotonic() - started)
            return True
        intent = (result.get("classification") or {}).get("intent")
        await self._finish(conversation, turn_id, reply, body,
                           intent=intent if rows[0]["kind"] not in EVENT_KINDS else None,
                           tool_calls=tool_calls.take())
        metrics.TURN_SECONDS.labels(
            outcome="silent" if reply.template == SILENT else "replied"
        ).observe(time.monotonic() - started)
        log.info("turn %s answered (%s)", turn_id, reply.template)
        return True

    def _turn_services(self, thread_id: str, turn_id: str) -> Any:
        """The services for one turn: recording each tool call when the settings say so."""
        if not self._services.gateway.settings.record_tools:
            return self._services
        return recording(self._services, thread_id=thread_id, turn_id=turn_id)

    async def _finish(self, conversation: dict[str, Any], turn_id: str, reply: Reply,
                      body: str, intent: str | None = None,
                      tool_calls: list[tuple[Any, ...]] | None = None) -> None:
        payloads = []
        config = self._services.stores.get(conversation["store_id"])
        # The 24-hour window and the catalog are the Cloud API's; other channels (Evolution,
        # the playground) get the same rendering without them.
        cloud_api = conversation["channel"] == "whatsapp"
        if reply.template != SILENT and cloud_api and not within_service_window(
            conversation.get("last_inbound_at"), self._clock.now()
        ):
            payloads = template_messages(reply, config.messaging, conversation["buyer_id"])
        elif reply.template != SILENT:
            payloads = render_whatsapp(
                reply, body, conversation["buyer_id"],
                list_button=list_button_label(reply.lang),
                catalog_id=self._services.gateway.settings.whatsapp_catalog_id
                if cloud_api else None,
            )
        # One round trip: a pipeline, nothing read back until its one Sync, and Postgres
        # runs what comes before a Sync as one implicit transaction (no BEGIN/COMMIT round
        # trips). A crash leaves the turn wholly finished or to finish again, and the reply's
        # idempotency keys keep a second finish from queueing it twice.
        async with self._pool.connection() as conn, conn.pipeline():
            if tool_calls:  # those of the last steps no checkpoint stored
                async with conn.cursor() as cur:
                    await cur.executemany(INSERT_TOOL_CALL_SQL, tool_calls)
            await enqueue_unread(
                conn,
                store_id=conversation["store_id"],
                conversation_id=conversation["id"],
                channel=conversation["channel"],
                recipient=conversation["buyer_id"],
                payloads=payloads,
                key_prefix=f"{conversation['id']}:{turn_id}",
                clock=self._clock,
            )
            await conn.execute(
                "UPDATE inbox SET status = 'done', processed_at = %s, last_error = NULL"
                " WHERE conversation_id = %s AND turn_id = %s",
                (self._clock.now(), conversation["id"], turn_id),
            )
            await log_event(conn, conversation, "turn", {
                "turn_id": turn_id, "template": reply.template, "intent": intent,
            }, self._clock)
        if self._outbox_wake is not None:
            self._outbox_wake.set()

    async def _record_failure(
        self, conversation: dict[str, Any], turn_id: str, rows: list[dict[str, Any]],
        err: Exception,
    ) -> bool:
        """Schedules a retry, or gives up after MAX_TURN_ATTEMPTS; True when it gave up."""
        log.exception("turn %s of %s failed", turn_id, pseudonym(conversation["buyer_id"]))
        attempts = max(r["attempts"] for r in rows) + 1
        async with self._pool.connection() as conn:
            await conn.execute(
                "UPDATE inbox SET attempts = %s, last_error = %s, retry_at = %s"
                " WHERE conversation_id = %s AND turn_id = %s",
                (attempts, f"{type(err).__name__}: {err}"[:500],
                 self._clock.now() + backoff(attempts), conversation["id"], turn_id),
            )
        if attempts >= MAX_TURN_ATTEMPTS:
            await self._give_up(conversation, turn_id)
            return True
        return False

    async def _give_up(self, conversation: dict[str, Any], turn_id: str) -> None:
        """After repeated failures the buyer is told honestly and the messages set aside."""
        reply = Reply(template="technical_problem")
        payloads = render_whatsapp(reply, render_body(reply), conversation["buyer_id"])
        async with self._pool.connection() as conn, conn.transaction():
            await enqueue(
                conn, store_id=conversation["store_id"], conversation_id=conversation["id"],
                channel=conversation["channel"], recipient=conversation["buyer_id"],
                payloads=payloads, key_prefix=f"{conversation['id']}:{turn_id}:failed",
                clock=self._clock,
            )
            await conn.execute(
                "UPDATE inbox SET status = 'failed', processed_at = %s"
                " WHERE conversation_id = %s AND turn_id = %s",
                (self._clock.now(), conversation["id"], turn_id),
            )
            await log_event(conn, conversation, "turn_failed", {"turn_id": turn_id}, self._clock)
        if self._outbox_wake is not None:
            self._outbox_wake.set()
