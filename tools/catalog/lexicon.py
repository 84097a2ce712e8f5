"""The store's word list (`search_words`) and typo correction against it.

Every folded word of the store's products is kept once with how many products use it. A query
word that is not in the list is looked up by trigram similarity through the list's GIN index
(a table of thousands of words, not the products): "garafa" finds "garrafa", "camizeta"
finds "camiseta". The corrections join the word's alternatives in full-text search; they are
looked up with the query's other words in `terms.prepare`.
"""

from __future__ import annotations

from psycopg import AsyncConnection

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

