"""Records what the graph's tools answered, and plays it back.

Nodes reach tools only through `Services` (catalog, cart, payment providers), so wrapping
those clients sees every call. `recording` stores each call's arguments and result per turn;
`playing_back` answers the same calls, in the same order, from what was stored: a replay of
a turn then runs deterministically and writes nothing through those tools.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel, TypeAdapter

from balcao.clock import Clock
from tools.cart.models import Cart
from tools.catalog.models import Product, ProductHit, Recommendation
from tools.payments.base import CreatedPayment
from tools.payments.refunds import RefundResult

# How each recorded result is read back into the type the caller expects.
_RESULTS: dict[str, TypeAdapter[Any]] = {
    "catalog.search": TypeAdapter(list[ProductHit]),
    "catalog.get": TypeAdapter(Product | None),
    "catalog.related": TypeAdapter(list[Product]),
    "catalog.recommend": TypeAdapter(list[Recommendation]),
    "catalog.categories": TypeAdapter(list[tuple[str, int]]),
    "carts.open_cart": TypeAdapter(Cart | None),
    "carts.add": TypeAdapter(Cart),
    "carts.remove": TypeAdapter(Cart | None),
    "payments.create": TypeAdapter(CreatedPayment),
    "payments.refund": TypeAdapter(RefundResult),
}


# Arguments that name the conversation or the turn, not what was asked: a replay on a fork
# passes its own.
_IDENTITY_KWARGS = {"conversation_id", "op_key"}
_IDENTITY_POSITIONAL = {"carts.open_cart": 1}  # open_cart(conversation_id)


def _what_was_asked(tool: str, plain_args: dict[str, Any]) -> dict[str, Any]:
    skip = _IDENTITY_POSITIONAL.get(tool, 0)
    return {"args": plain_args["args"][skip:],
            "kwargs": {k: v for k, v in plain_args["kwargs"].items()
                       if k not in _IDENTITY_KWARGS}}


INSERT_TOOL_CALL_SQL = (
    "INSERT INTO tool_calls (thread_id, turn_id, seq, tool, args, result, recorded_at)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (thread_id, turn_id, seq) DO NOTHING")


class ToolCallRows:
    """A turn's recorded calls not stored yet: the checkpoint that ends the node that made
    them stores them in its own round trip (api/checkpointer.py), or the interrupt of a node
    that pauses the turn, or the turn's end."""

    def __init__(self, thread_id: str) -> None:
        self.thread_id = thread_id
        self._rows: list[tuple[Any, ...]] = []

    def add(self, row: tuple[Any, ...]) -> None:
        self._rows.append(row)

    def take(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows


_unstored: ContextVar[ToolCallRows | None] = ContextVar("unstored_tool_calls", default=None)


@contextmanager
def storing_with_checkpoints(thread_id: str) -> Iterator[ToolCallRows]:
    """Within this block, the thread's recorded calls wait for the next checkpoint instead of
    an `INSERT` each (2-3 round trips a turn). A node's calls are then stored with its
    checkpoint: a crash before it loses both, and the node runs again and records them again,
    as before (the calls a node made were never worth more than its checkpoint)."""
    rows = ToolCallRows(thread_id)
    token = _unstored.set(rows)
    try:
        yield rows
    finally:
        _unstored.reset(token)


def unstored_tool_calls(thread_id: str) -> list[tuple[Any, ...]]:
    """The thread's recorded calls waiting to be stored, taken (the checkpointer stores them)."""
    rows = _unstored.get()
    return rows.take() if rows is not None and rows.thread_id == thread_id else []


class NotRecorded(LookupError):
    """A replayed turn made a call the original did not: it has diverged."""


def _plain(value: Any) -> Any:
    """JSON-safe form of a tool's arguments or result."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)  # Decimal, datetime


class _Calls:
    """One turn's tool calls: recorded to the database, or served from a recording."""

    def __init__(self, pool: Any, clock: Clock, thread_id: str, turn_id: str,
                 recorded: list[dict[str, Any]] | None = None) -> None:
        self._pool, self._clock = pool, clock
        self._thread, self._turn = thread_id, turn_id
        self._seq = 0
        self._recorded = recorded

    async def call(self, tool: str, real: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        plain_args = _plain({"args": list(args), "kwargs": kwargs})
        if self._recorded is not None:
            return self._play(tool, plain_args)
        result = await real(*args, **kwargs)
        self._seq += 1
        row = (self._thread, self._turn, self._seq, tool, json.dumps(plain_args),
               json.dumps(_plain(result)), self._clock.now())
        unstored = _unstored.get()
        if unstored is not None and unstored.thread_id == self._thread:
            unstored.add(row)
            return result
        async with self._pool.connection() as conn:
            await conn.execute(INSERT_TOOL_CALL_SQL, row)
        return result

    def _play(self, tool: str, plain_args: Any) -> Any:
        assert self._recorded is not None
        asked = _what_was_asked(tool, plain_args)
        for index, row in enumerate(self._recorded):
            if row["tool"] == tool and _what_was_asked(tool, row["args"]) == asked:
                del self._recorded[index]
                adapter = _RESULTS.get(tool)
                return adapter.validate_python(row["result"]) if adapter else row["result"]
        raise NotRecorded(f"{tool} with {plain_args} was not called in the recorded turn")


class _Wrapped:
    def __init__(self, real: Any, name: str, calls: _Calls) -> None:
        self._real, self._name, self._calls = real, name, calls

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._real, attribute)
        if not inspect.iscoroutinefunction(value):
            return value

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self._calls.call(f"{self._name}.{attribute}", value, args, kwargs)

        return call


class _Gateway:
    def __init__(self, real: Any, calls: _Calls) -> None:
        self._real, self._calls = real, calls

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._real, attribute)

    def provider(self, name: str) -> Any:
        real = self._real.provider(name)
        calls = self._calls

        class Provider:
            def __init__(self) -> None:
                self.name = real.name

            async def create(self, request: Any) -> Any:
                return await calls.call("payments.create", real.create, (request,), {})

            async def notification(self, *args: Any, **kwargs: Any) -> Any:
                return await real.notification(*args, **kwargs)

            async def refund(self, request: Any) -> Any:
                return await calls.call("payments.refund", real.refund, (request,), {})

        return Provider()


def wrap_tool_calls(services: Any, calls: _Calls) -> Any:
    """`services` whose catalog, cart and payment calls all go through `calls` (recording
    them, or tracing them as spans)."""
    return dataclasses.replace(
        services,
        catalog=_Wrapped(services.catalog, "catalog", calls),
        carts=_Wrapped(services.carts, "carts", calls),
        gateway=_Gateway(services.gateway, calls),
    )


def recording(services: Any, *, thread_id: str, turn_id: str) -> Any:
    """`services` whose tool calls this turn are stored."""
    return wrap_tool_calls(services, _Calls(services.pool, services.clock, thread_id, turn_id))


async def recorded_calls(pool: Any, thread_id: str, turn_id: str) -> list[dict[str, Any]]:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT tool, args, result FROM tool_calls WHERE thread_id = %s AND turn_id = %s"
            " ORDER BY seq", (thread_id, turn_id))
        return await cur.fetchall()


def playing_back(services: Any, calls: list[dict[str, Any]]) -> Any:
    """`services` that answer from `calls` (as recorded) and never reach the real tools."""
    return wrap_tool_calls(services, _Calls(services.pool, services.clock, "", "", list(calls)))
