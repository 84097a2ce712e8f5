"""A query's words as full-text groups: stems, prefixes, synonyms and typo corrections.

Each meaningful word of a query is a *group* that matches its Portuguese stem, a word starting
with it (or with its stem), its English-to-Portuguese synonyms, its colour's other names and,
when the store does not use the word as written, the store words closest to it by trigrams
(`lexicon.py`: "garafa" → "garrafa"). Numbers weigh a quarter ("até 300" must not sink a match).

In a long message, a word no product of the store has in any of its forms in its name,
category, brand or tags ("sister", "bday", "work"; a word only descriptions use) is chatter,
not a product: it is left out of the groups, so that "hey my sister's bday is tomorrow, do
you have gift cards?" is searched as "gift cards" rather than needing half of ten words to
match. When no word is left (and one was dropped), the store sells nothing of the kind.

`prepare` is the one place that asks the database about words: the typo corrections, the stems
of words the process has not seen yet and, when asked, whether the store has vectors of a
model, in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psycopg.rows import tuple_row

from balcao.db.connect import AnyConnection
from tools.catalog import lexicon
from tools.catalog.embeddings import Embedder
from tools.catalog.glossary import translations
from tools.catalog.product_cache import known_catalog_version
from tools.catalog.text import undiminished, words
from tools.catalog.vocabulary import COLORS, FILLER, SYNONYMS, phrases_replaced

# A number in a query ("300", "42") counts this much: it may be a price or a size the
# classifier already turned into a filter, or a real part of a name ("128 GB").
NUMBER_WEIGHT = 0.25
# A query of this many words (numbers and stop words aside) or more may carry chatter around
# the product words; a shorter one is all about the product ("geladeira frost free": no
# fridge, no match).
CHATTER_FROM = 4
# Stems shorter than this are not used as prefixes ("ca" would match half the store).
MIN_STEM_PREFIX = 4

# A colour word also finds the catalog's other spellings of it ("blue" -> azul).
_COLOR_WORDS = {
    word: tuple(w for name in group for w in name.split() if w.isalnum())
    for group in COLORS
    for name in group
    for word in name.split()
}

# A word's Portuguese lexeme ('' for a stop word).
_STEM = "coalesce((SELECT lexeme FROM unnest(to_tsvector('portuguese', {w})) LIMIT 1), '')"


@dataclass(frozen=True)
class Terms:
    """The query's word groups: a tsquery (as text) and a weight per group."""

    queries: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """Words left out: no product of the store has them in any form."""

    @property
    def any_query(self) -> str | None:
        """A tsquery matching any group."""
        return " | ".join(f"({q})" for q in self.queries) or None

    @property
    def all_query(self) -> str | None:
        """A tsquery matching every group (for the category filter)."""
        return " & ".join(f"({q})" for q in self.queries) or None


class StemCache:
    """Remembers how Postgres's `portuguese` configuration reduces words to lexemes.

    Stems depend only on the server's text search configuration, so a process can keep them.
    """

    def __init__(self, max_size: int = 10_000) -> None:
        self._stems: dict[str, str] = {}
        self._max_size = max_size

    def known(self, wanted: list[str]) -> dict[str, str]:
        """The remembered stems among these words."""
        return {w: self._stems[w] for w in wanted if w in self._stems}

    def unknown(self, wanted: list[str]) -> list[str]:
        """The words whose stems are not remembered yet, without repeats."""
        return [w for w in dict.fromkeys(wanted) if w not in self._stems]

    def remember(self, stems: dict[str, str]) -> None:
        """Keeps stems the caller got from the same configuration (word -> lexeme)."""
        if len(self._stems) + len(stems) > self._max_size:
            self._stems.clear()
        self._stems.update(stems)


def query_words(query: str) -> list[str]:
    """The folded words of a query that say something about a product, without repeats."""
    return list(
        dict.fromkeys(w for w in words(phrases_replaced(query))
                      if w not in FILLER and (len(w) > 1 or w.isdigit()))
    )


