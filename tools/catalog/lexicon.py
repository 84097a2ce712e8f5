"""The store's word list (`search_words`) and typo correction against it.

Every folded word of the store's products is kept once with how many products use it. A query
word that is not in the list is looked up by trigram similarity through the list's GIN index
(a table of thousands of words, not the products): "garafa" finds "garrafa", "camizeta"
finds "camiseta". The corrections join the word's alternatives in full-text search.
"""

from __future__ import annotations

from psycopg import AsyncConnection
from psycopg.rows import tuple_row

# pg_trgm similarity at which a store word counts as what a buyer misspelled: one wrong,
# missing or doubled letter in a 6-8 letter word scores 0.5-0.67; unrelated words stay < 0.35.
TYPO_SIMILARITY = 0.45
# Corrections kept per query word.
MAX_CORRECTIONS = 2
# Shorter words have too few trigrams to correct reliably ("sol" vs "som").
MIN_WORD_LENGTH = 4


async def rebuild(conn: AsyncConnection, store_id: str) -> None:
    """Rewrites the store's word list from its products' `search_text`.

    Args:
        conn: A connection (inside the import's transaction).
        store_id: The store.
    """
    await conn.execute("DELETE FROM search_words WHERE store_id = %s", (store_id,))
    await conn.execute(
        "INSERT INTO search_words (store_id, word, products)"
        " SELECT %(store)s, w, count(DISTINCT id) FROM ("
        "   SELECT p.id, regexp_split_to_table(p.search_text, '[^a-z0-9]+') AS w"
        "   FROM products p WHERE p.store_id = %(store)s) AS words"
        " WHERE length(w) >= 2 GROUP BY w",
        {"store": store_id},
    )


async def corrections(
    conn: AsyncConnection, store_id: str, words: list[str]
) -> dict[str, list[str]]:
    """Store words close to each query word that the store does not use as written.

    Args:
        conn: A connection.
        store_id: The store.
        words: Folded query words.

    Returns:
        For each word with corrections, the closest store words (most similar first, then
        the most used); words the store uses, short words and numbers get none.
    """
    wanted = [w for w in dict.fromkeys(words) if len(w) >= MIN_WORD_LENGTH and not w.isdigit()]
    if not wanted:
        return {}
    async with conn.cursor(row_factory=tuple_row) as cur:
        await cur.execute(
            "SELECT q.w, c.word FROM unnest(%(words)s::text[]) AS q(w)"
            " CROSS JOIN LATERAL ("
            "   SELECT s.word FROM search_words s"
            "   WHERE s.store_id = %(store)s AND s.word %% q.w"
            "     AND similarity(s.word, q.w) >= %(min)s"
            "     AND NOT EXISTS (SELECT 1 FROM search_words x"
            "                     WHERE x.store_id = %(store)s AND x.word = q.w)"
            "   ORDER BY similarity(s.word, q.w) DESC, s.products DESC, s.word"
            "   LIMIT %(max)s) AS c",
            {"words": wanted, "store": store_id, "min": TYPO_SIMILARITY, "max": MAX_CORRECTIONS},
        )
        rows = await cur.fetchall()
    found: dict[str, list[str]] = {}
    for word, correction in rows:
        found.setdefault(word, []).append(correction)
    return found
