"""Retention (issue #18, LGPD): each store's periods applied by the maintenance job, moved
through time with the injectable clock, on conversations the real graph had."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from importlib import resources as package_files
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from api.resources import Resources, open_resources
from api.worker.maintenance import Maintenance
from balcao.clock import FrozenClock
from balcao.settings import Settings
from balcao.store_config_privacy import PrivacyConfig
from tests.security.test_privacy_erasure import say

OLD, RECENT = "5511911110000", "5511922220000"


@pytest.fixture
async def shop(db_url: str, tmp_path: Path) -> AsyncIterator[tuple[Resources, FrozenClock]]:
    store = yaml.safe_load((package_files.files("balcao.demo") / "store.yaml").read_text())
    store["privacy"] = {"retention": {"conversations_days": 90, "payloads_days": 30,
                                      "checkpoints_days": 35}}
    (tmp_path / "default.yaml").write_text(yaml.safe_dump(store, allow_unicode=True))
    clock = FrozenClock(datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
    settings = Settings(_env_file=None, BALCAO_DEMO_STORE="false",  # type: ignore[call-arg]
                        BALCAO_STORES_DIR=str(tmp_path))
    async with open_resources(settings, clock=clock, url=db_url) as opened:
        yield opened, clock


async def held(resources: Resources, buyer: str) -> dict[str, int]:
    async with resources.pool.connection() as conn:
        cur = await conn.execute(
            "SELECT (SELECT count(*) FROM conversations WHERE buyer_id = %(b)s) AS conversations,"
            " (SELECT count(*) FROM inbox i JOIN conversations c ON c.id = i.conversation_id"
            "  WHERE c.buyer_id = %(b)s) AS inbox,"
            " (SELECT count(*) FROM outbox WHERE recipient = %(b)s) AS outbox,"
            " (SELECT count(*) FROM checkpoints WHERE thread_id = 'default:' || %(b)s)"
            " AS checkpoints", {"b": buyer})
        row = await cur.fetchone()
        assert row is not None
        return dict(row)


async def test_each_period_removes_its_data_and_nothing_before(shop) -> None:
    resources, clock = shop
    await say(resources, clock, "oi, tem garrafa termica?", OLD, "Velho Cliente")
    clock.advance(days=60)
    await say(resources, clock, "oi, tem garrafa termica?", RECENT, "Cliente Novo")
    async with resources.pool.connection() as conn:  # as the outbox sender would
        await conn.execute("UPDATE outbox SET status = 'sent', sent_at = created_at")
    before = await held(resources, RECENT)
    assert all(before.values()), before
    job = Maintenance(resources.pool, resources.services, clock)

    clock.advance(days=20)  # OLD silent 80 days: messages (30) and state (35) go; RECENT 20
    await job.apply_retention()
    assert await held(resources, OLD) == {"conversations": 1, "inbox": 0, "outbox": 0,
                                          "checkpoints": 0}
    assert await held(resources, RECENT) == before

    clock.advance(days=20)  # OLD 100 days (> 90): erased; RECENT 40: messages and state go
    assert await job.apply_retention() > 0
    assert await held(resources, OLD) == {"conversations": 0, "inbox": 0, "outbox": 0,
                                          "checkpoints": 0}
    assert await held(resources, RECENT) == {"conversations": 1, "inbox": 0, "outbox": 0,
                                             "checkpoints": 0}
    assert await job.apply_retention() == 0  # nothing left to remove


def test_retention_periods_are_validated() -> None:
    assert PrivacyConfig().retention.conversations_days >= PrivacyConfig().retention.payloads_days
    for bad in ({"payloads_days": 0}, {"checkpoints_days": -1},
                {"conversations_days": 10, "payloads_days": 30}, {"forever": True}):
        with pytest.raises(ValidationError):
            PrivacyConfig.model_validate({"retention": bad})
    with pytest.raises(ValidationError):
        PrivacyConfig.model_validate({"erasure": "never"})
    assert json.loads(PrivacyConfig.model_validate(
        {"erasure": "auto"}).model_dump_json())["erasure"] == "auto"
