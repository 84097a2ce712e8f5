"""`python -m evals.search.turn_cost [--searches N] [--rounds R]`: a search's CPU in the process
that runs it, inside a worker's turn (the store's catalog version known, as the claim tells it)
and outside one (the CLI, the golden runner).

Inside a turn a search reuses what the process already knows at that version: the words'
corrections and whether the store has them (`WordFacts`, tools/catalog/terms.py) and the hits'
products (`ProductCache`, tools/catalog/product_cache.py). The demo catalog is imported into a
throwaway database on the project's server; the searches repeat the load benchmark's words
and a few more, full text only (no model to load). Prints the median over rounds of the
process's CPU and wall time a search, alternating the two cases. Not a test: the figures
depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime

from balcao.clock import FrozenClock
from balcao.db.connect import open_pool
from evals.search.db import scratch_database, server_url
from tools.catalog.client import PostgresCatalog
from tools.catalog.demo import demo_catalog_lines
from tools.catalog.importer import import_catalog
from tools.catalog.product_cache import catalog_version_known, read_catalog_version

STORE = "default"
QUERIES = ["garrafa termica", "camiseta", "tenis de corrida", "quero ver camisetas", "caneca",
           "tem garrafa termica?"]


async def _measure(searches: int, rounds: int) -> dict[str, tuple[float, float]]:
    async with scratch_database(server_url(), STORE) as url:
        pool = await open_pool(url, min_size=1, max_size=2)
        try:
            async with pool.connection() as conn:
                await import_catalog(conn, demo_catalog_lines(), store_id=STORE,
                                     clock=FrozenClock(datetime(2025, 1, 1, tzinfo=UTC)))
                version = await read_catalog_version(conn, STORE)
            catalog = PostgresCatalog(pool, embedder=None)

            async def one_round(known: bool) -> tuple[float, float]:
                cpu, wall = time.process_time(), time.perf_counter()
                for n in range(searches):
                    query = QUERIES[n % len(QUERIES)]
                    if known:
                        with catalog_version_known(STORE, version):
                            await catalog.search(STORE, query, limit=5)
                    else:
                        await catalog.search(STORE, query, limit=5)
                return ((time.process_time() - cpu) * 1000 / searches,
                        (time.perf_counter() - wall) * 1000 / searches)

            await one_round(False)  # warm: stems, connections, statements
            seen: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
            for _ in range(rounds):
                for known in (False, True):
                    seen[known].append(await one_round(known))
        finally:
            await pool.close()
    return {("in a turn" if known else "outside a turn"): (
        statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs))
        for known, runs in seen.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.search.turn_cost",
                                     description=__doc__)
    parser.add_argument("--searches", type=int, default=600, help="searches a round")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of each case")
    args = parser.parse_args(argv)
    figures = asyncio.run(_measure(args.searches, args.rounds))
    for case, (cpu, wall) in figures.items():
        print(f"{case:15} {cpu:.3f} ms of CPU a search, {wall:.3f} ms wall (median of "
              f"{args.rounds} rounds of {args.searches})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
