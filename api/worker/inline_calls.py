"""Small serialization calls run on the event loop instead of a thread-pool hop.

`AsyncPostgresSaver` hands every checkpoint's serialization to `asyncio.to_thread`
(`_dump_blobs`, `_dump_writes`, `_load_writes`): about 20 thread hops a turn for payloads of a
few KB that take microseconds to encode. Under the GIL the hop costs far more than the work
(a queue put, waking a thread, the GIL handed over and back, waking the loop), and on a busy
machine each hand-over waits for the OS to schedule the other thread (profiled: `SimpleQueue.put`
1.3 ms and libpq sends 0.6 ms on average, mostly waiting for the GIL; docs/performance.md).
`InlineSmallCalls` is the loop's default executor: the functions named in `INLINE` run at once
on the calling thread; anything else (a DNS lookup, a query's embedding) still goes to threads.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

INLINE = frozenset({
    "BasePostgresSaver._dump_blobs",
    "BasePostgresSaver._dump_writes",
    "BasePostgresSaver._load_writes",
})
"""Qualified names of pure, small, CPU-only functions (LangGraph's checkpoint serializers)."""


def _target(fn: Callable[..., Any]) -> Callable[..., Any]:
    """What `asyncio.to_thread` wraps: `partial(context.run, func, *args)`."""
    if isinstance(fn, functools.partial) and fn.args and callable(fn.args[0]):
        return fn.args[0]  # type: ignore[no-any-return]
    return fn


class InlineSmallCalls(ThreadPoolExecutor):
    """A thread pool that runs the `INLINE` functions on the caller's thread."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        target = getattr(_target(fn), "__func__", _target(fn))
        if getattr(target, "__qualname__", None) not in INLINE:
            return super().submit(fn, *args, **kwargs)
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # delivered to the awaiting caller, as from a thread
            future.set_exception(err)
        return future


def install(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Makes `InlineSmallCalls` the default executor of the (running) loop."""
    (loop or asyncio.get_running_loop()).set_default_executor(InlineSmallCalls())
