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
the null task (a `Command(update=...)` given with a resume, not stored anywhere else). Reading,
listing, pruning and deleting are LangGraph's, unchanged; a plain `AsyncPostgresSaver` reads
what this one writes and vice versa.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

NULL_TASK_ID = "00000000-0000-0000-0000-000000000000"
"""LangGraph's task id for writes made outside any node (langgraph._internal._constants)."""


def carries_meaning(writes: Sequence[tuple[str, Any]], task_id: str) -> bool:
    """Whether a task's writes hold something the next checkpoint does not."""
    return task_id == NULL_TASK_ID or any(channel.startswith("__") for channel, _ in writes)


class TurnSaver(AsyncPostgresSaver):
    """`AsyncPostgresSaver` that skips a node's writes when its checkpoint will hold them."""

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        if carries_meaning(writes, task_id):
            await super().aput_writes(config, writes, task_id, task_path)

    def get_next_version(self, current: str | None, channel: None) -> str:
        """LangGraph's version format with a shorter random part (8 hex digits instead of a
        float's 18 characters). The versions of every channel are in every checkpoint, so this
        saves ~6% of a turn's bytes. The random part only tells apart two branches that reach the
        same version number (a fork, a node run again after a crash); 32 bits do that. The
        number keeps its 32-digit padding: LangGraph compares versions as strings, and a plain
        `AsyncPostgresSaver` (the golden runner's restarts) continues the same threads."""
        number = 0 if current is None else int(str(current).split(".")[0])
        return f"{number + 1:032}.{secrets.token_hex(4)}"
