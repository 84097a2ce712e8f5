"""The checkpoint serializers run on the event loop; other calls still go to threads."""

from __future__ import annotations

import asyncio
import threading

from langgraph.checkpoint.postgres.base import BasePostgresSaver

from api.worker.inline_calls import INLINE, install


def test_the_inlined_names_are_langgraphs_serializers() -> None:
    # A LangGraph upgrade that renames them would silently bring the thread hops back.
    for name in INLINE:
        owner, _, method = name.partition(".")
        assert owner == BasePostgresSaver.__name__ and callable(getattr(BasePostgresSaver, method))


async def test_only_the_named_functions_run_on_the_loop_thread() -> None:
    install()
    loop_thread = threading.get_ident()

    class Saver(BasePostgresSaver):
        def __init__(self) -> None:  # no connection needed to load writes
            from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

            self.serde = JsonPlusSerializer()

    def where() -> int:
        return threading.get_ident()

    saver = Saver()
    assert await asyncio.to_thread(saver._load_writes, None) == []
    ran_inline: list[int] = []
    original = Saver._load_writes

    def spying(self: Saver, writes: object) -> list[tuple[str, str, object]]:
        ran_inline.append(threading.get_ident())
        return original(self, writes)  # type: ignore[arg-type]

    spying.__qualname__ = "BasePostgresSaver._load_writes"
    Saver._load_writes = spying  # type: ignore[method-assign]
    await asyncio.to_thread(saver._load_writes, None)
    assert ran_inline == [loop_thread]
    assert await asyncio.to_thread(where) != loop_thread  # anything else: a thread
