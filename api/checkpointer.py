"""The service's checkpointer: LangGraph's `AsyncPostgresSaver`, minus the writes no one reads.

After each task LangGraph stores the task's writes (`checkpoint_writes`) and, once the
super-step ends, the checkpoint with the new channel values (`checkpoint_blobs`). In the sales
graph every super-step runs one node, so a task's ordinary writes (state keys, `branch:to:*`)
are the same values as the next checkpoint's blobs: a second copy, about a third of what a
turn stored (docs/performance.md). The copy matters only if the process dies between the task
ending and its checkpoint; without it that node runs again from the same checkpoint, which is
what already happens when the process dies inside the node, so nodes must bear it anyway.

`TurnSaver` keeps what carries meaning of its own: interrupts and the answers that resume them,
errors, scheduled and pushed tasks, return values (channels named `__…__`), and the writes of
the null task (a `Command(update=...)` given with a resume, not stored anywhere else) except a
turn's start (`Command(update=input, goto=FIRST_NODE)`, api/worker/turn.py), which the first
node's checkpoint holds.

What it writes is smaller again (docs/performance.md, "Checkpoints"): empty lists and dicts in
the checkpoint's JSON instead of a blob row each, 15-character channel versions instead of 50,
values of 128 bytes or more zlib-compressed, and a small checkpoint's version maps packed
(tools/conversations/checkpoint_serde.py). A new thread's input checkpoints (the input, then
`__start__`'s) are kept in memory until the first node's checkpoint, which holds all they hold,
is stored (`_defers`).
Reading, listing, pruning and deleting are LangGraph's. It reads and carries on the threads a
plain `AsyncPostgresSaver` wrote; a plain one cannot read its compressed values nor continue
its versions, so everything that reads the service's checkpoints uses `TurnSaver` (the
service, the golden runner's restarts, replay, the playground) or its serializer (the privacy
export).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    get_checkpoint_id,
    get_serializable_checkpoint_metadata,
)
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.serde.base import SerializerProtocol
from langgraph.checkpoint.serde.types import _DeltaSnapshot
from langgraph.types import StateSnapshot
from psycopg.rows import DictRow
from psycopg.types.json import Jsonb

from tools.conversations.checkpoint_serde import CompressingSerializer, pack_maps, unpack_maps
from tools.recording import INSERT_TOOL_CALL_SQL, unstored_tool_calls

NULL_TASK_ID = "00000000-0000-0000-0000-000000000000"
"""LangGraph's task id for writes made outside any node (langgraph._internal._constants)."""


def carries_meaning(writes: Sequence[tuple[str, Any]], task_id: str) -> bool:
    """Whether a task's writes hold something the next checkpoint does not. A turn's start
    (`Command(update=input, goto=first node)`, api/worker/turn.py) is the null task's writes
    with a `branch:to:` one: the first node's checkpoint holds them, and a turn cut short before
    it is started again by `run_turn` with the same input."""
    if any(channel.startswith("__") for channel, _ in writes):
        return True
    return task_id == NULL_TASK_ID and not any(
        channel.startswith("branch:to:") for channel, _ in writes)


