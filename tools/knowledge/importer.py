"""A knowledge folder into `knowledge_passages`: the store's passages become the folder's.

All-or-nothing (one transaction, every file validated first) and idempotent (an unchanged
passage keeps its row, vector and `updated_at`). Imports of one store take turns through a
transaction-level advisory lock.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row

from balcao.clock import Clock
from tools.knowledge.files import Document, KnowledgeFormatError, Passage, load_folder
from tools.knowledge.vectors import Encoder, literal, passage_text

# Taken (per store) by imports and demo seeding, so two of them never interleave.
_KNOWLEDGE_LOCK_CLASS = 4_242_201
_BATCH = 64
CONFIGS = {"pt": "portuguese", "en": "english"}

# Title and question weigh A, the document's title B, the text D; accents folded, stemmed in
# the passage's language. Search builds its queries the same way (search.py).
TSV_SQL = (
    "setweight(to_tsvector(%(cfg)s::regconfig, unaccent(%(title)s || ' ' ||"
    " coalesce(%(question)s, ''))), 'A')"
    " || setweight(to_tsvector(%(cfg)s::regconfig, unaccent(%(doc_title)s)), 'B')"
    " || setweight(to_tsvector(%(cfg)s::regconfig, unaccent(%(body)s)), 'D')"
)


@dataclass(frozen=True)
class ImportReport:
    """What an import did, per passage; `documents` counts the folder's files."""

    documents: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    embedded: int = 0

    @property
    def passages(self) -> int:
        """Passages in the folder."""
        return self.created + self.updated + self.unchanged


async def lock_knowledge(conn: AsyncConnection[Any], store_id: str) -> None:
    """Holds the store's knowledge lock until the transaction ends (waiting for it first)."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (_KNOWLEDGE_LOCK_CLASS, store_id)
    )


async def import_folder(
    conn: AsyncConnection[Any], folder: Path, *, store_id: str, clock: Clock,
    encoder: Encoder | None = None,
) -> ImportReport:
    """Validates every file of `folder`, then makes the store's passages exactly its passages.

    Args:
        conn: A connection (the import runs in its own transaction or savepoint).
        folder: The knowledge folder (`docs/spec/knowledge.md`).
        store_id: The store; it must exist.
        clock: Gives `updated_at` of created and changed passages.
        encoder: Computes vectors for new or changed passages (and for passages without a
            vector of this model); None stores none (full-text search only).

    Returns:
        Counts of created, updated, unchanged, deleted and embedded passages.

    Raises:
        KnowledgeFormatError: With every problem found; nothing was written.
    """
    documents = await asyncio.to_thread(load_folder, folder)
    return await import_documents(conn, documents, store_id=store_id, clock=clock,
                                  encoder=encoder)


async def import_documents(
    conn: AsyncConnection[Any], documents: list[Document], *, store_id: str, clock: Clock,
    encoder: Encoder | None = None,
) -> ImportReport:
    """`import_folder` for documents already read (`files.load_folder`)."""
    rows = [_row(d, p) for d in documents for p in d.passages]
    async with conn.transaction():
        await lock_knowledge(conn, store_id)
        if not await _fetch(conn, "SELECT 1 FROM stores WHERE id = %s", (store_id,)):
            raise KnowledgeFormatError([("", 0, f"unknown store '{store_id}'")])
        before = await _snapshot(conn, store_id)
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for row in rows:
            counts[_carry_over(before.get(row["key"]), row, clock.now())] += 1
        # New and changed passages, and those without a vector of this model, get one.
        stale = [r for r in rows if encoder is not None and r["model"] != encoder.name]
        await _embed(encoder, stale)
        await _write(conn, store_id, rows)
        keep = [row["key"] for row in rows]
        deleted = sum(1 for key in before if key not in set(keep))
        await _delete_others(conn, store_id, keep)
    return ImportReport(documents=len(documents), deleted=deleted, embedded=len(stale), **counts)


def fingerprint(document: Document, passage: Passage) -> str:
    """md5 of what a passage says (its place in the file aside)."""
    return text_hash(document.kind, document.title, passage.title, passage.question,
                     passage.body)


def text_hash(kind: str, doc_title: str, title: str, question: str | None, body: str) -> str:
    """`fingerprint` of a passage's parts (`knowledge_passages.text_hash`)."""
    parts = [kind, doc_title, title, question or "", body]
    return hashlib.md5("\x1f".join(parts).encode()).hexdigest()


