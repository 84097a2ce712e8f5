"""The console's playground talks to the bot of the operator's store (issue #19): an agent of
store B is answered from B's catalog, and never reads a playground conversation of store A."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest

from api.worker.conversations import ConversationWorker
from tests.integration.conftest import TIMING
from tests.stores.conftest import A, B, World

API = "/console/playground/api"


@pytest.fixture(scope="module", autouse=True)
def _full_text_search_only() -> Iterator[None]:
    """No embedding model to load: full-text search finds the stores' products (set before
    the module's service starts)."""
    saved = os.environ.get("BALCAO_EMBEDDINGS")
    os.environ["BALCAO_EMBEDDINGS"] = "none"
    yield
    if saved is None:
        os.environ.pop("BALCAO_EMBEDDINGS", None)
    else:
        os.environ["BALCAO_EMBEDDINGS"] = saved


def _talk(world: World, csrf: str, text: str, buyer: str | None = None) -> tuple[str, str]:
    """Says `text` on the console's playground (as a new buyer unless given) and lets the
    worker answer; returns the buyer and the bot's reply as JSON text."""
    headers = {"X-CSRF-Token": csrf}
    buyer = buyer or world.client.post(f"{API}/buyers", json={}, headers=headers).json()["buyer"]
    sent = world.client.post(f"{API}/messages", json={"buyer": buyer, "text": text},
                             headers=headers)
    assert sent.json() == {"stored": True}
    world.clock.advance(seconds=61)  # past the debounce and the store's per-minute pace
    resources: Any = world.client.app_state["resources"]
    worker = ConversationWorker(resources.pool, resources.graph, resources.services,
                                world.clock, TIMING)
    assert world.client.portal is not None
    assert world.client.portal.call(worker.process_ready) == 1
    items = world.client.get(f"{API}/conversation", params={"buyer": buyer}).json()["items"]
    return buyer, json.dumps(items[-1]["message"], ensure_ascii=False)


def _csrf(world: World, email: str) -> str:
    world.sign_in(email)
    page = world.client.get("/console/playground").text
    found = re.search(r'data-csrf="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_an_agent_of_b_talks_to_bs_bot_and_cannot_reach_a(world: World) -> None:
    owner = _csrf(world, "dono@ab.com")  # shows store A first (the default)
    theirs, reply = _talk(world, owner, "tem caneca alfa?")
    assert world.ids[A]["product"] in reply
    assert world.rows("SELECT store_id FROM conversations WHERE buyer_id = %s",
                      (theirs,)) == [{"store_id": A}]

    csrf = _csrf(world, "bia@b.com")
    buyer, reply = _talk(world, csrf, "tem garrafa beta?")
    assert world.ids[B]["product"] in reply and world.ids[A]["product"] not in reply
    _, reply = _talk(world, csrf, "tem caneca alfa?", buyer)
    assert world.ids[A]["product"] not in reply  # A's catalog is not B's bot's
    assert world.rows("SELECT store_id FROM conversations WHERE buyer_id = %s",
                      (buyer,)) == [{"store_id": B}]
    # Store A's playground conversation, asked for by its buyer id: nothing of it.
    seen = world.client.get(f"{API}/conversation", params={"buyer": theirs, "trace": "true"})
    assert seen.status_code == 200 and seen.json() == {"thread_id": None, "items": []}
