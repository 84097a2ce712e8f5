"""Finding 4, what one turn of a flood costs: a full-length pasted text is a turn of its own,
read in a bounded text, each item it repeats is looked up once, and its query vector is of a
bounded text. Counted work, not wall-clock time (which flakes on a shared machine); the times
are the benchmark's: `python -m evals.load --flood-messages 500`.

Before: four 4,096-character texts were one turn of 16 KB; every step read all of it, and
the search embedded it whole (1-2 s holding the one embedder lock every buyer's search waits
on), so other buyers' replies took twice as long.
"""

from __future__ import annotations

import json
from typing import Any

from api.buyer_limits import bound_turn
from api.channels.whatsapp.parse import parse_webhook
from evals.load.flood import flood_text
from graphs.sales.inbound import read_turn
from graphs.sales.nlu.offline import LONGEST_TEXT
from graphs.sales.resolve import Catalog, Seen, resolve
from tests import webhooks
from tests.integration.conftest import env  # noqa: F401  (the real catalog, in Postgres)
from tools.catalog.embeddings.local import LONGEST_QUERY, UseEmbedder


def _inbound(*texts: str) -> list[dict[str, Any]]:
    """The texts as the worker hands them to the graph (stored `InboundMessage` dumps)."""
    return [parse_webhook(json.dumps(webhooks.text(t, wamid=f"wamid.c{n}")).encode())
            .messages[0].model_dump(mode="json") for n, t in enumerate(texts)]


def test_a_full_length_text_is_a_turn_alone_and_is_read_in_a_bounded_text() -> None:
    pasted, short = _inbound(flood_text(1), flood_text(2)), _inbound("oi", "tem caneca?")
    assert bound_turn(pasted) == ([pasted[0]], [pasted[1]])
    assert bound_turn(short + pasted) == (short, pasted)  # people typing: one turn
    text = read_turn({"inbound": pasted}).text
    assert text == flood_text(1)[:LONGEST_TEXT]
    assert read_turn({"inbound": short}).text == "oi\ntem caneca?"


class CountedCatalog:
    """The real catalog, counting the searches the resolver asks of it."""

    def __init__(self, catalog: Any) -> None:
        self._catalog = catalog
        self.searched: list[str] = []

    async def search(self, store_id: str, words: str, **kwargs: Any) -> Any:
        self.searched.append(words)
        return await self._catalog.search(store_id, words, **kwargs)

    async def get(self, store_id: str, sku: str) -> Any:
        return await self._catalog.get(store_id, sku)


async def test_each_item_a_pasted_text_repeats_is_looked_up_once(env: Any) -> None:  # noqa: F811
    resources, _ = env
    catalog = CountedCatalog(resources.services.catalog)
    text = read_turn({"inbound": _inbound(flood_text(1))}).text
    resolution = await resolve(text, Seen(), Catalog(catalog, "default"))
    assert catalog.searched and sorted(set(catalog.searched)) == sorted(catalog.searched)
    assert len(catalog.searched) <= 3  # "camisetas", "garrafas termicas": repeated 15 times
    assert resolution.named  # and the items are still found


def test_a_query_vector_is_of_its_first_characters_only() -> None:
    embedder = UseEmbedder()
    pasted = flood_text(1)
    assert embedder.embed_query(pasted) == embedder.embed_query(pasted[:LONGEST_QUERY])
    assert embedder.embed_query(pasted[:40]) != embedder.embed_query(pasted[:LONGEST_QUERY])


def test_a_long_text_counts_as_several_but_always_fits_an_empty_window() -> None:
    from datetime import UTC, datetime

    from api.buyer_limits import BuyerFloodGuard
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    strict = BuyerFloodGuard(per_minute=1)
    assert strict.admit("b", now, weight=4) == "ok"  # a rate of one still takes one text
    assert strict.admit("b", now, weight=1) == "warn"
    roomy = BuyerFloodGuard(per_minute=6)
    assert [roomy.admit("c", now, weight=4) for _ in range(2)] == ["ok", "warn"]
