"""Checkpoint bytes per turn over one long conversation (turn 1, 50, 200 ...), and what the
thread keeps once upkeep has pruned it (BALCAO_CHECKPOINTS_KEEP)."""

from __future__ import annotations

from typing import Any

from api.resources import open_resources
from api.worker.turn import run_turn
from balcao.messages import InboundMessage
from balcao.settings import Settings
from graphs.sales.context import Context
from tools.conversations.checkpoints import prune_thread, stored_bytes
from tools.conversations.threads import ensure_conversation, thread_id_for

BUYER = "5511988887777"


async def checkpoint_growth(db_url: str, script: list[str], turns: int,
                            at: tuple[int, ...] = (1, 50, 200)) -> dict[str, Any]:
    """Runs one conversation of `turns` turns through the real graph on the load database;
    returns the bytes each of the turns `at` wrote, and the thread's bytes before and after a
    prune."""
    settings = Settings(_env_file=None, DATABASE_URL=db_url)  # type: ignore[call-arg]
    written: dict[str, int] = {}
    async with open_resources(settings, url=db_url) as resources:
        store = settings.default_store_id
        thread = thread_id_for(store, BUYER)
        async with resources.pool.connection() as conn:
            conversation = await ensure_conversation(conn, store_id=store, buyer_id=BUYER)
        context = Context(store_id=store, buyer_id=BUYER, conversation_id=conversation,
                          services=resources.services)
        for n in range(1, turns + 1):
            async with resources.pool.connection() as conn:
                before = await stored_bytes(conn, thread)
            message = InboundMessage(kind="text", text=script[(n - 1) % len(script)],
                                     external_id=f"growth.{n}", buyer_id=BUYER)
            await run_turn(resources.graph, thread_id=thread, turn_id=f"growth-{n}",
                           inbound=[message.model_dump(mode="json")], context=context)
            if n in at:
                async with resources.pool.connection() as conn:
                    written[str(n)] = await stored_bytes(conn, thread) - before
        async with resources.pool.connection() as conn:
            total = await stored_bytes(conn, thread)
            cur = await conn.execute("SELECT count(*) AS n FROM checkpoints WHERE thread_id = %s",
                                     (thread,))
            checkpoints = (await cur.fetchone() or {"n": 0})["n"]
            await prune_thread(conn, thread, settings.checkpoints_keep)
            kept = await stored_bytes(conn, thread)
    return {"bytes_per_turn": written, "thread_bytes": total, "thread_bytes_pruned": kept,
            "keep": settings.checkpoints_keep, "checkpoints_per_turn": checkpoints / turns}