class TurnSaver(AsyncPostgresSaver):
    """`AsyncPostgresSaver` that skips a node's writes when its checkpoint will hold them,
    keeps empty values in the checkpoint row, writes shorter versions and compresses the larger
    values (tools/conversations/checkpoint_serde.py), and stores a new thread's input
    checkpoints only when something needs them (`_defers`)."""

    def __init__(self, conn: Any, serde: SerializerProtocol | None = None) -> None:
        super().__init__(conn, serde=serde or CompressingSerializer())
        self._deferred: dict[str, _Put] = {}

    async def aput(self, config: RunnableConfig, checkpoint: Checkpoint,
                   metadata: CheckpointMetadata, new_versions: ChannelVersions) -> RunnableConfig:
        """LangGraph's `aput` (the same statements), with empty lists and dicts kept in the
        checkpoint's JSON as it keeps strings and numbers: each node clears a few state keys
        every turn (`needs`, `action`, `outcome`...), and a blob row for `[]` is ~105 bytes."""
        if any(isinstance(v, _DeltaSnapshot) for v in checkpoint["channel_values"].values()):
            return await super().aput(config, checkpoint, metadata, new_versions)
        configurable = config["configurable"]
        stored = {"configurable": {"thread_id": configurable["thread_id"],
                                   "checkpoint_ns": configurable["checkpoint_ns"],
                                   "checkpoint_id": checkpoint["id"]}}
        parent = configurable.get("checkpoint_id")
        if self._defers(parent, metadata):
            self._deferred[checkpoint["id"]] = _Put(config, checkpoint, metadata, new_versions)
            while len(self._deferred) > _MAX_DEFERRED:  # runs that failed before a node ended
                del self._deferred[next(iter(self._deferred))]
            return stored
        if parent in self._deferred:  # the thread's first stored checkpoint: all its values
            self._forget(parent)
            config = {"configurable": {**configurable, "checkpoint_id": None}}
            new_versions = checkpoint["channel_versions"]
        await self._put(config, checkpoint, metadata, new_versions)
        return stored

    def _defers(self, parent: str | None, metadata: CheckpointMetadata) -> bool:
        """A new thread's input checkpoint and the one `__start__` makes from it (step 0) wait
        in memory: the first node's checkpoint holds all they hold (~1.6 KB, docs/performance.md),
        and a turn cut short before it leaves an empty thread, which `run_turn` starts again
        with the same input (what a crash inside that node does anyway)."""
        source = metadata.get("source")
        return (source == "input" and parent is None) or (
            source == "loop" and metadata.get("step") == 0 and parent in self._deferred)

    def _forget(self, checkpoint_id: str | None) -> None:
        while checkpoint_id in self._deferred:
            put = self._deferred.pop(checkpoint_id)
            checkpoint_id = put.config["configurable"].get("checkpoint_id")

    async def _store_deferred(self, checkpoint_id: str) -> None:
        """Stores a deferred checkpoint (and the deferred ones before it) when a write that
        carries meaning is made from it: an interrupt or an error of the first node."""
        put = self._deferred.pop(checkpoint_id)
        parent = put.config["configurable"].get("checkpoint_id")
        if parent in self._deferred:
            await self._store_deferred(parent)
        await self._put(put.config, put.checkpoint, put.metadata,
                        put.checkpoint["channel_versions"])

    async def _put(self, config: RunnableConfig, checkpoint: Checkpoint,
                   metadata: CheckpointMetadata, new_versions: ChannelVersions) -> None:
        values = checkpoint["channel_values"]
        configurable = config["configurable"]
        thread_id, namespace = configurable["thread_id"], configurable["checkpoint_ns"]
        inline = {k: v for k, v in values.items() if _inline(v)}
        blobs = {k: v for k, v in values.items() if k not in inline}
        _forget_latest(thread_id)
        tool_calls = unstored_tool_calls(thread_id)  # the node's, recorded (tools/recording.py)
        async with self._cursor(pipeline=True) as cur:
            if tool_calls:
                await cur.executemany(INSERT_TOOL_CALL_SQL, tool_calls)
            if versions := {k: v for k, v in new_versions.items() if k in blobs}:
                await cur.executemany(self.UPSERT_CHECKPOINT_BLOBS_SQL, await asyncio.to_thread(
                    self._dump_blobs, thread_id, namespace, blobs, versions))
            await cur.execute(self.UPSERT_CHECKPOINTS_SQL, (
                thread_id, namespace, checkpoint["id"], configurable.get("checkpoint_id"),
                Jsonb(pack_maps({**checkpoint, "channel_values": inline}, set(blobs))),
                Jsonb(get_serializable_checkpoint_metadata(config, metadata))))

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        """LangGraph's, but a thread's latest checkpoint read inside `reading_latest_once` is
        kept for the next read of it there: `run_turn` reads it to decide how the turn starts,
        and `ainvoke` reads it again at once (one round trip and one decoding a turn)."""
        kept = _latest.get()
        configurable = config["configurable"]
        if kept is None or kept.thread_id != configurable["thread_id"] or \
                configurable.get("checkpoint_ns") or get_checkpoint_id(config):
            return await super().aget_tuple(config)
        if kept.read:
            kept.read = False
            return kept.value
        kept.value, kept.read = await super().aget_tuple(config), True
        return kept.value

    async def _load_checkpoint_tuple(self, value: DictRow) -> CheckpointTuple:
        """LangGraph's, with a small checkpoint's maps unpacked (`pack_maps`)."""
        return await super()._load_checkpoint_tuple(
            {**value, "checkpoint": unpack_maps(value["checkpoint"])})

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        thread_id = config["configurable"]["thread_id"]
        _forget_latest(thread_id)
        if carries_meaning(writes, task_id):
            if tool_calls := unstored_tool_calls(thread_id):  # a node pausing: its calls now
                async with self._cursor(pipeline=True) as cur:
                    await cur.executemany(INSERT_TOOL_CALL_SQL, tool_calls)
            if config["configurable"].get("checkpoint_id") in self._deferred:
                await self._store_deferred(config["configurable"]["checkpoint_id"])
            await super().aput_writes(config, writes, task_id, task_path)

    def get_next_version(self, current: str | None, channel: None) -> str:
        """A 6-digit base-36 number and 8 random hex digits (15 characters; LangGraph's are 32
        decimal digits and a float, 50). Each checkpoint names every channel's version and each
        blob row its own, so this is ~10% of a turn's bytes. LangGraph compares versions as
        strings: fixed-width base 36 (digits before letters in ASCII) sorts as the numbers do,
        and any such version sorts after any 32-digit one (a thread a plain
        `AsyncPostgresSaver` wrote carries on). A plain saver cannot continue a thread this one
        wrote (it reads the number as decimal): every runner uses `TurnSaver`. The random part
        tells apart two branches that reach the same number (a fork, a node run again after a
        crash); 32 bits do that."""
        return f"{_base36(version_number(current) + 1)}.{secrets.token_hex(4)}"


