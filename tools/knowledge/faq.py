"""The store's FAQ entries edited one at a time (the operator console), live at once.

An entry is a `knowledge_passages` row of kind `faq`: its question (also its title) and its
answer. An edit rewrites the row's search columns the way the importer writes them (the same
`TSV_SQL`, `text_hash` and passage text for the vector), so search, and so `ask`, read the new
text on the next question. Edits and imports of a store take turns (the knowledge lock). A
later import of the store's folder makes its FAQ the folder's again: the owner copies an edit
to the file to keep it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row, tuple_row

from balcao.clock import Clock
from tools.knowledge.files import FAQ_ENTRY_PROBLEMS, check_faq_entry
from tools.knowledge.importer import CONFIGS, TSV_SQL, lock_knowledge, text_hash
from tools.knowledge.vectors import Encoder, literal, passage_text


@dataclass(frozen=True)
class FaqEntry:
    """One question and its answer, with where it came from."""

    id: int
    doc_id: str
    lang: str
    position: int
    doc_title: str
    question: str
    answer: str
    source: str
    updated_at: datetime


@dataclass(frozen=True)
class FaqEdit:
    """The entry after an edit; `changed` is False when the text was already that."""

    entry: FaqEntry
    changed: bool


class FaqEntryNotFound(LookupError):
    """No FAQ entry with that id in the store (another store's id included)."""


class FaqEntryInvalid(ValueError):
    """An edit the file format would refuse; nothing was written.

    Attributes:
        problems: Codes of `files.FAQ_ENTRY_PROBLEMS`.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(FAQ_ENTRY_PROBLEMS[p] for p in problems))


_COLUMNS = ("id, doc_id, lang, position, doc_title, coalesce(question, title) AS question,"
            " body AS answer, source, updated_at")


async def list_faq(conn: AsyncConnection[Any], store_id: str) -> list[FaqEntry]:
    """The store's FAQ entries by document, language (Portuguese first) and position."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT {_COLUMNS} FROM knowledge_passages WHERE store_id = %s AND kind = 'faq'"
            " ORDER BY doc_id, lang <> 'pt', lang, position",
            (store_id,),
        )
        return [FaqEntry(**row) for row in await cur.fetchall()]


async def get_faq(conn: AsyncConnection[Any], store_id: str, entry_id: int) -> FaqEntry | None:
    """One FAQ entry of the store, or None (no such id, not a FAQ entry, another store's)."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            f"SELECT {_COLUMNS} FROM knowledge_passages"
            " WHERE id = %s AND store_id = %s AND kind = 'faq'",
            (entry_id, store_id),
        )
        row = await cur.fetchone()
    return FaqEntry(**row) if row else None


async def update_faq(
    conn: AsyncConnection[Any], store_id: str, entry_id: int, *, question: str, answer: str,
    clock: Clock, encoder: Encoder | None,
) -> FaqEdit:
    """Rewrites one FAQ entry's question and answer; search reads the new text at once.

    Args:
        conn: A connection (the edit runs in its own transaction or savepoint).
        store_id: The store; an entry of another store is not found.
        entry_id: `knowledge_passages.id` of the entry.
        question: The new question (one line).
        answer: The new answer (Markdown, as in a file).
        clock: Gives `updated_at`.
        encoder: The embeddings model the store's passages use (`default_embedder()`); None
            leaves the entry without a vector (full-text search only), as an import would.

    Returns:
        The entry as stored, and whether anything changed (unchanged text keeps its row,
        vector and `updated_at`, unless the vector is of another model).

    Raises:
        FaqEntryNotFound: No FAQ entry with that id in the store.
        FaqEntryInvalid: The text breaks the file format's rules; nothing was written.
    """
    question, answer, problems = check_faq_entry(question, answer)
    async with conn.transaction():
        await lock_knowledge(conn, store_id)
        row = await _one(
            conn,
            "SELECT id, doc_id, lang, kind, doc_title, text_hash, model FROM knowledge_passages"
            " WHERE id = %s AND store_id = %s AND kind = 'faq' FOR UPDATE",
            (entry_id, store_id),
        )
        if row is None:
            raise FaqEntryNotFound(f"no FAQ entry {entry_id} in store '{store_id}'")
        if question and await _repeats(conn, store_id, row["doc_id"], row["lang"], question,
                                       entry_id):
            problems.append("question_repeated")
        if problems:
            raise FaqEntryInvalid(problems)
        digest = text_hash(row["kind"], row["doc_title"], question, question, answer)
        if digest == row["text_hash"] and (encoder is None or row["model"] == encoder.name):
            entry = await get_faq(conn, store_id, entry_id)
            assert entry is not None
            return FaqEdit(entry, changed=False)
        columns = await _columns(row["doc_title"], question, answer, encoder)
        await conn.execute(
            f"UPDATE knowledge_passages SET title = %(title)s, question = %(question)s,"
            f" body = %(body)s, search_tsv = {TSV_SQL}, text_hash = %(text_hash)s,"
            " model = %(model)s, embedding = %(embedding)s::vector, updated_at = %(now)s"
            " WHERE id = %(id)s AND store_id = %(store_id)s",
            {**columns, "cfg": CONFIGS[row["lang"]], "text_hash": digest, "now": clock.now(),
             "id": entry_id, "store_id": store_id},
        )
        entry = await get_faq(conn, store_id, entry_id)
    assert entry is not None
    return FaqEdit(entry, changed=True)


async def faq_documents(conn: AsyncConnection[Any], store_id: str) -> list[tuple[str, str, str]]:
    """The store's FAQ documents a new entry can go to: (doc_id, lang, doc_title)."""
    async with conn.cursor(row_factory=tuple_row) as cur:
        await cur.execute(
            "SELECT DISTINCT doc_id, lang, doc_title FROM knowledge_passages"
            " WHERE store_id = %s AND kind = 'faq' ORDER BY doc_id, lang",
            (store_id,),
        )
        return [(r[0], r[1], r[2]) for r in await cur.fetchall()]


