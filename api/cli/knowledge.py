"""`balcao knowledge import DIR`, `list` and `ask "pergunta"`: the store's knowledge base."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg

from api.cli.database import migrated_connection
from api.cli.standalone import run_group
from balcao.clock import SystemClock
from balcao.settings import Settings, get_settings
from balcao.store_config import StoreConfigs
from tools.catalog.embeddings import default_embedder
from tools.knowledge.ask import KnowledgeReply, ask
from tools.knowledge.demo import seed_demo_knowledge
from tools.knowledge.files import KnowledgeFormatError, format_issue
from tools.knowledge.importer import ImportReport, import_folder
from tools.knowledge.listing import list_passages
from tools.knowledge.unanswered import list_unanswered
from tools.stores import ensure_store

DEFAULT_STORE_NAME = "Loja"


def register(subparsers: Any) -> None:
    """Adds `knowledge` and its `import`, `list` and `ask` subcommands.

    Args:
        subparsers: What `ArgumentParser.add_subparsers()` returned for the main CLI.
    """
    parser = subparsers.add_parser("knowledge", help="the store's policies, FAQ and about us")
    commands = parser.add_subparsers(dest="knowledge_command", metavar="COMMAND", required=True)

    importing = commands.add_parser(
        "import", help="load a knowledge folder (docs/spec/knowledge.md): all files or none")
    importing.add_argument("folder", type=Path, help="the folder of .md files")
    importing.add_argument("--store", metavar="ID", help="store id (default: the default store)")
    importing.set_defaults(func=run_import)

    listing = commands.add_parser("list", help="the store's passages, or unanswered questions")
    listing.add_argument("--store", metavar="ID", help="store id (default: the default store)")
    listing.add_argument("--unanswered", action="store_true",
                         help="the questions nothing answered, most asked first")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(func=run_list)

    asking = commands.add_parser("ask", help="what the bot would answer, and from what")
    asking.add_argument("question", help='a buyer\'s question, e.g. "aceita pix?"')
    asking.add_argument("--store", metavar="ID", help="store id (default: the default store)")
    asking.add_argument("--subtotal", help="a cart subtotal in reais, e.g. 250.00")
    asking.add_argument("--lang", choices=("pt", "en"), help="reply language (default: guess)")
    asking.add_argument("--json", action="store_true", help="print the reply as JSON")
    asking.set_defaults(func=run_ask)


def run_import(args: argparse.Namespace) -> int:
    """Imports args.folder into the store; prints a summary, or every error on stderr."""

    async def work(conn: Any, store_id: str, _: Settings) -> ImportReport:
        encoder = await asyncio.to_thread(default_embedder)
        return await import_folder(conn, args.folder, store_id=store_id, clock=SystemClock(),
                                   encoder=encoder)

    try:
        report = _run(args.store, work, seed_demo=False)
    except KnowledgeFormatError as exc:
        for error in exc.errors:
            print(format_issue(*error), file=sys.stderr)
        print(f"nothing imported ({len(exc.errors)} error(s))", file=sys.stderr)
        return 1
    except psycopg.OperationalError as exc:
        print(f"error: cannot connect to the database: {exc}", file=sys.stderr)
        return 1
    print(f"imported {report.documents} documents, {report.passages} passages "
          f"({report.created} created, {report.updated} updated, {report.unchanged} "
          f"unchanged, {report.deleted} deleted)")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Prints the store's passages (doc, language, title, source) or unanswered questions."""

    async def work(conn: Any, store_id: str, _: Settings) -> list[dict[str, Any]]:
        if args.unanswered:
            rows = await list_unanswered(conn, store_id, limit=200)
            return [{"count": r.count, "lang": r.lang, "question": r.question,
                     "asked_at": r.asked_at.isoformat()} for r in rows]
        return await list_passages(conn, store_id)

    try:
        rows = _run(args.store, work, seed_demo=True)
    except psycopg.OperationalError as exc:
        print(f"error: cannot connect to the database: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("no unanswered questions" if args.unanswered else "no knowledge imported")
    elif args.unanswered:
        for row in rows:
            print(f"{row['count']:>5}  {row['lang']}  {row['question']}")
    else:
        for row in rows:
            title = row["question"] or row["title"]
            print(f"{row['doc_id']:<14} {row['lang']} {row['kind']:<7} {title[:60]:<60} "
                  f"{row['source']}")
    return 0


def run_ask(args: argparse.Namespace) -> int:
    """Prints the reply to a question and the passages and facts it came from."""
    try:
        subtotal = Decimal(args.subtotal.replace(",", ".")) if args.subtotal else None
    except InvalidOperation:
        print(f"error: --subtotal {args.subtotal!r} is not an amount", file=sys.stderr)
        return 2

    async def work(conn: Any, store_id: str, settings: Settings) -> KnowledgeReply:
        encoder = await asyncio.to_thread(default_embedder)
        config = StoreConfigs(settings.stores_dir).get(store_id)
        return await ask(conn, store_id=store_id, config=config, question=args.question,
                         clock=SystemClock(), encoder=encoder, lang=args.lang,
                         subtotal=subtotal, record_unknown=False)

    try:
        reply = _run(args.store, work, seed_demo=True)
    except psycopg.OperationalError as exc:
        print(f"error: cannot connect to the database: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(_reply_json(reply), ensure_ascii=False, indent=2))
        return 0
    print(reply.text)
    print()
    if reply.status == "unknown":
        print("(unknown: nothing in the store's data answers this)")
    for fact in reply.facts:
        print(f"fact: {type(fact).__name__}")
    for hit in reply.passages:
        print(f"passage: {hit.source} ({hit.title}) similarity={hit.similarity} "
              f"coverage={hit.coverage}")
    return 0


def _reply_json(reply: KnowledgeReply) -> dict[str, Any]:
    return {
        "status": reply.status, "lang": reply.lang, "text": reply.text,
        "facts": [type(fact).__name__ for fact in reply.facts],
        "passages": [{"doc_id": h.doc_id, "lang": h.lang, "title": h.title,
                      "source": h.source, "similarity": h.similarity, "coverage": h.coverage}
                     for h in reply.passages],
    }


def _run(store: str | None, work: Any, *, seed_demo: bool) -> Any:
    """Runs work on a migrated connection, the default store ready (with the demo knowledge
    when BALCAO_DEMO_STORE is on and `seed_demo`, as the service would have it)."""
    settings = get_settings()
    store_id = store or settings.default_store_id

    async def main() -> Any:
        async with migrated_connection(settings) as opened:
            conn: Any = opened  # dict rows (the pool's), whatever the helper's annotation
            if store_id == settings.default_store_id:
                if seed_demo and settings.demo_store:
                    encoder = await asyncio.to_thread(default_embedder)
                    await seed_demo_knowledge(conn, store_id, SystemClock(), encoder)
                else:
                    await ensure_store(conn, store_id, DEFAULT_STORE_NAME)
            return await work(conn, store_id, settings)

    return asyncio.run(main())



if __name__ == "__main__":
    sys.exit(run_group(register))
