"""Importing a folder: idempotent, all-or-nothing, a store's passages only its own."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from balcao.clock import FrozenClock
from tests.knowledge.conftest import write
from tools.knowledge.demo import seed_demo_knowledge
from tools.knowledge.files import KnowledgeFormatError
from tools.knowledge.importer import import_folder
from tools.knowledge.search import search
from tools.stores import ensure_store

FAQ = """---
kind: faq
title: Perguntas
---
## Vocês aceitam encomendas de bolo?
Sim, com 3 dias de antecedência.

## Tem opção sem glúten?
Temos pão sem glúten às sextas.
"""
POLICY = """---
kind: policy
title: Trocas
---
## Prazo para troca
Trocas em até 7 dias com a nota.
"""


async def _rows(conn, store: str = "default") -> list[tuple]:
    cur = await conn.execute(
        "SELECT id, doc_id, lang, position, title, body, source, updated_at,"
        " embedding IS NOT NULL AS embedded FROM knowledge_passages WHERE store_id = %s"
        " ORDER BY doc_id, lang, position", (store,))
    return [tuple(r.values()) for r in await cur.fetchall()]


async def test_importing_twice_changes_nothing(pool, tmp_path: Path, clock: FrozenClock,
                                               encoder) -> None:
    write(tmp_path, "faq.md", FAQ)
    write(tmp_path, "trocas.md", POLICY)
    async with pool.connection() as conn:
        first = await import_folder(conn, tmp_path, store_id="default", clock=clock,
                                    encoder=encoder)
        before = await _rows(conn)
        clock.advance(hours=1)
        second = await import_folder(conn, tmp_path, store_id="default", clock=clock,
                                     encoder=encoder)
        after = await _rows(conn)
    assert (first.documents, first.created, first.embedded) == (2, 3, 3)
    assert (second.created, second.updated, second.unchanged, second.deleted,
            second.embedded) == (0, 0, 3, 0, 0)
    assert after == before
    assert all(row[-1] for row in after)  # every passage has its vector


async def test_a_changed_file_updates_its_passages_and_a_removed_one_is_deleted(
        pool, tmp_path: Path, clock: FrozenClock) -> None:
    write(tmp_path, "faq.md", FAQ)
    write(tmp_path, "trocas.md", POLICY)
    async with pool.connection() as conn:
        await import_folder(conn, tmp_path, store_id="default", clock=clock)
        write(tmp_path, "faq.md", FAQ.replace("3 dias", "5 dias"))
        (tmp_path / "trocas.md").unlink()
        clock.advance(days=1)
        report = await import_folder(conn, tmp_path, store_id="default", clock=clock)
        rows = await _rows(conn)
    assert (report.created, report.updated, report.unchanged, report.deleted) == (0, 1, 1, 1)
    assert [(r[1], r[3]) for r in rows] == [("faq", 0), ("faq", 1)]
    assert "5 dias" in rows[0][5] and rows[0][7] == clock.now()
    assert rows[1][7] < clock.now()  # untouched passage keeps its time


async def test_a_bad_file_imports_nothing(pool, tmp_path: Path, clock: FrozenClock) -> None:
    write(tmp_path, "faq.md", FAQ)
    async with pool.connection() as conn:
        await import_folder(conn, tmp_path, store_id="default", clock=clock)
        before = await _rows(conn)
        write(tmp_path, "faq.md", FAQ.replace("3 dias", "10 dias"))
        write(tmp_path, "trocas.md", POLICY.replace("kind: policy", "kind: politica"))
        with pytest.raises(KnowledgeFormatError) as caught:
            await import_folder(conn, tmp_path, store_id="default", clock=clock)
        assert await _rows(conn) == before
    assert [(e[0], e[1]) for e in caught.value.errors] == [("trocas.md", 2)]


async def test_an_unknown_store_is_refused(pool, tmp_path: Path, clock: FrozenClock) -> None:
    write(tmp_path, "faq.md", FAQ)
    async with pool.connection() as conn:
        with pytest.raises(KnowledgeFormatError, match="unknown store 'nope'"):
            await import_folder(conn, tmp_path, store_id="nope", clock=clock)


async def test_a_store_never_sees_another_stores_passages(
        pool, tmp_path: Path, clock: FrozenClock, encoder) -> None:
    bakery, shoes = tmp_path / "a", tmp_path / "b"
    write(bakery, "faq.md", FAQ)
    write(shoes, "trocas.md", POLICY)
    async with pool.connection() as conn:
        await ensure_store(conn, "padaria", "Padaria")
        await import_folder(conn, bakery, store_id="padaria", clock=clock, encoder=encoder)
        await import_folder(conn, shoes, store_id="default", clock=clock, encoder=encoder)
        for question in ("vocês fazem bolo sob encomenda?", "tem pão sem glúten?"):
            mine = await search(conn, "padaria", question, lang="pt", encoder=encoder)
            theirs = await search(conn, "default", question, lang="pt", encoder=encoder)
            assert mine and mine[0].confident and mine[0].doc_id == "faq"
            assert all(hit.doc_id == "trocas" for hit in theirs)
            assert not any(hit.confident for hit in theirs)
        # Importing one store's folder leaves the other's passages alone.
        assert len(await _rows(conn, "padaria")) == 2


async def test_demo_seeding_runs_once_and_keeps_an_owners_knowledge(
        pool, tmp_path: Path, clock: FrozenClock) -> None:
    async with pool.connection() as conn:
        assert await seed_demo_knowledge(conn, "demo", clock) is True
        assert await seed_demo_knowledge(conn, "demo", clock) is False
        write(tmp_path, "faq.md", FAQ)
        await import_folder(conn, tmp_path, store_id="default", clock=clock)
        assert await seed_demo_knowledge(conn, "default", clock) is False
        assert len(await _rows(conn, "default")) == 2
        assert len(await _rows(conn, "demo")) > 100


async def test_concurrent_seeding_imports_once(pool, clock: FrozenClock) -> None:
    async def seed() -> bool:
        async with pool.connection() as conn:
            return await seed_demo_knowledge(conn, "demo", clock)

    assert sorted(await asyncio.gather(seed(), seed(), seed())) == [False, False, True]
