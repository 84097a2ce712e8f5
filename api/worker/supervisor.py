"""The background workers of one process: conversation turns, the outbox sender, upkeep.

`balcao serve` starts them beside the API (unless BALCAO_RUN_WORKER=false); `balcao worker`
starts them alone. Any number of such processes can share one database.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from api.channels.chatwoot.client import ChatwootSender
from api.channels.evolution.client import EvolutionSender
from api.channels.playground.sender import PlaygroundSender
from api.worker import inline_calls
from api.worker.conversations import STOP_GRACE_SECONDS, ConversationWorker, WorkerTiming
from api.worker.maintenance import Maintenance
from api.worker.outbox import OutboxSender, RowSender
from balcao.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Workers:
    """The running worker tasks, and the events that wake or stop them."""

    stop: asyncio.Event = field(default_factory=asyncio.Event)
    turn_wake: asyncio.Event = field(default_factory=asyncio.Event)
    outbox_wake: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    enabled: bool = True

    def failed(self) -> list[str]:
        """The names of worker tasks that have ended (they only end on stop or a crash)."""
        return [t.get_name() for t in self.tasks if t.done()]

    async def close(self) -> None:
        """Stops the workers: turns in flight may end first (STOP_GRACE_SECONDS), then the
        rest is cancelled."""
        self.stop.set()
        self.turn_wake.set()
        self.outbox_wake.set()
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=STOP_GRACE_SECONDS + 2)
        for task in self.tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task


def start_workers(resources: Any, cfg: Settings) -> Workers:
    """Starts the conversation worker, upkeep and (when WhatsApp is configured) the sender."""
    workers = Workers(enabled=cfg.run_worker)
    if not cfg.run_worker:
        return workers
    inline_calls.install()
    poll = cfg.worker_poll_ms / 1000
    worker = ConversationWorker(
        resources.pool,
        resources.graph,
        resources.services,
        resources.clock,
        WorkerTiming(
            debounce=timedelta(milliseconds=cfg.debounce_ms),
            max_burst_wait=timedelta(milliseconds=cfg.max_burst_wait_ms),
        ),
        outbox_wake=workers.outbox_wake,
        concurrency=cfg.worker_concurrency,
    )
    maintenance = Maintenance(resources.pool, resources.services, resources.clock,
                              turn_wake=workers.turn_wake, outbox_wake=workers.outbox_wake)
    workers.tasks += [
        asyncio.create_task(worker.run(workers.stop, workers.turn_wake, poll),
                            name="conversation-worker"),
        asyncio.create_task(maintenance.run(workers.stop, cfg.maintenance_seconds),
                            name="maintenance"),
    ]
    if not resources.senders.configured():
        log.warning(
            "WhatsApp sending is not configured (WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID"
            " or a store's channels.whatsapp): replies wait in the outbox until it is"
        )
    sender = OutboxSender(
        resources.pool, resources.senders if resources.senders.configured() else None,
        resources.clock, max_attempts=cfg.outbox_max_attempts,
        channels=channel_senders(resources),  # Evolution API, Chatwoot, the playground
    )
    workers.tasks.append(asyncio.create_task(
        sender.run(workers.stop, workers.outbox_wake, poll), name="outbox"))
    return workers


def channel_senders(resources: Any) -> dict[str, RowSender]:
    """The outbox senders of the channels other than WhatsApp's Cloud API."""
    return {"evolution": EvolutionSender(resources.services.stores, resources.http),
            "chatwoot": ChatwootSender(resources.services.stores, resources.http,
                                       resources.pool, resources.clock),
            "playground": PlaygroundSender()}
