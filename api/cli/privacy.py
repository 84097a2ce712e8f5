"""`balcao privacy export|erase`: a buyer's personal data (LGPD), by WhatsApp id.

    balcao privacy export 5511987654321 [--store ID]        # one JSON of everything held
    balcao privacy erase 5511987654321 [--store ID] --yes   # deleted; paid orders anonymised
"""

from __future__ import annotations

import argparse
import asyncio
import json

from api.cli.database import migrated_connection
from balcao.clock import SystemClock
from balcao.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Adds `privacy` and its subcommands to the main CLI."""
    parser = subparsers.add_parser("privacy", help="a buyer's personal data: export, erase")
    commands = parser.add_subparsers(dest="privacy_command", required=True)
    export = commands.add_parser("export", help="print everything held about a buyer (JSON)")
    erase = commands.add_parser("erase", help="erase a buyer; paid orders kept, anonymised")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    for command in (export, erase):
        command.add_argument("wa_id", help="the buyer's WhatsApp id (digits, e.g. 5511987654321)")
        command.add_argument("--store", default=None, help="store id (default: BALCAO_STORE_ID)")
    export.set_defaults(func=lambda args: asyncio.run(_export(args)))
    erase.set_defaults(func=lambda args: asyncio.run(_erase(args)))


async def _export(args: argparse.Namespace) -> int:
    from tools.privacy.export import export_buyer

    settings = get_settings()
    async with migrated_connection(settings) as conn:
        held = await export_buyer(conn, store_id=args.store or settings.default_store_id,
                                  buyer_id=args.wa_id)
    print(json.dumps(held, ensure_ascii=False, indent=2))
    return 0


async def _erase(args: argparse.Namespace) -> int:
    from tools.privacy.erasure import erase_buyer

    if not args.yes:
        print("erasing cannot be undone: add --yes to confirm")
        return 2
    settings = get_settings()
    async with migrated_connection(settings) as conn:
        done = await erase_buyer(conn, store_id=args.store or settings.default_store_id,
                                 buyer_id=args.wa_id, now=SystemClock().now())
    print(json.dumps({"erased": done}, indent=2))
    return 0
