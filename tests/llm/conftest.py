"""A shop on the real graph, worker and Postgres whose store uses the LLM engine behind the
local OpenAI-compatible fake, and the buyer's side of a turn."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources as package_files
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.resources import Resources, open_resources
from balcao.clock import FrozenClock
from balcao.settings import Settings
from tests.fakes.openai_api import FakeOpenAiApi
from tests.integration.conftest import CATALOG, last_reply, receive, text_of, worker
from tools.catalog.importer import import_catalog


@pytest.fixture(scope="module")
def api() -> Iterator[FakeOpenAiApi]:
    """The fake model of a test module; each test scripts what it answers."""
    with FakeOpenAiApi() as fake:
        yield fake


def write_store(folder: Path, llm: dict[str, Any]) -> None:
    """The demo store's file in `folder`, with this `llm:` section."""
    store = yaml.safe_load((package_files.files("balcao.demo") / "store.yaml").read_text())
    store["llm"] = llm
    (folder / "default.yaml").write_text(yaml.safe_dump(store, allow_unicode=True))


@asynccontextmanager
async def llm_shop(db_url: str, folder: Path, api: FakeOpenAiApi, llm: dict[str, Any],
                   **settings: str) -> AsyncIterator[tuple[Resources, FrozenClock]]:
    """The service's resources with the small catalog, the store's `llm:` section as given and
    BALCAO_LLM_* pointing at `api` (plus any other `settings`, by their variable names)."""
    write_store(folder, llm)
    clock = FrozenClock(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    config = Settings(_env_file=None, BALCAO_DEMO_STORE="false",  # type: ignore[call-arg]
                      BALCAO_STORES_DIR=str(folder), BALCAO_LLM_BASE_URL=api.base_url,
                      BALCAO_LLM_MODEL=api.model, BALCAO_LLM_API_KEY=api.api_key, **settings)
    async with open_resources(config, clock=clock, url=db_url) as resources:
        async with resources.pool.connection() as conn:
            await import_catalog(conn, CATALOG.read_text().splitlines(), store_id="default",
                                 clock=clock)
        yield resources, clock


async def answer(resources: Resources, clock: FrozenClock, text: str, buyer: str) -> str:
    """The buyer writes `text`; the worker answers; the text of the reply sent."""
    await receive(resources, clock, text, buyer)
    clock.advance(seconds=1)
    await worker(resources, clock).process_ready()
    return text_of(await last_reply(resources))