def _row(document: Document, passage: Passage) -> dict[str, Any]:
    return {
        "key": (document.doc_id, document.lang, passage.position),
        "doc_id": document.doc_id, "lang": document.lang, "position": passage.position,
        "kind": document.kind, "doc_title": document.title, "title": passage.title,
        "question": passage.question, "body": passage.body, "cfg": CONFIGS[document.lang],
        "source": f"{document.path}:{passage.line}", "text_hash": fingerprint(document, passage),
        "model": None, "embedding": None,
    }


def _carry_over(old: dict[str, Any] | None, row: dict[str, Any], now: datetime) -> str:
    """Fills the row's time and, when unchanged, its vector; says what happened to it."""
    if old is not None and old["text_hash"] == row["text_hash"]:
        row["updated_at"], row["model"], row["embedding"] = (
            old["updated_at"], old["model"], old["embedding"])
        return "unchanged"
    row["updated_at"] = now
    return "created" if old is None else "updated"


async def _embed(encoder: Encoder | None, rows: list[dict[str, Any]]) -> None:
    if encoder is None:
        return
    for start in range(0, len(rows), _BATCH):
        batch = rows[start:start + _BATCH]
        texts = [passage_text(r["doc_title"], r["title"], r["question"], r["body"])
                 for r in batch]
        # The model is CPU-bound: off the event loop.
        vectors = await asyncio.to_thread(encoder.embed_documents, texts)
        for row, vector in zip(batch, vectors, strict=True):
            row["model"], row["embedding"] = encoder.name, literal(vector)


_UPSERT = f"""
INSERT INTO knowledge_passages (store_id, doc_id, lang, position, kind, doc_title, title,
    question, body, source, search_tsv, text_hash, model, embedding, updated_at)
VALUES (%(store_id)s, %(doc_id)s, %(lang)s, %(position)s, %(kind)s, %(doc_title)s, %(title)s,
    %(question)s, %(body)s, %(source)s, {TSV_SQL}, %(text_hash)s, %(model)s,
    %(embedding)s::vector, %(updated_at)s)
ON CONFLICT (store_id, doc_id, lang, position) DO UPDATE SET
    kind = EXCLUDED.kind, doc_title = EXCLUDED.doc_title, title = EXCLUDED.title,
    question = EXCLUDED.question, body = EXCLUDED.body, source = EXCLUDED.source,
    search_tsv = EXCLUDED.search_tsv, text_hash = EXCLUDED.text_hash, model = EXCLUDED.model,
    embedding = EXCLUDED.embedding, updated_at = EXCLUDED.updated_at
"""


async def _write(conn: AsyncConnection[Any], store_id: str, rows: list[dict[str, Any]]) -> None:
    # Every row is rewritten (same values when unchanged), so a change in how the search
    # columns are computed reaches every passage on the next import.
    async with conn.cursor() as cur:
        await cur.executemany(_UPSERT, [{**row, "store_id": store_id} for row in rows])


async def _delete_others(conn: AsyncConnection[Any], store_id: str, keep: list[tuple]) -> None:
    await conn.execute(
        "DELETE FROM knowledge_passages k WHERE k.store_id = %s AND NOT EXISTS ("
        " SELECT 1 FROM unnest(%s::text[], %s::text[], %s::int[]) AS f(doc_id, lang, position)"
        " WHERE f.doc_id = k.doc_id AND f.lang = k.lang AND f.position = k.position)",
        (store_id, [k[0] for k in keep], [k[1] for k in keep], [k[2] for k in keep]),
    )


async def _snapshot(conn: AsyncConnection[Any], store_id: str) -> dict[tuple, dict[str, Any]]:
    rows = await _fetch(
        conn,
        "SELECT doc_id, lang, position, text_hash, model, embedding::text AS embedding,"
        " updated_at FROM knowledge_passages WHERE store_id = %s",
        (store_id,),
    )
    return {(r["doc_id"], r["lang"], r["position"]): r for r in rows}


async def _fetch(conn: AsyncConnection[Any], sql: str, params: Any) -> list[dict[str, Any]]:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql, params)
        return await cur.fetchall()
