"""Runs the knowledge cases on a throwaway database holding the eval stores' knowledge."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import yaml
from psycopg.rows import dict_row

from balcao.clock import FrozenClock
from balcao.store_config import StoreConfig, load_store_config
from evals.search.db import scratch_database
from tools.knowledge.ask import KnowledgeReply, ask
from tools.knowledge.demo import demo_knowledge_dir
from tools.knowledge.importer import import_folder
from tools.knowledge.text import fold
from tools.knowledge.vectors import Encoder
from tools.stores import ensure_store

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases.yaml"
HELDOUT = HERE / "heldout.yaml"
STORES_DIR = HERE / "stores"
# Wednesday 2025-03-05, 12:00 in São Paulo: the demo store is open, Torra Sul at lunch.
NOW = datetime(2025, 3, 5, 15, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    """One question with what its reply must and must not contain."""

    question: str
    store: str
    expect: str
    has: list[list[str]]
    not_: list[str]
    subtotal: Decimal | None
    lang: str | None


@dataclass
class Outcome:
    """A case's reply and verdict."""

    case: Case
    reply: KnowledgeReply
    correct: bool
    missing: list[str] = field(default_factory=list)
    contradicted: list[str] = field(default_factory=list)
    ms: float = 0.0


def load_cases(path: Path) -> list[Case]:
    """The cases of a YAML file (format at the top of cases.yaml)."""
    cases = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        has = [[h] if isinstance(h, str) else list(h) for h in item.get("has", [])]
        subtotal = item.get("subtotal")
        cases.append(Case(
            question=item["q"], store=item["store"], expect=item.get("expect", "answer"),
            has=has, not_=list(item.get("not", [])),
            subtotal=Decimal(str(subtotal)) if subtotal is not None else None,
            lang=item.get("lang"),
        ))
    return cases


def store_sources() -> dict[str, tuple[StoreConfig, Path]]:
    """Each eval store's configuration and knowledge folder."""
    return {
        "demo": (load_store_config("demo"), demo_knowledge_dir()),
        "torrasul": (load_store_config("torrasul", STORES_DIR), STORES_DIR / "torrasul"),
    }


@asynccontextmanager
async def eval_database(url: str, encoder: Encoder | None) -> AsyncIterator[Any]:
    """A scratch database with every eval store's knowledge imported; yields a connection."""
    clock = FrozenClock(NOW)
    async with scratch_database(url, store_id="demo") as scratch:
        conn = await psycopg.AsyncConnection.connect(scratch, autocommit=True,
                                                     row_factory=dict_row)
        async with conn:
            for store_id, (config, folder) in store_sources().items():
                await ensure_store(conn, store_id, config.name)
                await import_folder(conn, folder, store_id=store_id, clock=clock,
                                    encoder=encoder)
            yield conn


async def run_cases(conn: Any, cases: list[Case], encoder: Encoder | None) -> list[Outcome]:
    """Asks every case's question as the graph would, never recording unknowns."""
    sources = store_sources()
    outcomes = []
    for case in cases:
        config = sources[case.store][0]
        started = time.perf_counter()
        reply = await ask(conn, store_id=case.store, config=config, question=case.question,
                          clock=FrozenClock(NOW), encoder=encoder, lang=case.lang,
                          subtotal=case.subtotal, record_unknown=False)
        outcomes.append(judge(case, reply, (time.perf_counter() - started) * 1000))
    return outcomes


def judge(case: Case, reply: KnowledgeReply, ms: float = 0.0) -> Outcome:
    """Whether the reply is right: unknown when expected; else every fact, none contradicted."""
    if case.expect == "unknown":
        return Outcome(case, reply, reply.status == "unknown", ms=ms)
    text = _norm(reply.text)
    missing = [" | ".join(options) for options in case.has
               if not any(_norm(o) in text for o in options)]
    contradicted = [n for n in case.not_ if _norm(n) in text]
    correct = reply.status == "answered" and not missing and not contradicted
    return Outcome(case, reply, correct, missing, contradicted, ms)


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


@dataclass(frozen=True)
class Report:
    """The figures `python -m evals.knowledge` prints."""

    cases: int
    answerable: int
    answered: int
    correct: int
    unknown_expected: int
    unknown_given: int
    unknown_right: int

    @property
    def answer_rate(self) -> float:
        """Answerable questions that got an answer."""
        return self.answered / self.answerable if self.answerable else 0.0

    @property
    def correctness(self) -> float:
        """Answerable questions answered with every expected fact and none contradicted."""
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def precision_answered(self) -> float:
        """Of the answers given to answerable questions, the share that were right."""
        return self.correct / self.answered if self.answered else 0.0

    @property
    def unknown_precision(self) -> float:
        """Of the honest unknowns, the share that were right to be unknown."""
        return self.unknown_right / self.unknown_given if self.unknown_given else 1.0

    @property
    def unknown_recall(self) -> float:
        """Of the questions nothing answers, the share the bot said so for."""
        return self.unknown_right / self.unknown_expected if self.unknown_expected else 1.0


def report(outcomes: list[Outcome]) -> Report:
    """Counts the outcomes into the printed figures."""
    answerable = [o for o in outcomes if o.case.expect != "unknown"]
    unknowns = [o for o in outcomes if o.reply.status == "unknown"]
    return Report(
        cases=len(outcomes), answerable=len(answerable),
        answered=sum(1 for o in answerable if o.reply.status == "answered"),
        correct=sum(1 for o in answerable if o.correct),
        unknown_expected=len(outcomes) - len(answerable), unknown_given=len(unknowns),
        unknown_right=sum(1 for o in unknowns if o.case.expect == "unknown"),
    )
