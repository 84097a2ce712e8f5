"""Questions nothing in the store's data answered: kept for the owner, scrubbed, counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row

from balcao.pii import scrub
from tools.knowledge.text import question_key

MAX_CHARS = 500


@dataclass(frozen=True)
class Unanswered:
    """One distinct question, how often it was asked, and when first and last."""

    question: str
    lang: str
    count: int
    first_asked_at: datetime
    asked_at: datetime


async def record_unanswered(
    conn: AsyncConnection[Any], store_id: str, question: str, lang: str, now: datetime
) -> None:
    """Counts one more asking of a question (phones, e-mails and CPFs replaced by tags).

    Args:
        conn: A connection (autocommit, or inside the caller's transaction).
        store_id: The store.
        question: The buyer's words as written.
        lang: The question's language.
        now: When it was asked.
    """
    text = " ".join(scrub(question).split())[:MAX_CHARS]
    key = question_key(text)
    if not key:
        return
    await conn.execute(
        "INSERT INTO unanswered_questions (store_id, question_key, question, lang,"
        " first_asked_at, asked_at) VALUES (%s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (store_id, question_key) DO UPDATE SET"
        " count = unanswered_questions.count + 1, asked_at = EXCLUDED.asked_at,"
        " question = EXCLUDED.question, lang = EXCLUDED.lang",
        (store_id, key, text, lang, now, now),
    )


async def list_unanswered(
    conn: AsyncConnection[Any], store_id: str, *, limit: int = 50
) -> list[Unanswered]:
    """The store's unanswered questions, most asked first, then most recent."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT question, lang, count, first_asked_at, asked_at FROM unanswered_questions"
            " WHERE store_id = %s ORDER BY count DESC, asked_at DESC, id LIMIT %s",
            (store_id, limit),
        )
        return [Unanswered(**row) for row in await cur.fetchall()]


@dataclass(frozen=True)
class OpenQuestion:
    """An unanswered question as the console lists it: with its id, to mark it handled."""

    id: int
    question: str
    lang: str
    count: int
    first_asked_at: datetime
    asked_at: datetime


async def recent_unanswered(
    conn: AsyncConnection[Any], store_id: str, *, limit: int = 20
) -> list[OpenQuestion]:
    """The store's unanswered questions, last asked first."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT id, question, lang, count, first_asked_at, asked_at"
            " FROM unanswered_questions WHERE store_id = %s"
            " ORDER BY asked_at DESC, id DESC LIMIT %s",
            (store_id, limit),
        )
        return [OpenQuestion(**row) for row in await cur.fetchall()]


async def dismiss_unanswered(conn: AsyncConnection[Any], store_id: str, question_id: int) -> bool:
    """Marks a question handled: it leaves the list (asked again later, it comes back).

    Returns:
        Whether the store had that question (False for another store's id).
    """
    async with conn.cursor() as cur:
        await cur.execute(
            "DELETE FROM unanswered_questions WHERE id = %s AND store_id = %s",
            (question_id, store_id),
        )
        return cur.rowcount > 0


async def open_question(
    conn: AsyncConnection[Any], store_id: str, question_id: int
) -> OpenQuestion | None:
    """One unanswered question of the store, or None (handled, or another store's)."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT id, question, lang, count, first_asked_at, asked_at"
            " FROM unanswered_questions WHERE id = %s AND store_id = %s",
            (question_id, store_id),
        )
        row = await cur.fetchone()
    return OpenQuestion(**row) if row else None
