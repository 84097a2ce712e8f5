"""Hybrid retrieval over a store's passages: full text and meaning, fused, with a floor.

- **Full text**: each word of the question (folded, slang spelled out) is a term matching
  its stem as a prefix in the passage's language. A passage scores the inverse document
  frequency of the terms it matches (rarer words weigh more: "arrependimento" over "loja"),
  half as much again when the term is in its title or question.
- **Meaning**: cosine similarity between the question's vector and each passage's, computed
  exactly (a store has hundreds of passages, not millions).

Both rankings are fused by reciprocal rank fusion. A passage's *confidence* adds its
similarity to weighted shares of the question's words it has (coverage, where words no passage
has, "franca", count against it) and has in its title; at or above the model's floor
(`vectors.confidence_floor`) it may answer, else it is not an answer, and a question nothing
answers returns no confident passage. One statement, one round trip after the question's
embedding; every part filters on the store. Questions in a language the store has passages in
search only those; otherwise every passage.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row

from tools.knowledge.text import search_terms
from tools.knowledge.vectors import Encoder, confidence_floor, literal

RRF_K = 20
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 1.0
CANDIDATES = 20
TITLE_BONUS = 0.5
# How much a word no passage has ("franca", "tenis") counts against a passage's coverage.
UNKNOWN_WORD_WEIGHT = 1.0
# A passage's confidence: its similarity in meaning plus these shares of its coverage and
# title coverage; it may answer at or above the model's floor (`vectors.confidence_floor`).
COVERAGE_WEIGHT = 0.7
TITLE_WEIGHT = 0.4


@dataclass(frozen=True)
class PassageHit:
    """A retrieved passage with its scores; `confident` says whether it may answer."""

    id: int
    doc_id: str
    lang: str
    kind: str
    doc_title: str
    title: str
    question: str | None
    body: str
    source: str
    score: float
    similarity: float | None
    coverage: float
    """Share of the question's words (by idf) the passage has: words no passage has count."""
    title_coverage: float
    """The same share, for the words in its title or question."""
    evidence: float
    confidence: float
    confident: bool


_SQL = """
WITH scope AS MATERIALIZED (
    -- The passages searched: the question's language when the store has it, else all; how
    -- many they are, and their languages.
    SELECT s.only, count(*)::float8 AS n, array_agg(DISTINCT k.lang) AS langs
    FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM knowledge_passages WHERE store_id = %(store)s
                                   AND lang = %(lang)s::text) THEN %(lang)s::text END AS only) s
    JOIN knowledge_passages k ON k.store_id = %(store)s AND (s.only IS NULL OR k.lang = s.only)
    GROUP BY s.only
),
queries AS MATERIALIZED (
    SELECT u.i, u.target, to_tsquery('portuguese', u.q) AS pt, to_tsquery('english', u.q) AS en
    FROM unnest(%(words)s::text[], %(targets)s::text[]) WITH ORDINALITY AS u(q, target, i)
),
-- A word for passages of a language the search does not cover is not a word of it.
terms AS MATERIALIZED (
    SELECT q.* FROM queries q CROSS JOIN scope s
    WHERE (numnode(q.pt) > 0 OR numnode(q.en) > 0)
      AND (q.target = 'any' OR q.target = ANY (s.langs))
),
matches AS MATERIALIZED (
    SELECT t.i, k.id,
           ts_filter(k.search_tsv, '{a}') @@ CASE WHEN k.lang = 'en' THEN t.en ELSE t.pt END
               AS in_title
    FROM terms t CROSS JOIN scope s
    JOIN knowledge_passages k ON k.store_id = %(store)s
         AND (s.only IS NULL OR k.lang = s.only) AND t.target IN ('any', k.lang)
         AND k.search_tsv @@ (t.pt || t.en)
         AND k.search_tsv @@ CASE WHEN k.lang = 'en' THEN t.en ELSE t.pt END
),
df AS (SELECT t.i, count(m.id)::float8 AS df FROM terms t LEFT JOIN matches m ON m.i = t.i
       GROUP BY t.i),
idf AS (SELECT d.i, d.df, ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) AS idf
        FROM df d CROSS JOIN scope s),
total AS (SELECT coalesce(sum(idf) FILTER (WHERE df > 0), 0) AS known,
                 coalesce(sum(idf) FILTER (WHERE df = 0), 0) AS unknown FROM idf),
lex AS (
    SELECT m.id, sum(i.idf) AS evidence, sum(i.idf * m.in_title::int) AS title_evidence,
           count(*) AS matched,
           sum(i.idf * (1 + %(bonus)s * m.in_title::int)) AS s
    FROM matches m JOIN idf i ON i.i = m.i
    GROUP BY m.id
    ORDER BY s DESC, m.id
    LIMIT %(candidates)s
),
lex_ranked AS (SELECT *, row_number() OVER (ORDER BY s DESC, id) AS r FROM lex),
sem AS (
    SELECT id, row_number() OVER (ORDER BY d, id) AS r FROM (
        SELECT k.id, k.embedding <=> %(q)s::vector AS d FROM knowledge_passages k, scope s
        WHERE %(q)s::text IS NOT NULL AND k.store_id = %(store)s
          AND (s.only IS NULL OR k.lang = s.only) AND k.model = %(model)s
        ORDER BY d, k.id
        LIMIT %(candidates)s) x
)
SELECT k.id, k.doc_id, k.lang, k.kind, k.doc_title, k.title, k.question, k.body, k.source,
       l.r AS lex_rank, l.evidence, l.title_evidence, l.matched, s.r AS sem_rank, t.known,
       t.unknown,
       CASE WHEN k.model = %(model)s THEN 1 - (k.embedding <=> %(q)s::vector) END AS sim
FROM lex_ranked l FULL JOIN sem s ON s.id = l.id
JOIN knowledge_passages k ON k.id = coalesce(l.id, s.id)
CROSS JOIN total t
"""


