"""The store's passages as the owner reviews them (`balcao knowledge list`)."""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row


async def list_passages(conn: AsyncConnection[Any], store_id: str) -> list[dict[str, Any]]:
    """Every passage of the store by document, language and position, without vectors.

    Returns:
        Dicts with doc_id, lang, position, kind, doc_title, title, question, body, source,
        whether it has a vector (`embedded`) and `updated_at` (ISO text).
    """
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT doc_id, lang, position, kind, doc_title, title, question, body, source,"
            " embedding IS NOT NULL AS embedded, updated_at FROM knowledge_passages"
            " WHERE store_id = %s ORDER BY doc_id, lang, position",
            (store_id,),
        )
        rows = await cur.fetchall()
    return [{**row, "updated_at": row["updated_at"].isoformat()} for row in rows]
