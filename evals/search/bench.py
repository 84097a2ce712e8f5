"""`python -m evals.search.bench [--products N] [--queries Q]`: search latency on a big catalog.

Generates a deterministic catalog of N products (Portuguese names from product types, brands,
materials and styles; half sold by size and colour variants, some sold out), imports it into a
throwaway database on the project's server with the configured embeddings model, then runs Q
searches the way buyers write them (words, typos, English, filters) and prints p50/p95/p99 of
the whole `PostgresCatalog.search` call (query embedding included, its cache emptied before
every query) for hybrid search and for full text alone.

Not a test: timings depend on the machine. Results are in evals/search/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal

from balcao.clock import FrozenClock
from balcao.db.connect import open_pool
from evals.search.db import kept_database, scratch_database, server_url
from tools.catalog.client import PostgresCatalog
from tools.catalog.embeddings import default_embedder
from tools.catalog.importer import import_catalog

TYPES = [
    ("Tênis de corrida", "Calçados > Tênis"), ("Tênis casual", "Calçados > Tênis"),
    ("Sandália", "Calçados > Sandálias"), ("Chinelo", "Calçados > Sandálias"),
    ("Bota", "Calçados > Botas"), ("Camiseta", "Roupas > Camisetas"),
    ("Camisa polo", "Roupas > Camisetas"), ("Vestido", "Roupas > Vestidos"),
    ("Calça jeans", "Roupas > Calças"), ("Bermuda", "Roupas > Bermudas"),
    ("Moletom", "Roupas > Moletons"), ("Jaqueta", "Roupas > Casacos"),
    ("Bolsa", "Acessórios > Bolsas"), ("Mochila", "Acessórios > Bolsas"),
    ("Carteira", "Acessórios > Carteiras"), ("Óculos de sol", "Acessórios > Óculos"),
    ("Relógio", "Acessórios > Relógios"), ("Boné", "Acessórios > Bonés"),
    ("Fone de ouvido", "Eletrônicos > Fones"), ("Caixa de som", "Eletrônicos > Áudio"),
    ("Carregador", "Eletrônicos > Acessórios"), ("Capinha", "Eletrônicos > Acessórios"),
    ("Smartwatch", "Eletrônicos > Smartwatches"), ("Garrafa térmica", "Casa > Cozinha"),
    ("Caneca", "Casa > Cozinha"), ("Panela", "Casa > Cozinha"), ("Faca", "Casa > Cozinha"),
    ("Vela aromática", "Casa > Decoração"), ("Almofada", "Casa > Decoração"),
    ("Toalha", "Casa > Cama e Banho"), ("Tapete de yoga", "Esporte > Yoga"),
    ("Halter", "Esporte > Academia"), ("Legging", "Esporte > Roupas fitness"),
    ("Perfume", "Beleza > Perfumes"), ("Batom", "Beleza > Maquiagem"),
    ("Hidratante", "Beleza > Skincare"), ("Protetor solar", "Beleza > Skincare"),
]
STYLES = ["Clássico", "Urbano", "Esportivo", "Premium", "Básico", "Slim", "Confort", "Pro",
          "Eco", "Vintage", "Minimal", "Tropical", "Aurora", "Nuvem", "Veloz", "Onda"]
MATERIALS = ["couro", "algodão", "poliéster", "inox", "silicone", "linho", "mesh", "vidro",
             "bambu", "lona", "veludo", "alumínio"]
BRANDS = [f"Marca {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
COLORS = ["preto", "branco", "azul", "vermelho", "verde", "cinza", "rosa", "bege"]
SIZES_CLOTHES = ["P", "M", "G", "GG"]
SIZES_SHOES = [str(n) for n in range(36, 45)]
TAGS = ["presente", "verão", "inverno", "academia", "praia", "trabalho", "casa", "viagem",
        "dia das mães", "dia dos pais", "festa", "dia a dia"]
QUERIES = [
    "tenis de corrida", "camiseta preta", "garafa termica", "fone bluetooth", "mochila",
    "presente pra minha mãe", "bolsa de couro", "vestido azul", "running shoes", "headphones",
    "relogio", "oculos de sol", "caneca", "perfume", "tapete de yoga", "camizeta",
    "carregador rapido", "capinha de silicone", "panela inox", "calça jeans slim",
]


def generate(n: int, seed: int = 7) -> list[str]:
    """N products as import lines, the same for the same n and seed."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        kind, category = TYPES[i % len(TYPES)]
        style, material, brand = rng.choice(STYLES), rng.choice(MATERIALS), rng.choice(BRANDS)
        sku = f"P{i:06d}"
        price = Decimal(rng.randrange(1990, 99990, 100)) / 100 + Decimal("0.00")
        product: dict = {
            "sku": sku,
            "name": f"{kind} {style} {material.capitalize()} {i}",
            "description": f"{kind} {style.lower()} de {material}, da {brand}. "
            f"Bom para {rng.choice(TAGS)} e {rng.choice(TAGS)}.",
            "category": category,
            "brand": brand,
            "price": price,
            "tags": rng.sample(TAGS, 2),
        }
        if category.startswith(("Roupas", "Calçados")) and rng.random() < 0.8:
            sizes = SIZES_SHOES if category.startswith("Calçados") else SIZES_CLOTHES
            colors = rng.sample(COLORS, 2)
            product["variants"] = [
                {
                    "sku": f"{sku}-{size}-{color.upper()}",
                    "attributes": {"tamanho": size, "cor": color},
                    "stock": rng.choice([0, 2, 5, 10]),
                }
                for size in rng.sample(sizes, 3)
                for color in colors
            ]
        else:
            product["stock"] = rng.choice([0, 3, 10, 40])
        lines.append(json.dumps(product, ensure_ascii=False, default=str).replace(
            f'"price": "{price}"', f'"price": {price}'))
    return lines