async def search(
    conn: AsyncConnection[Any], store_id: str, question: str, *, lang: str,
    encoder: Encoder | None, limit: int = 3,
) -> list[PassageHit]:
    """The store's passages for a question, best first.

    Args:
        conn: A connection.
        store_id: The store; no other store's passage is ever read.
        question: The buyer's words as written.
        lang: The question's language ("pt" or "en").
        encoder: The model the passages were embedded with, or None for full text alone.
        limit: Most passages returned.

    Returns:
        Passages by fused score; check `confident` before answering with one.
    """
    vector = await embed_question(encoder, question) if encoder is not None else None
    return await search_with_vector(conn, store_id, question, lang=lang, encoder=encoder,
                                    vector=vector, limit=limit)


async def embed_question(encoder: Encoder, question: str) -> list[float]:
    """The question's vector, computed off the event loop (the model is CPU-bound)."""
    return await asyncio.to_thread(encoder.embed_query, question)


async def search_with_vector(
    conn: AsyncConnection[Any], store_id: str, question: str, *, lang: str,
    encoder: Encoder | None, vector: list[float] | None, limit: int = 3,
) -> list[PassageHit]:
    """`search` with the question's vector already computed (or None)."""
    terms = search_terms(question, lang)
    params = {
        "store": store_id, "lang": lang, "bonus": TITLE_BONUS, "candidates": CANDIDATES,
        "words": [w for w, _ in terms], "targets": [target for _, target in terms],
        "q": literal(vector) if vector is not None and encoder is not None else None,
        "model": encoder.name if encoder is not None else None,
    }
    async with conn.cursor(row_factory=dict_row) as cur:
        # Prepared: a store's few hundred passages are read the same way whatever the words
        # (index on the words, exact vector scan), so the generic plan saves the planning.
        await cur.execute(_SQL, params, prepare=True)
        rows = await cur.fetchall()
    floor = confidence_floor(encoder if vector is not None else None)
    hits = [_hit(row, floor) for row in rows]
    hits.sort(key=lambda h: (not h.confident, -h.score, h.id))
    return hits[:limit]


def _hit(row: dict[str, Any], floor: float) -> PassageHit:
    score = 0.0
    if row["lex_rank"] is not None:
        score += LEXICAL_WEIGHT / (RRF_K + row["lex_rank"])
    if row["sem_rank"] is not None:
        score += SEMANTIC_WEIGHT / (RRF_K + row["sem_rank"])
    evidence = float(row["evidence"] or 0)
    words = float(row["known"] or 0) + UNKNOWN_WORD_WEIGHT * float(row["unknown"] or 0)
    coverage = evidence / words if words else 0.0
    title_coverage = float(row["title_evidence"] or 0) / words if words else 0.0
    sim = float(row["sim"]) if row["sim"] is not None else None
    value = confidence(sim, coverage, title_coverage)
    return PassageHit(
        id=row["id"], doc_id=row["doc_id"], lang=row["lang"], kind=row["kind"],
        doc_title=row["doc_title"], title=row["title"], question=row["question"],
        body=row["body"], source=row["source"], score=round(score, 5), similarity=sim,
        coverage=round(coverage, 3), title_coverage=round(title_coverage, 3),
        evidence=round(evidence, 3), confidence=round(value, 3), confident=value >= floor,
    )


def confidence(sim: float | None, coverage: float, title_coverage: float) -> float:
    """How sure a passage answers: meaning plus weighted shares of the question's words."""
    return (sim or 0.0) + COVERAGE_WEIGHT * coverage + TITLE_WEIGHT * title_coverage
