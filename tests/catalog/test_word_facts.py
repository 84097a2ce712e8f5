"""The search's answers about single words kept per store at its catalog version
(tools/catalog/terms.py, `WordFacts`): the same word groups as asking the database, no round
trip for words already answered, and a write to the store's products seen at its next
version."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from balcao.clock import FrozenClock
from tests.catalog.conftest import SPEC_EXAMPLE
from tools.catalog.importer import import_catalog
from tools.catalog.product_cache import catalog_version_known, read_catalog_version
from tools.catalog.terms import StemCache, WordFacts, prepare, query_words

CLOCK = FrozenClock(datetime(2025, 3, 1, tzinfo=UTC))
QUERIES = [
    "tem garafa termica?",  # a typo the store corrects
    "quero ver camisetas azul",
    "my boyfriend is a total tech guy, got any gadgets?",  # chatter around a product word
    "caixinha de som ate 300",  # a diminutive and a number
    "oi tudo bem? vcs vendem bicicleta aro 29 pro meu filho?",  # nothing of the kind
]


class _NoDatabase:
    """A connection that must not be used: the answers are all in memory."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the database was asked ({name})")


@pytest.mark.parametrize("query", QUERIES)
async def test_remembered_words_give_the_groups_the_database_gives(demo_pool,
                                                                   query: str) -> None:
    words = query_words(query)
    async with demo_pool.connection() as conn:
        asked = await prepare(conn, "default", words, StemCache())
        version = await read_catalog_version(conn, "default")
        facts, stems = WordFacts(), StemCache()
        with catalog_version_known("default", version):
            first = await prepare(conn, "default", words, stems, facts=facts)
            again = await prepare(_NoDatabase(), "default", words, stems,  # type: ignore[arg-type]
                                  facts=facts)
            # Stems forgotten (the process's cache is bounded): asked again, in one lookup.
            forgot = await prepare(conn, "default", words, StemCache(), facts=facts)
    assert first.terms == asked.terms == again.terms == forgot.terms


async def test_without_a_known_version_every_search_asks_the_database(demo_pool) -> None:
    facts, stems = WordFacts(), StemCache()
    words = query_words("tem garafa termica?")
    async with demo_pool.connection() as conn:
        await prepare(conn, "default", words, stems, facts=facts)
    with pytest.raises(AssertionError, match="the database was asked"):
        await prepare(_NoDatabase(), "default", words, stems,  # type: ignore[arg-type]
                      facts=facts)


async def test_a_write_to_the_store_s_products_is_seen_at_its_next_version(pool) -> None:
    facts, stems = WordFacts(), StemCache()
    words = query_words("tem garafa termica?")
    bottle = SPEC_EXAMPLE.replace("TEN-RUN-01", "GAR-TER-01").replace(
        "Tênis de corrida Veloz", "Garrafa térmica Veloz")
    async with pool.connection() as conn:
        await import_catalog(conn, [SPEC_EXAMPLE], store_id="default", clock=CLOCK)
        before = await read_catalog_version(conn, "default")
        with catalog_version_known("default", before):
            no_bottle = await prepare(conn, "default", words, stems, facts=facts)
        # No bottle in the store: no store word to correct "garafa" to.
        assert not any("garrafa" in q for q in no_bottle.terms.queries)
        await import_catalog(conn, [SPEC_EXAMPLE, bottle], store_id="default", clock=CLOCK)
        after = await read_catalog_version(conn, "default")
        assert after > before
        with catalog_version_known("default", after):
            with_bottle = await prepare(conn, "default", words, stems, facts=facts)
    # Now the store has one: "garafa" is read as its "garrafa".
    assert any("garrafa" in q for q in with_bottle.terms.queries)