class _Latest:
    def __init__(self, thread_id: str) -> None:
        self.thread_id = thread_id
        self.read = False
        self.value: CheckpointTuple | None = None


_latest: ContextVar[_Latest | None] = ContextVar("latest_checkpoint", default=None)


@contextmanager
def reading_latest_once(thread_id: str) -> Iterator[None]:
    """Within this block (one turn, its conversation locked: no other process writes the
    thread), the thread's latest checkpoint is read from the database once for two reads;
    any write of the thread forgets it."""
    token = _latest.set(_Latest(thread_id))
    try:
        yield
    finally:
        _latest.reset(token)


def _forget_latest(thread_id: str) -> None:
    kept = _latest.get()
    if kept is not None and kept.thread_id == thread_id:
        kept.read, kept.value = False, None


_MAX_DEFERRED = 1_000
"""Deferred checkpoints kept at most (a few per turn running on a new thread)."""


class _Put(NamedTuple):
    config: RunnableConfig
    checkpoint: Checkpoint
    metadata: CheckpointMetadata
    new_versions: ChannelVersions


VERSION_DIGITS = 6
"""Base-36 digits of a version's number: 2.2 billion steps a thread."""


def version_number(version: str | int | None) -> int:
    """The step number of a version: base 36 (TurnSaver's), or decimal (LangGraph's)."""
    if version is None:
        return 0
    head = str(version).split(".")[0]
    return int(head, 36) if len(head) == VERSION_DIGITS else int(head)


def _base36(number: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits.rjust(VERSION_DIGITS, "0")


def _inline(value: Any) -> bool:
    """Whether a value is stored in the checkpoint's JSON (it reads back the same)."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    return type(value) in (list, dict) and not value


def started_by_command(first: StateSnapshot, before: StateSnapshot | None) -> bool:
    """Whether the turn whose first checkpoint is `first` has no input checkpoint: it began
    with `Command(goto=FIRST_NODE)`, or on a new thread whose input checkpoints `TurnSaver`
    did not store. Then `first` is FIRST_NODE's own, and the one `before` it (if any) ended
    the previous turn (no tasks left)."""
    return (first.metadata or {}).get("source") == "loop" and (
        before is None or not before.tasks)
