"""Waiting for work: a wake-up event from this process, or a poll for other processes' work."""

from __future__ import annotations

import asyncio


async def wait_for_work(wake: asyncio.Event, seconds: float) -> None:
    """Returns when `wake` is set or after `seconds`, whichever is first."""
    try:
        await asyncio.wait_for(wake.wait(), timeout=seconds)
    except TimeoutError:
        pass
    wake.clear()
