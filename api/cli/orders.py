"""`balcao orders list [--json] [--limit N]`: the store's orders, newest first."""

from __future__ import annotations

import argparse
import asyncio
import json

from api.cli.database import migrated_connection
from balcao.money import format_money
from balcao.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("orders", help="orders of the store")
    commands = parser.add_subparsers(dest="orders_command", required=True)
    listing = commands.add_parser("list", help="list orders, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON array")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--tenant", default=None, help="store id (default: the default store)")
    listing.set_defaults(func=run_list)


def run_list(args: argparse.Namespace) -> int:
    return asyncio.run(_list(args))


async def _list(args: argparse.Namespace) -> int:
    from tools.orders.queries import recent_orders

    settings = get_settings()
    store_id = args.tenant or settings.default_store_id
    async with migrated_connection(settings) as conn:
        orders = await recent_orders(conn, store_id=store_id, limit=args.limit)
    if args.json:
        print(json.dumps([o.summary() | {"payment_method": o.payment_method} for o in orders],
                         ensure_ascii=False, indent=2))
        return 0
    if not orders:
        print("no orders")
        return 0
    for order in orders:
        items = sum(line.quantity for line in order.lines)
        print(f"{order.number:>6}  {order.created_at:%Y-%m-%d %H:%M}  {order.status:<16}"
              f" {items:>3} item(s)  {format_money(order.total):>14}")
    return 0