def alternatives_of(word: str, corrections: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    """A query word, its synonyms, its colour's other names, the word under a diminutive
    ("caixinha" -> caixa) and its corrections, in order."""
    return tuple(
        dict.fromkeys((word, *SYNONYMS.get(word, ()), *translations(word),
                       *_COLOR_WORDS.get(word, ()), *undiminished(word), *corrections))
    )


def build_terms(
    meaningful: list[str],
    stems: dict[str, str],
    corrections: dict[str, list[str]] | None = None,
    known: set[str] | None = None,
) -> Terms:
    """Turns query words into word groups with their tsqueries.

    Args:
        meaningful: Words from `query_words`.
        stems: The lexeme ('' for a stop word) of every word and alternative.
        corrections: Store words standing in for misspelled query words.
        known: The words some product of the store has in some form, or None (all count).
            In a query of `CHATTER_FROM` words or more the others are dropped; numbers too
            when no word is left.

    Returns:
        The groups; none when no word is meaningful.
    """
    corrections = corrections or {}
    dropped: list[str] = []
    said = [w for w in meaningful if not w.isdigit() and (stems[w] or w in corrections)]
    if known is not None and len(said) >= CHATTER_FROM:
        kept_words = [w for w in meaningful if w.isdigit() or w in known or w in corrections]
        if all(w.isdigit() for w in kept_words):
            kept_words = []  # a number alone says nothing about a product
        dropped = [w for w in meaningful if w not in kept_words]
        meaningful = kept_words
    queries: list[str] = []
    weights: list[float] = []
    kept: list[str] = []
    for word in meaningful:
        alternatives = alternatives_of(word, corrections.get(word, ()))
        if len(alternatives) == 1 and not stems[word]:
            continue  # a Portuguese stop word
        parts: list[str] = []
        for alt in alternatives:
            stem = stems[alt]
            if stem and not _translated_away(alt):
                # ("cap" stems like "capa": the English word stands only for "bone")
                parts.append(f"'{stem}'")
            if alt.isalnum() and len(alt) >= 3 and not _translated_away(alt):
                # A typed word's beginning ("cami") finds longer words ("camiseta"), and a
                # stem finds its family ("camisa" -> camis -> "camiseta").
                parts.append(f"'{alt}':*")
                if stem and len(stem) >= MIN_STEM_PREFIX and stem != alt and stem.isalnum():
                    parts.append(f"'{stem}':*")
        if parts:
            queries.append(" | ".join(dict.fromkeys(parts)))
            weights.append(NUMBER_WEIGHT if word.isdigit() else 1.0)
            kept.append(word)
    return Terms(queries=queries, weights=weights, words=kept, dropped=dropped)


def _translated_away(word: str) -> bool:
    """An English word the glossary translates ("cap" -> "bone"): its translations stand for
    it, and its beginning would find other things ("cap" -> "capinha", "capuz")."""
    found = translations(word)
    return bool(found) and word not in found


@dataclass
class _StoreWords:
    """What the lookup said of single words, at one catalog version of one store."""

    version: int
    corrections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    known: dict[str, bool] = field(default_factory=dict)


class WordFacts:
    """The lookup's answers about single words (their corrections, whether some product has
    them in some form), kept per store at its catalog version (tools/catalog/product_cache.py).

    Both depend only on the store's products and word list, and every write to its products
    raises the version (the word list is rebuilt only by an import, which writes products): an
    answer is the database's own as long as the version stands. Buyers' words repeat ("tem",
    "camiseta", "garrafa"), so most searches then need no lookup of their words at all. Used
    only where the turn was told its version (the worker, with its claim); elsewhere every
    search asks the database, as before.
    """

    def __init__(self, max_words: int = 20_000) -> None:
        self._stores: dict[str, _StoreWords] = {}
        self._max_words = max_words

    def at(self, store_id: str, version: int) -> _StoreWords:
        """The store's answers at `version` (none yet when the version moved)."""
        words = self._stores.get(store_id)
        if words is None or words.version != version or (
                len(words.corrections) + len(words.known) > self._max_words):
            words = self._stores[store_id] = _StoreWords(version)
        return words


@dataclass(frozen=True)
class Prepared:
    """The query's word groups, and whether the store has vectors (None: not asked)."""

    terms: Terms
    has_vectors: bool | None


_LOOKUP_SQL = f"""
SELECT 0 AS kind, q.w, c.word, {_STEM.format(w="c.word")} AS stem, c.n
FROM unnest(%(words)s::text[]) AS q(w)
CROSS JOIN LATERAL (
    SELECT s.word, row_number() OVER (
               ORDER BY similarity(s.word, q.w) DESC, s.products DESC, s.word) AS n
    FROM search_words s
    WHERE s.store_id = %(store)s AND s.word %% q.w
      AND similarity(s.word, q.w) >= %(min)s
      AND NOT EXISTS (SELECT 1 FROM search_words x
                      WHERE x.store_id = %(store)s AND x.word = q.w)
    ORDER BY similarity(s.word, q.w) DESC, s.products DESC, s.word
    LIMIT %(max)s) AS c
UNION ALL
SELECT 1, m.w, m.w, {_STEM.format(w="m.w")}, 0 FROM unnest(%(missing)s::text[]) AS m(w)
UNION ALL
SELECT DISTINCT 3, k.w, NULL, NULL, 0 FROM (
    SELECT q.w, concat_ws(' | ',
        CASE WHEN length(q.stem) >= {MIN_STEM_PREFIX} THEN quote_literal(q.stem) || ':*AB'
             WHEN q.stem <> '' THEN quote_literal(q.stem) || ':AB' END,
        CASE WHEN length(q.a) >= {MIN_STEM_PREFIX} THEN quote_literal(q.a) || ':*AB' END) AS tsq
    FROM (SELECT o.w, o.a, {_STEM.format(w="o.a")} AS stem
          FROM unnest(%(owners)s::text[], %(alts)s::text[]) AS o(w, a)) AS q) AS k
WHERE k.tsq <> '' AND EXISTS (SELECT 1 FROM products p WHERE p.store_id = %(store)s
                              AND p.search_tsv @@ k.tsq::tsquery)
UNION ALL
SELECT 2, NULL, NULL, NULL, 0 WHERE %(model)s::text IS NOT NULL
   AND EXISTS (SELECT 1 FROM product_embeddings
               WHERE store_id = %(store)s AND model = %(model)s::text)
"""


async def prepare(
    conn: AnyConnection,
    store_id: str,
    meaningful: list[str],
    stems: StemCache,
    *,
    correct: bool = True,
    vectors_of: Embedder | None = None,
    facts: WordFacts | None = None,
) -> Prepared:
    """The query's groups, with the store's corrections, in at most one round trip (none
    when `facts` already knows every word and every stem is known).

    Args:
        conn: A connection.
        store_id: The store.
        meaningful: The query's words (`query_words`, category words added).
        stems: The process's stem cache (filled with every stem seen here).
        correct: Look up store words close to those the store does not use as written, and
            leave out the words no product has in any form (see the module's notes).
        vectors_of: Also ask whether the store has vectors of this model, or None.
        facts: The process's answers about single words (filled with those asked here), or
            None.

    Returns:
        The groups, and the answer about vectors when asked.
    """
    version = known_catalog_version(store_id)
    said = facts.at(store_id, version) if facts is not None and version is not None else None
    # Short words have too few trigrams to correct reliably; numbers are not misspelled.
    wanted = [w for w in dict.fromkeys(meaningful)
              if correct and len(w) >= lexicon.MIN_WORD_LENGTH and not w.isdigit()]
    owners = [w for w in dict.fromkeys(meaningful) if correct and not w.isdigit()]
    fixes: dict[str, list[str]] = {}
    known: set[str] = set()
    if said is not None:
        fixes = {w: list(said.corrections[w]) for w in wanted if said.corrections.get(w)}
        known = {w for w in owners if said.known.get(w)}
        wanted = [w for w in wanted if w not in said.corrections]
        owners = [w for w in owners if w not in said.known]
    # The remembered corrections' stems are looked up with the rest when forgotten.
    plain = sorted({a for w in meaningful for a in alternatives_of(w, fixes.get(w, ()))})
    checked = [(w, a) for w in owners for a in alternatives_of(w)]
    learned = stems.known(plain)
    missing = stems.unknown(plain)
    has_vectors = False
    if wanted or missing or checked or vectors_of is not None:
        params: dict[str, Any] = {
            "words": wanted,
            "store": store_id,
            "min": lexicon.TYPO_SIMILARITY,
            "max": lexicon.MAX_CORRECTIONS,
            "missing": missing,
            "owners": [w for w, _ in checked],
            "alts": [a for _, a in checked],
            "model": vectors_of.name if vectors_of is not None else None,
        }
        async with conn.cursor(row_factory=tuple_row) as cur:
            await cur.execute(_LOOKUP_SQL, params)
            rows = await cur.fetchall()
        fresh: dict[str, str] = {}
        has_vectors = _read_lookup(rows, fixes, fresh, known)
        stems.remember(fresh)
        learned.update(fresh)
        if said is not None:
            said.corrections.update({w: tuple(fixes.get(w, ())) for w in wanted})
            said.known.update({w: w in known for w in owners})
    terms = build_terms(meaningful, learned, fixes, known if correct else None)
    return Prepared(terms, has_vectors if vectors_of is not None else None)


def _read_lookup(rows: list[tuple[Any, ...]], fixes: dict[str, list[str]],
                 fresh: dict[str, str], known: set[str]) -> bool:
    """Sorts the lookup's rows into corrections, stems and known words; whether the store
    has vectors of the model asked about."""
    has_vectors = False
    for kind, word, other, stem, _ in sorted(rows, key=lambda r: (r[0], r[1] or "", r[4])):
        if kind == 0:
            fixes.setdefault(word, []).append(other)
            fresh[other] = stem
        elif kind == 1:
            fresh[word] = stem
        elif kind == 3:
            known.add(word)
        else:
            has_vectors = True
    return has_vectors
