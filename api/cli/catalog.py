"""`balcao catalog import FILE`, `search "QUERY"`, `embed` and `convert-tau2 DB_JSON`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from api.cli.standalone import run_group
from balcao.clock import SystemClock
from balcao.db.connect import database_url, open_pool
from balcao.db.migrate import migrate
from balcao.settings import get_settings
from tools.catalog.client import PostgresCatalog, ProductHit
from tools.catalog.demo import seed_demo_store
from tools.catalog.embeddings import default_embedder
from tools.catalog.embeddings.store import embed_products
from tools.catalog.importer import CatalogImportError, ImportReport, import_catalog, lock_catalog
from tools.catalog.tau2 import convert_file
from tools.stores import ensure_store

# The name a default store gets when the CLI is the first to need it (as the service names it).
DEFAULT_STORE_NAME = "Loja"

T = TypeVar("T")


class DatabaseUnavailable(Exception):
    """The database could not be reached."""


def register(subparsers: Any) -> None:
    """Adds the `catalog` command and its `import` and `search` subcommands.

    Args:
        subparsers: What `ArgumentParser.add_subparsers()` returned for the main CLI.
    """
    parser = subparsers.add_parser("catalog", help="import and search the store's catalog")
    commands = parser.add_subparsers(dest="catalog_command", metavar="COMMAND", required=True)

    importing = commands.add_parser(
        "import", help="load products from a JSON Lines file (all lines or none)"
    )
    importing.add_argument("file", type=Path, help="one product per line (docs/spec/catalog.md)")
    importing.add_argument("--tenant", metavar="ID", help="store id (default: the default store)")
    importing.set_defaults(func=run_import)

    searching = commands.add_parser(
        "search",
        help="search the catalog as the bot does",
        description="Search the catalog as the bot does. On a default store with no products, "
        "the demo catalog is loaded first when BALCAO_DEMO_STORE is on, as the service would.",
    )
    searching.add_argument("query", help='what a buyer would type, e.g. "tênis de corrida"')
    searching.add_argument("--json", action="store_true", help="print a JSON array")
    searching.add_argument("--limit", type=int, default=5, metavar="N", help="most results")
    searching.add_argument("--tenant", metavar="ID", help="store id (default: the default store)")
    searching.set_defaults(func=run_search)

    embedding = commands.add_parser(
        "embed",
        help="compute missing or stale product vectors for semantic search",
        description="Compute vectors with the configured model (BALCAO_EMBEDDINGS) for products "
        "that have none or whose text changed, e.g. after changing the model.",
    )
    embedding.add_argument("--tenant", metavar="ID", help="store id (default: the default store)")
    embedding.set_defaults(func=run_embed)

    tau2 = commands.add_parser(
        "convert-tau2",
        help="print τ²-bench retail's db.json as an import file (JSON Lines)",
    )
    tau2.add_argument("db", type=Path, help="the τ²-bench retail db.json")
    tau2.set_defaults(func=run_convert_tau2)


def run_import(args: argparse.Namespace) -> int:
    """Imports args.file into the store; prints a summary, or every error on stderr.

    Args:
        args: Parsed arguments with `file` and `tenant`.

    Returns:
        0 when imported; 1 when the file could not be read or did not validate, or the
        database cannot be reached.
    """
    try:
        lines = args.file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1

    async def work(pool: AsyncConnectionPool, store_id: str) -> ImportReport:
        embedder = await asyncio.to_thread(default_embedder)
        async with pool.connection() as conn:
            return await import_catalog(
                conn, lines, store_id=store_id, clock=SystemClock(), embedder=embedder
            )

    try:
        report = _run(args.tenant, work, seed_demo=False)
    except DatabaseUnavailable as exc:
        print(f"error: cannot connect to the database: {exc}", file=sys.stderr)
        return 1
    except CatalogImportError as exc:
        for number, reason in exc.errors:
            print(f"line {number}: {reason}" if number else f"error: {reason}", file=sys.stderr)
        print(f"nothing imported ({len(exc.errors)} error(s))", file=sys.stderr)
        return 1
    for number, warning in report.warnings:
        print(f"line {number}: warning: {warning}", file=sys.stderr)
    print(
        f"imported {report.products} products ({report.created} created, {report.updated} "
        f"updated, {report.unchanged} unchanged), {report.variants} variants"
    )
    return 0


def run_embed(args: argparse.Namespace) -> int:
    """Computes missing or stale vectors of the store's products with the configured model.

    Args:
        args: Parsed arguments with `tenant`.

    Returns:
        0, or 1 when no embeddings model is available or the database cannot be reached.
    """

    async def work(pool: AsyncConnectionPool, store_id: str) -> int | None:
        embedder = await asyncio.to_thread(default_embedder)
        if embedder is None:
            return None
        async with pool.connection() as conn, conn.transaction():
            await lock_catalog(conn, store_id)
            return await embed_products(conn, store_id, embedder)

    try:
        count = _run(args.tenant, work, seed_demo=False)
    except DatabaseUnavailable as exc:
        print(f"error: cannot connect to the database: {exc}", file=sys.stderr)
        return 1
    if count is None:
        print("error: no embeddings model (BALCAO_EMBEDDINGS)", file=sys.stderr)
        return 1
    print(f"embedded {count} products")
    return 0


def run_convert_tau2(args: argparse.Namespace) -> int:
    """Prints τ²-bench retail's catalog in our import format.

    Args:
        args: Parsed arguments with `db`.

    Returns:
        0, or 1 when the file cannot be read or is not a τ² retail database.
    """
    try:
        lines = convert_file(args.db)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: cannot convert {args.db}: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Searches the store's catalog and prints the hits (a table, or JSON with --json).

    Args:
        args: Parsed arguments with `query`, `json`, `limit` and `tenant`.

    Returns:
        0, or 1 when the database cannot be reached.
    """

    async def work(pool: AsyncConnectionPool, store_id: str) -> list[ProductHit]:
        return await PostgresCatalog(pool).search(store_id, args.query, limit=args.limit)

    try:
        hits = _run(args.tenant, work, seed_demo=True)
    except DatabaseUnavailable as exc:
        print(f"error: cannot connect to the database: {exc}", file=sys.stderr)
        return 1
    if args.json:
        rows = [
            {
                "sku": hit.product.sku,
                "name": hit.product.name,
                "price": str(hit.product.price_range[0]),
                "score": hit.score,
                "in_stock": hit.in_stock,
            }
            for hit in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no products found")
    for hit in hits:
        product = hit.product
        low, high = product.price_range
        price = format_money(low, product.currency)
        if high != low:
            price += f" – {format_money(high, product.currency)}"
        stock = "" if hit.in_stock else "  (out of stock)"
        print(f"{product.sku:<14} {product.name:<44} {price:>24} {hit.score:7.3f}{stock}")
    return 0


def format_money(amount: Decimal, currency: str) -> str:
    """An amount as a buyer in Brazil reads it: "R$ 1.299,90"; other currencies "USD 1,299.90".

    Args:
        amount: The amount.
        currency: ISO 4217 code.

    Returns:
        The amount rounded half-up to cents, with its symbol or code.
    """
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if currency == "BRL":
        digits = f"{cents:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
        return f"R$ {digits}"
    return f"{currency} {cents:,.2f}"


def _run(
    tenant: str | None,
    work: Callable[[AsyncConnectionPool, str], Awaitable[T]],
    *,
    seed_demo: bool,
) -> T:
    """Runs work on a migrated database, with the default store ready when it is the one.

    With `seed_demo` (search), the default store gets the demo catalog as the service would
    give it at start (when BALCAO_DEMO_STORE is on and the store has no products), so a search
    shows what the bot sees. An import never seeds: it would mix the demo into the file's
    catalog.
    """
    settings = get_settings()
    store_id = tenant or settings.default_store_id
    # Resolved before the event loop starts: it may start the embedded server.
    url = database_url(settings)

    async def main() -> T:
        try:
            # A plain connection first: it fails at once where a pool would retry for 30 s.
            conn = await psycopg.AsyncConnection.connect(
                url, autocommit=True, row_factory=dict_row, connect_timeout=10
            )
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailable(str(exc).strip()) from None
        async with conn:
            await migrate(conn)
            if store_id == settings.default_store_id:
                if seed_demo and settings.demo_store:
                    await seed_demo_store(conn, store_id=store_id, clock=SystemClock())
                else:
                    await ensure_store(conn, store_id, DEFAULT_STORE_NAME)
        pool = await open_pool(url, min_size=1, max_size=1)
        try:
            return await work(pool, store_id)
        finally:
            await pool.close()

    return asyncio.run(main())



if __name__ == "__main__":
    sys.exit(run_group(register))
