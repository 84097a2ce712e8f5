"""A buyer asks in the chat to have their data erased (issue #18, LGPD): the request is
recorded, and carried out after an explicit yes (`privacy.erasure: auto`) or handed to a
person (`operator`), on the real graph, worker and maintenance job."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.resources import Resources, open_resources
from api.worker.maintenance import Maintenance
from balcao.clock import FrozenClock
from balcao.pii import pseudonym
from balcao.settings import Settings
from tests.integration.conftest import rows, text_of
from tests.security.test_privacy_erasure import say

BUYER, OTHER = "5511933330000", "5511944440000"
Shop = Callable[[str], AbstractAsyncContextManager[tuple[Resources, FrozenClock]]]


@pytest.fixture
def shop(db_url: str, tmp_path: Path) -> Shop:
    @asynccontextmanager
    async def opened(erasure: str) -> AsyncIterator[tuple[Resources, FrozenClock]]:
        store = yaml.safe_load((package_files.files("balcao.demo") / "store.yaml").read_text())
        store["privacy"] = {"erasure": erasure}
        (tmp_path / "default.yaml").write_text(yaml.safe_dump(store, allow_unicode=True))
        clock = FrozenClock(datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
        settings = Settings(_env_file=None, BALCAO_DEMO_STORE="false",  # type: ignore[call-arg]
                            BALCAO_STORES_DIR=str(tmp_path))
        async with open_resources(settings, clock=clock, url=db_url) as resources:
            yield resources, clock
    return opened


async def reply_to(resources: Resources, clock: FrozenClock, text: str,
                   buyer: str) -> dict[str, Any]:
    await say(resources, clock, text, buyer, "Cliente")
    found = await rows(resources, "SELECT payload FROM outbox WHERE recipient = "
                                  f"'{buyer}' ORDER BY id DESC LIMIT 1")
    return found[0]["payload"]


async def requests(resources: Resources) -> list[dict[str, Any]]:
    return await rows(resources, "SELECT subject, status, conversation_id IS NOT NULL AS linked,"
                                 " source FROM privacy_requests ORDER BY id")


async def test_auto_erasure_needs_a_yes_and_then_happens(shop: Shop) -> None:
    async with shop("auto") as (resources, clock):
        await say(resources, clock, "oi", BUYER, "Cliente")
        asked = text_of(await reply_to(resources, clock, "quero que apaguem meus dados", BUYER))
        assert "SIM" in asked
        assert await requests(resources) == [{"subject": pseudonym(BUYER), "linked": True,
                                              "status": "awaiting_confirmation",
                                              "source": "chat"}]
        await say(resources, clock, "oi", OTHER, "Outra")
        assert "SIM" in text_of(await reply_to(resources, clock, "apaga meus dados", OTHER))
        assert "apaguei nada" in text_of(await reply_to(resources, clock, "não", OTHER))

        assert "apagados" in text_of(await reply_to(resources, clock, "sim", BUYER))
        job = Maintenance(resources.pool, resources.services, clock)
        await job.apply_retention()  # the reply is not out yet: nothing erased
        assert await rows(resources, "SELECT count(*) AS n FROM conversations"
                                     f" WHERE buyer_id = '{BUYER}'") == [{"n": 1}]
        async with resources.pool.connection() as conn:  # as the outbox sender would
            await conn.execute("UPDATE outbox SET status = 'sent'")
        await job.apply_retention()
        for table in ("conversations", "inbox", "customers"):
            column = "buyer_id" if table != "inbox" else "message->>'buyer_id'"
            assert await rows(resources, f"SELECT count(*) AS n FROM {table}"  # noqa: S608
                                         f" WHERE {column} = '{BUYER}'") == [{"n": 0}], table
        assert [(r["status"], r["linked"]) for r in await requests(resources)] == [
            ("done", False), ("cancelled", True)]
        assert await rows(resources, "SELECT count(*) AS n FROM conversations"
                                     f" WHERE buyer_id = '{OTHER}'") == [{"n": 1}]


async def test_operator_erasure_goes_to_a_person(shop: Shop) -> None:
    async with shop("operator") as (resources, clock):
        await say(resources, clock, "hi there", BUYER, "Client")
        answer = text_of(await reply_to(resources, clock, "please delete my data", BUYER))
        assert "request to delete your data" in answer  # in the buyer's language
        assert [r["status"] for r in await requests(resources)] == ["routed"]
        assert await rows(resources, "SELECT reason, status FROM escalations") == [
            {"reason": "privacy_request", "status": "waiting"}]
        assert await rows(resources, "SELECT count(*) AS n FROM conversations") == [{"n": 1}]
