"""The worker looks again when a burst of messages turns quiet, not at its next poll: the
debounce is the only wait before a turn (api/worker/claims.py, `ready_conversations`)."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from api.worker.conversations import ConversationWorker, WorkerTiming
from balcao.clock import SystemClock
from tests.integration.conftest import env, receive, rows  # noqa: F401

DEBOUNCE = timedelta(milliseconds=300)
POLL_SECONDS = 60.0  # far longer than the test may take


async def test_a_quiet_burst_is_answered_after_its_debounce_not_the_next_poll(
    env,  # noqa: F811
) -> None:
    resources, _ = env
    clock = SystemClock()  # the debounce is waited in real time
    worker = ConversationWorker(resources.pool, resources.graph, resources.services, clock,
                                WorkerTiming(debounce=DEBOUNCE,
                                             max_burst_wait=timedelta(seconds=30)))
    stop, wake = asyncio.Event(), asyncio.Event()
    running = asyncio.create_task(worker.run(stop, wake, POLL_SECONDS))
    try:
        await receive(resources, clock, "oi")
        wake.set()  # as the webhook does: the message is not quiet yet
        deadline = time.monotonic() + 20
        while not await rows(resources, "SELECT 1 FROM inbox WHERE status = 'done'"):
            assert time.monotonic() < deadline, "not answered before the next poll"
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        wake.set()
        await running
    [row] = await rows(resources, "SELECT processed_at - received_at AS waited FROM inbox")
    assert DEBOUNCE <= row["waited"] < timedelta(seconds=20)  # the debounce held, no poll
