"""In-process fixtures: the real graph, worker and Postgres, with a clock the test moves."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.channels.whatsapp.parse import parse_webhook
from api.inbox import store_batch
from api.resources import Resources, open_resources
from api.worker.conversations import ConversationWorker, WorkerTiming
from balcao.clock import FrozenClock
from balcao.settings import Settings
from tests import webhooks
from tools.catalog.importer import import_catalog

CATALOG = Path(__file__).resolve().parents[1] / "e2e/small_catalog.jsonl"
BUYER = "5511900001111"
TIMING = WorkerTiming(debounce=timedelta(milliseconds=800), max_burst_wait=timedelta(seconds=5))


@pytest.fixture
async def env(db_url: str) -> AsyncIterator[tuple[Resources, FrozenClock]]:
    clock = FrozenClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    settings = Settings(_env_file=None, BALCAO_DEMO_STORE="false")  # type: ignore[call-arg]
    async with open_resources(settings, clock=clock, url=db_url) as resources:
        async with resources.pool.connection() as conn:
            await import_catalog(conn, CATALOG.read_text().splitlines(), store_id="default",
                                 clock=clock)
        yield resources, clock


async def receive(
    resources: Resources, clock: FrozenClock, text: str, buyer: str = BUYER
) -> None:
    batch = parse_webhook(json.dumps(webhooks.text(text, wa_id=buyer)).encode())
    async with resources.pool.connection() as conn:
        await store_batch(conn, batch, default_store_id="default", clock=clock)


async def rows(resources: Resources, sql: str) -> list[dict[str, Any]]:
    async with resources.pool.connection() as conn:
        cur = await conn.execute(sql)
        return await cur.fetchall()


def worker(resources: Resources, clock: FrozenClock, services: Any = None) -> ConversationWorker:
    return ConversationWorker(resources.pool, resources.graph, services or resources.services,
                              clock, TIMING)




async def tap(resources: Resources, clock: FrozenClock, row_id: str, buyer: str = BUYER) -> None:
    batch = parse_webhook(json.dumps(webhooks.list_reply(row_id, row_id, wa_id=buyer)).encode())
    async with resources.pool.connection() as conn:
        await store_batch(conn, batch, default_store_id="default", clock=clock)


async def last_reply(resources: Resources) -> dict[str, Any]:
    found = await rows(resources, "SELECT payload FROM outbox ORDER BY id DESC LIMIT 1")
    return found[0]["payload"]


def text_of(payload: dict[str, Any]) -> str:
    if payload["type"] == "text":
        return payload["text"]["body"]
    return payload["interactive"]["body"]["text"]