async def add_faq(
    conn: AsyncConnection[Any], store_id: str, *, doc_id: str, lang: str, question: str,
    answer: str, clock: Clock, encoder: Encoder | None,
) -> FaqEntry:
    """Adds a question and its answer at the end of one of the store's FAQ documents.

    The entry's `source` is "console" (it is in no file). Arguments and errors as
    `update_faq`'s; `doc_id` and `lang` name a FAQ document of the store (`faq_documents`),
    else `FaqEntryNotFound`.
    """
    question, answer, problems = check_faq_entry(question, answer)
    async with conn.transaction():
        await lock_knowledge(conn, store_id)
        doc = await _one(
            conn,
            "SELECT doc_title, max(position) AS last FROM knowledge_passages WHERE store_id = %s"
            " AND doc_id = %s AND lang = %s AND kind = 'faq' GROUP BY doc_title"
            " ORDER BY last DESC LIMIT 1",
            (store_id, doc_id, lang),
        )
        if doc is None:
            raise FaqEntryNotFound(f"no FAQ document '{doc_id}' ({lang}) in store '{store_id}'")
        if question and await _repeats(conn, store_id, doc_id, lang, question, None):
            problems.append("question_repeated")
        if problems:
            raise FaqEntryInvalid(problems)
        columns = await _columns(doc["doc_title"], question, answer, encoder)
        created = await _one(
            conn,
            "INSERT INTO knowledge_passages (store_id, doc_id, lang, position, kind, doc_title,"
            " title, question, body, source, search_tsv, text_hash, model, embedding,"
            " updated_at) VALUES (%(store_id)s, %(doc_id)s, %(lang)s, %(position)s, 'faq',"
            " %(doc_title)s, %(title)s, %(question)s, %(body)s, 'console',"
            f" {TSV_SQL}, %(text_hash)s, %(model)s, %(embedding)s::vector, %(now)s)"
            " RETURNING id",
            {**columns, "store_id": store_id, "doc_id": doc_id, "lang": lang,
             "position": doc["last"] + 1, "cfg": CONFIGS[lang], "now": clock.now(),
             "text_hash": text_hash("faq", doc["doc_title"], question, question, answer)},
        )
        assert created is not None
        entry = await get_faq(conn, store_id, created["id"])
    assert entry is not None
    return entry


async def _columns(doc_title: str, question: str, answer: str,
                   encoder: Encoder | None) -> dict[str, Any]:
    """The text columns of an entry and, with a model, its vector (as the importer makes it)."""
    model = embedding = None
    if encoder is not None:
        text = passage_text(doc_title, question, question, answer)
        # The model is CPU-bound: off the event loop.
        vectors = await asyncio.to_thread(encoder.embed_documents, [text])
        model, embedding = encoder.name, literal(vectors[0])
    return {"doc_title": doc_title, "title": question, "question": question, "body": answer,
            "model": model, "embedding": embedding}


async def _repeats(conn: AsyncConnection[Any], store_id: str, doc_id: str, lang: str,
                   question: str, entry_id: int | None) -> bool:
    """Whether another entry of the document asks the same (case aside), as a file forbids."""
    rows = await _one(
        conn,
        "SELECT count(*) AS n FROM knowledge_passages WHERE store_id = %s AND doc_id = %s"
        " AND lang = %s AND id IS DISTINCT FROM %s AND lower(title) = lower(%s)",
        (store_id, doc_id, lang, entry_id, question),
    )
    return bool(rows and rows["n"])


async def _one(conn: AsyncConnection[Any], sql: str, params: Any) -> dict[str, Any] | None:
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql, params)
        return await cur.fetchone()
