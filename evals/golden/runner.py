"""Runs golden cases on fresh threads against the graph compiled with Postgres.

Each turn goes through the same `run_turn` the service uses. With `crash_every_step` the
graph is stopped after every super-step and resumed by a freshly compiled graph from the
Postgres checkpoints, as a restarted process would.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from api.checkpointer import TurnSaver
from api.inbox import enqueue_handoff_event
from api.resources import Resources
from api.worker.turn import run_turn, turn_start
from api.worker.withdrawal import withdrawn_at
from balcao.clock import FrozenClock
from balcao.messages import InboundMessage, Order, OrderItem
from evals.golden.case import Case, Turn
from evals.golden.expect import check
from evals.golden.goals import goal_failures
from evals.golden.observe import Observation, checkpoint_id, nodes_since
from evals.golden.recorder import ToolRecorder
from evals.golden.session import START
from evals.golden.store_side import approve_latest_order, move_latest_order
from graphs.sales.context import Context
from graphs.sales.graph import build_graph
from tools.conversations.threads import ensure_conversation, thread_id_for
from tools.handoff.escalations import hand_back, open_escalation_of, time_out_overdue
from tools.orders.differences import expire_difference_links
from tools.orders.payments import apply_notification, expire_overdue
from tools.orders.queries import latest_payment, load_order
from tools.payments.base import PaymentNotification

RETURNING_ADDRESS = {"street": "Rua Harmonia, 45", "cep": "05435000", "uf": "SP"}


@dataclass
class TurnResult:
    index: int
    turn: Turn
    observation: Observation
    failures: list[str]
    goal_failures: list[str] = field(default_factory=list)
    """What kept the case's goal from holding after this turn (empty when it held or the
    case has no goal)."""


@dataclass
class CaseResult:
    case: Case
    turns: list[TurnResult] = field(default_factory=list)
    error: str | None = None
    side_effects: dict[str, int] = field(default_factory=dict)
    goal_turn: int | None = None
    """The 1-based turn after which the goal first held; None if it never did."""
    goal_buyer_turns: int | None = None
    """Buyer messages (texts, taps, catalog orders) up to and including that turn."""
    goals_only: bool = False
    """Judge a case with a goal by its goal alone, ignoring per-turn expectations."""

    @property
    def goal_reached(self) -> bool | None:
        """Whether the goal held at some turn; None for a case without a goal."""
        return None if not self.case.goals else self.goal_turn is not None

    @property
    def failures(self) -> list[str]:
        found = [] if self.goals_only and self.case.goals else [
            f"turn {t.index + 1}: {f}" for t in self.turns for f in t.failures]
        if self.goal_reached is False:
            last = self.turns[-1].goal_failures if self.turns else []
            found.append("goal not reached" + (f"; after the last turn: {'; '.join(last)}"
                                               if last else ""))
        return found + ([self.error] if self.error else [])

    @property
    def passed(self) -> bool:
        return not self.failures


class CaseRunner:
    """Runs cases one after another on the given resources and clock."""

    def __init__(self, resources: Resources, clock: FrozenClock, *,
                 crash_every_step: bool = False, store_id: str = "default",
                 goals_only: bool = False) -> None:
        self._resources = resources
        self._clock = clock
        self._crash = crash_every_step
        self._store_id = store_id
        self._goals_only = goals_only

    async def run(self, case: Case) -> CaseResult:
        result = CaseResult(case, goals_only=self._goals_only)
        # Every case starts on the same Monday afternoon, however many ran before it: the
        # store's hours (and so handoffs and deadlines) read the same for each.
        self._clock.set(START)
        buyer = f"eval-{case.id}-{uuid.uuid4().hex[:8]}"
        recorder = ToolRecorder()
        async with self._resources.pool.connection() as conn:
            conv_id = await ensure_conversation(conn, store_id=self._store_id, buyer_id=buyer,
                                                contact_name="Eval", seen_at=self._clock.now())
            if case.returning_buyer:
                await _make_returning(conn, self._store_id, buyer, self._clock)
        run = _Conversation(
            resources=self._resources, clock=self._clock, crash=self._crash,
            config={"configurable": {"thread_id": thread_id_for(self._store_id, buyer)}},
            context=Context(store_id=self._store_id, buyer_id=buyer, conversation_id=conv_id,
                            services=recorder.wrap(self._resources.services)),
            recorder=recorder, conv_id=conv_id,
        )
        history: list[Observation] = []
        buyer_turns = 0
        for index, turn in enumerate(case.turns):
            try:
                observation = await run.turn(turn, index)
            except Exception as err:  # the case fails; the suite goes on
                result.error = f"turn {index + 1} raised {type(err).__name__}: {err}"
                break
            history.append(observation)
            missed = goal_failures(case.goals, observation, history) if case.goals else []
            result.turns.append(TurnResult(index, turn, observation,
                                           check(turn.expect, observation), missed))
            buyer_turns += turn.by_buyer
            if case.goals and not missed and result.goal_turn is None:
                result.goal_turn, result.goal_buyer_turns = index + 1, buyer_turns
        result.side_effects = await run.side_effects()
        return result


@dataclass
class _Conversation:
    resources: Resources
    clock: FrozenClock
    crash: bool
    config: dict[str, Any]
    context: Context
    recorder: ToolRecorder
    conv_id: int
    restarted: Any = None
    """The graph that resumes each stopped step: compiled apart from the one that ran it,
    once per case (a compiled graph keeps no state of a run; compiling one per step only
    cost time, about 60 ms each)."""

    async def turn(self, turn: Turn, index: int) -> Observation:
        self.clock.advance(minutes=1)
        if turn.wait_minutes is not None:
            self.clock.advance(minutes=turn.wait_minutes)
            return await self._observe(None, [], [])
        if turn.ship is not None or turn.deliver:
            await move_latest_order(self.resources.pool, self.context.store_id, self.conv_id,
                                    turn, self.clock)  # the store's side: no buyer turn
            return await self._observe(None, [], [])
        inbound = await self._inbound(turn)
        if inbound is None:  # e.g. a repeated notification: nothing reaches the conversation
            return await self._observe(None, [], [])
        if await self._with_a_person(turn, inbound):
            # The worker stores it for the operator, the bot is silent.
            return await self._observe(None, [], [])
        graph = self.resources.graph
        before = await checkpoint_id(graph, self.config)
        self.recorder.take()
        turn_id = f"eval-{index}-{uuid.uuid4().hex[:6]}"
        if self.crash:
            reply = await self._run_crashing(turn_id, inbound)
        else:
            reply = await run_turn(graph, thread_id=self.config["configurable"]["thread_id"],
                                   turn_id=turn_id, inbound=inbound, context=self.context)
        snapshot = await graph.aget_state(self.config)
        nodes, edges = await nodes_since(graph, self.config, before,
                                         resumed=snapshot.values.get("turn_id") == turn_id
                                         and _resumes(inbound))
        observation = await self._observe(reply, nodes, edges)
        observation.tools = self.recorder.take()
        return observation

    async def _with_a_person(self, turn: Turn, inbound: list[dict[str, Any]]) -> bool:
        """Whether the buyer's message is the person's, as the worker decides it
        (api/worker/claims.py): every one while an escalation is open, unless it takes back
        a request nobody has taken yet (closed then as withdrawn: the message is the bot's)."""
        if turn.say is None and turn.tap is None and turn.order is None:
            return False
        async with self.resources.pool.connection() as conn, conn.transaction():
            if await open_escalation_of(conn, self.conv_id) is None:
                return False
            return await withdrawn_at(conn, self.conv_id, [{"message": m} for m in inbound],
                                      self.clock) is None

    async def _inbound(self, turn: Turn) -> list[dict[str, Any]] | None:
        common = {"external_id": f"eval.{uuid.uuid4().hex}", "buyer_id": self.context.buyer_id}
        if turn.say is not None:
            message = InboundMessage(kind="text", text=turn.say, **common)
        elif turn.tap is not None:
            message = InboundMessage(kind="list_reply", text=turn.title or turn.tap,
                                     reply_id=turn.tap, **common)
        elif turn.order is not None:
            message = InboundMessage(kind="order", order=Order(items=[
                OrderItem(product_retailer_id=sku, quantity=qty, item_price=price,
                          currency="BRL") for sku, qty, price in turn.order]), **common)
        elif turn.operator_returns is not None or turn.pickup_timeout:
            return await self._handoff_event(turn)
        elif turn.approve:
            return await approve_latest_order(self.resources, self.context.store_id,
                                              self.conv_id, self.clock)
        else:
            event = await (self._settle(turn.pay) if turn.pay else self._expire())
            if event is None:
                return None
            message = InboundMessage(kind="payment", channel="payments", payment=event, **common)
        return [message.model_dump(mode="json")]

    async def _handoff_event(self, turn: Turn) -> list[dict[str, Any]] | None:
        """Hands back (or times out) the open escalation and takes the event it queued."""
        async with self.resources.pool.connection() as conn:
            escalation = await open_escalation_of(conn, self.conv_id)
            if escalation is None:
                return None
            async with conn.transaction():
                if turn.pickup_timeout:
                    config = self.resources.services.stores.get(self.context.store_id)
                    self.clock.advance(minutes=config.escalation.pickup_timeout_minutes + 1)
                    events = await time_out_overdue(conn, self.clock)
                else:
                    operator = await _operator(conn, self.clock)
                    returned = await hand_back(conn, escalation["id"], operator,
                                               notes=turn.operator_returns or "",
                                               next_step=turn.next_step, clock=self.clock)
                    events = [returned] if returned is not None else []
                for event in events:
                    await enqueue_handoff_event(conn, event, self.clock)
            cur = await conn.execute(
                "UPDATE inbox SET status = 'done' WHERE id = (SELECT id FROM inbox"
                " WHERE conversation_id = %s AND kind = 'handoff' AND status = 'pending'"
                " ORDER BY id LIMIT 1) RETURNING message", (self.conv_id,))
            row = await cur.fetchone()
        return None if row is None else [row["message"]]

    async def _settle(self, status: str) -> dict[str, Any] | None:
        async with self.resources.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT p.token, p.amount, p.provider FROM payments p JOIN orders o"
                " ON o.id = p.order_id WHERE o.conversation_id = %s ORDER BY p.id DESC LIMIT 1",
                (self.conv_id,))
            payment = await cur.fetchone()
            if payment is None:
                return None
            outcome = await apply_notification(conn, payment["provider"], PaymentNotification(
                event_id=f"eval-{uuid.uuid4().hex}", token=payment["token"], provider_ref=None,
                status=status, amount=payment["amount"]), self.clock)
        if outcome is None or not outcome.changed:
            return None  # the service would not queue anything either
        return {"order_id": outcome.order.id, "payment_id": outcome.payment.id,
                "status": outcome.payment.status,
                **({"difference": True} if outcome.difference else {})}

    async def _expire(self) -> dict[str, Any] | None:
        config = self.resources.services.stores.get(self.context.store_id)
        self.clock.advance(minutes=config.payment.link_minutes + 1)
        async with self.resources.pool.connection() as conn:
            expired = [o for o in await expire_overdue(conn, self.clock)
                       if o.conversation_id == self.conv_id]
            lapsed = [d for d in await expire_difference_links(conn, self.clock)
                      if (await load_order(conn, d["order_id"])).conversation_id == self.conv_id]
        if lapsed and not expired:  # a difference's link, as the expiry job tells it
            return lapsed[-1] | {"status": "expired", "difference": True}
        if not expired:
            return None
        async with self.resources.pool.connection() as conn:
            payment = await latest_payment(conn, expired[-1].id)
        return {"order_id": expired[-1].id, "payment_id": payment.id if payment else None,
                "status": "expired"}

    async def _run_crashing(self, turn_id: str, inbound: list[dict[str, Any]]) -> dict:
        """The turn, stopped after every super-step and resumed by another compiled graph
        reading only the checkpoint, as a restarted process would."""
        graph = self.resources.graph
        first = turn_start(await graph.aget_state(self.config), turn_id, inbound)  # as run_turn
        await graph.ainvoke(first, self.config, context=self.context, interrupt_after="*",
                            durability="sync")
        while True:
            snapshot = await graph.aget_state(self.config)
            if not snapshot.next or snapshot.interrupts:
                return snapshot.values["reply"]
            if self.restarted is None:
                self.restarted = build_graph(TurnSaver(self.resources.pool))
            await self.restarted.ainvoke(None, self.config, context=self.context,
                                         interrupt_after="*", durability="sync")

    async def _observe(
        self, reply: dict[str, Any] | None, nodes: list[str], edges: list[tuple[str, str]]
    ) -> Observation:
        snapshot = await self.resources.graph.aget_state(self.config)
        values = snapshot.values or {}
        classification = values.get("classification") or {}
        waits = [i.value.get("waiting_for") for i in snapshot.interrupts
                 if isinstance(i.value, dict)]
        async with self.resources.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT l.sku, l.quantity FROM cart_lines l JOIN carts c ON c.id = l.cart_id"
                " WHERE c.conversation_id = %s AND c.status = 'open'", (self.conv_id,))
            cart = {row["sku"]: row["quantity"] for row in await cur.fetchall()}
            cur = await conn.execute(
                "SELECT status FROM orders WHERE conversation_id = %s ORDER BY id",
                (self.conv_id,))
            found = await cur.fetchall()
            orders = [row["status"] for row in found]
            cur = await conn.execute(
                "SELECT subtotal, shipping_cost, discount, total, payment_method,"
                " shipping->>'id' AS shipping, COALESCE(address->>'cep', '') AS cep,"
                " COALESCE(address->>'street', '') AS street FROM orders WHERE conversation_id = %s"
                " ORDER BY id DESC LIMIT 1", (self.conv_id,))
            latest = await cur.fetchone()
            last_order = {k: str(v) for k, v in (latest or {}).items() if v is not None}
            cur = await conn.execute(
                "SELECT sku, quantity FROM order_lines WHERE order_id = (SELECT id FROM orders"
                " WHERE conversation_id = %s ORDER BY id DESC LIMIT 1)", (self.conv_id,))
            order_lines = {row["sku"]: row["quantity"] for row in await cur.fetchall()}
        return Observation(
            intent=classification.get("intent") if reply is not None else None,
            entities=classification.get("entities") or {},
            nodes=nodes, edges=edges, reply=reply, cart=cart, orders=orders,
            last_order=last_order, order_lines=order_lines,
            pending_question=values.get("pending_question"),
            interrupt=waits[0] if waits else "none",
        )

    async def side_effects(self) -> dict[str, int]:
        """Counts a crash must not multiply: orders, payment links, cart changes, order
        lifecycle changes and money moved after checkout (refunds, differences)."""
        async with self.resources.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT (SELECT count(*) FROM orders WHERE conversation_id = %(c)s) AS orders,"
                " (SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id"
                "  WHERE o.conversation_id = %(c)s) AS payments,"
                " (SELECT count(*) FROM cart_ops x JOIN carts k ON k.id = x.cart_id"
                "  WHERE k.conversation_id = %(c)s) AS cart_changes,"
                " (SELECT count(*) FROM order_history h JOIN orders o ON o.id = h.order_id"
                "  WHERE o.conversation_id = %(c)s) AS order_changes,"
                " (SELECT count(*) FROM order_transactions t JOIN orders o ON o.id = t.order_id"
                "  WHERE o.conversation_id = %(c)s) AS money_moves", {"c": self.conv_id})
            return dict(await cur.fetchone())


def _resumes(inbound: list[dict[str, Any]]) -> bool:
    """Whether the turn is an event that a waiting thread resumes on."""
    return len(inbound) == 1 and inbound[0].get("kind") in {"payment", "handoff"}


async def _operator(conn: Any, clock: FrozenClock) -> int:
    """The evaluators' operator account (no password: it never signs in)."""
    cur = await conn.execute(
        "INSERT INTO operators (email, name, password_hash, created_at)"
        " VALUES ('eval@balcao.invalid', 'Eval', '!', %s) ON CONFLICT (email)"
        " DO UPDATE SET name = operators.name RETURNING id", (clock.now(),))
    return int((await cur.fetchone())["id"])


async def _make_returning(conn: Any, store_id: str, buyer: str, clock: FrozenClock) -> None:
    """A buyer who bought before: a customer record with a name and the last address."""
    now = clock.now()
    await conn.execute(
        "INSERT INTO customers (store_id, buyer_id, name, last_address, created_at, updated_at)"
        " VALUES (%s, %s, 'Cliente Antigo', %s, %s, %s)",
        (store_id, buyer, json.dumps(RETURNING_ADDRESS), now - timedelta(days=30), now),
    )