def queries(count: int, seed: int = 11) -> list[tuple[str, dict]]:
    """Search requests (text and filters), like buyers' (some with filters)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        text = QUERIES[i % len(QUERIES)]
        if rng.random() < 0.5:
            text = f"{text} {rng.choice(STYLES).lower()}"  # unique texts: no cache hits
        filters: dict = {}
        roll = rng.random()
        if roll < 0.2:
            filters["price_max"] = Decimal(rng.choice([100, 200, 300]))
        elif roll < 0.35:
            filters["color"] = rng.choice(COLORS)
        elif roll < 0.45:
            filters["size"] = rng.choice(SIZES_CLOTHES)
        out.append((text, filters))
    return out


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]

    return (f"p50 {statistics.median(ordered):6.1f} ms  p95 {at(0.95):6.1f} ms  "
            f"p99 {at(0.99):6.1f} ms")


async def bench(products: int, count: int, keep: str | None = None) -> None:
    """Builds the catalog, runs the searches, prints the figures."""
    embedder = await asyncio.to_thread(default_embedder)
    print(f"{products} products, {count} queries, embeddings: "
          f"{embedder.name if embedder else 'none'}")
    database = (
        kept_database(server_url(), keep) if keep else scratch_database(server_url())
    )
    async with database as db:
        pool = await open_pool(db, min_size=1, max_size=2)
        try:
            async with pool.connection() as conn:
                cur = await conn.execute("SELECT count(*) AS n FROM products")
                existing = (await cur.fetchone())["n"]
            if existing and existing != products:
                raise SystemExit(f"database {keep} holds {existing} products, not {products}")
            if not existing:
                lines = await asyncio.to_thread(generate, products)
                started = time.perf_counter()
                clock = FrozenClock(datetime(2025, 3, 1, tzinfo=UTC))
                for start in range(0, len(lines), 5000):
                    async with pool.connection() as conn:
                        await import_catalog(conn, lines[start : start + 5000],
                                             store_id="default", clock=clock, embedder=embedder)
                async with pool.connection() as conn:
                    await conn.execute("ANALYZE")
                print(f"import with vectors: {time.perf_counter() - started:.0f} s")
            else:
                print(f"reusing database {keep} ({existing} products)")
            requests = queries(count)
            for name, model in (("hybrid", embedder), ("full text", None)):
                if name == "hybrid" and model is None:
                    continue
                catalog = PostgresCatalog(pool, embedder=model)
                for text, filters in requests[:20]:  # warm-up: plans, stems, model
                    await catalog.search("default", text, **filters)
                timings, embeds = [], []
                for text, filters in requests:
                    catalog.forget_query_vectors()  # every query pays for its embedding
                    t0 = time.perf_counter()
                    await catalog.search("default", text, limit=5, **filters)
                    timings.append((time.perf_counter() - t0) * 1000)
                    if model is not None:
                        t1 = time.perf_counter()
                        await asyncio.to_thread(model.embed_query, text)
                        embeds.append((time.perf_counter() - t1) * 1000)
                print(f"{name:>9}: {_percentiles(timings)}")
                if embeds:
                    print(f"{'of which':>9}  query embedding alone: {_percentiles(embeds)}")
        finally:
            await pool.close()


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m evals.search.bench", description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--keep", metavar="NAME",
        help="import into database NAME and keep it; a later run with the same NAME (and"
        " --products) skips the import (drop it yourself when done)",
    )
    args = parser.parse_args(argv)
    asyncio.run(bench(args.products, args.queries, args.keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
