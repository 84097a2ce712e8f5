"""`balcao orders list|show|ship|deliver|cancel|approve|refuse|send-refunds|import-tau2`: the
store's orders after the sale. Each change tells the buyer on WhatsApp (once), as the
console's do.

    balcao orders list [--json] [--limit N]
    balcao orders show NUMBER [--json]             # lines, tracking, money, history
    balcao orders ship NUMBER --tracking CODE [--carrier NAME]
    balcao orders deliver NUMBER
    balcao orders cancel NUMBER --reason TEXT      # refunds go to the provider they came from
    balcao orders approve NUMBER                   # the exchange or return asked (items back)
    balcao orders refuse NUMBER --reason TEXT      # the exchange or return asked
    balcao orders send-refunds                     # pending refunds to their providers, once
    balcao orders import-tau2 DB_JSON              # τ²-bench retail users, methods and orders
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from api.cli.database import migrated_connection
from balcao.money import format_money
from balcao.settings import get_settings

ACTOR = "operator:cli"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Adds `orders` and its subcommands to the main CLI."""
    parser = subparsers.add_parser("orders", help="orders of the store")
    commands = parser.add_subparsers(dest="orders_command", required=True)
    listing = commands.add_parser("list", help="list orders, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON array")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(func=run_list)
    show = commands.add_parser("show", help="one order: lines, tracking, money, history")
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=lambda args: asyncio.run(_show(args)))
    ship = commands.add_parser("ship", help="mark a paid order shipped")
    ship.add_argument("number")
    ship.add_argument("--tracking", required=True, help="the carrier's tracking code")
    ship.add_argument("--carrier", default=None, help="e.g. Correios, Jadlog")
    ship.set_defaults(func=lambda args: asyncio.run(_change(args, "ship")))
    deliver = commands.add_parser("deliver", help="mark a shipped order delivered")
    deliver.add_argument("number")
    deliver.set_defaults(func=lambda args: asyncio.run(_change(args, "deliver")))
    cancel = commands.add_parser("cancel", help="cancel an order that has not shipped")
    cancel.add_argument("number")
    cancel.add_argument("--reason", required=True)
    cancel.set_defaults(func=lambda args: asyncio.run(_change(args, "cancel")))
    approve = commands.add_parser("approve", help="approve an exchange or return (items back)")
    approve.add_argument("number")
    approve.set_defaults(func=lambda args: asyncio.run(_change(args, "approve")))
    refuse = commands.add_parser("refuse", help="refuse an exchange or return, with a reason")
    refuse.add_argument("number")
    refuse.add_argument("--reason", required=True, help="told to the buyer")
    refuse.set_defaults(func=lambda args: asyncio.run(_change(args, "refuse")))
    refunds = commands.add_parser("send-refunds", help="send pending refunds (retries too)")
    refunds.set_defaults(func=lambda args: asyncio.run(_send_refunds(args)))
    tau2 = commands.add_parser("import-tau2", help="load τ²-bench retail users and orders")
    tau2.add_argument("db_json", type=Path)
    tau2.set_defaults(func=lambda args: asyncio.run(_import_tau2(args)))
    for command in (listing, show, ship, deliver, cancel, approve, refuse, refunds, tau2):
        command.add_argument("--tenant", default=None,
                             help="store id (default: the default store)")


def run_list(args: argparse.Namespace) -> int:
    """`balcao orders list`."""
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


async def _show(args: argparse.Namespace) -> int:
    from tools.orders.lifecycle import history, order_id_of
    from tools.orders.queries import load_order
    from tools.orders.refunds import ledger

    settings = get_settings()
    store_id = args.tenant or settings.default_store_id
    async with migrated_connection(settings) as conn:
        try:
            order_id = await order_id_of(conn, store_id=store_id, number=args.number)
        except LookupError:
            print(f"order {args.number} not found")
            return 1
        order = await load_order(conn, order_id)
        cur = await conn.execute("SELECT carrier, tracking_code, cancel_reason FROM orders"
                                 " WHERE id = %s", (order_id,))
        extra = dict(await cur.fetchone() or {})
        money = await ledger(conn, order_id)
        changes = await history(conn, order_id)
    if args.json:
        print(json.dumps(order.summary() | extra | {
            "address": order.address, "payment_method": order.payment_method,
            "transactions": [{k: t[k] for k in ("kind", "amount", "method_id", "provider",
                                                "status")} for t in money],
            "history": changes}, ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"order {order.number}  {order.status}  {format_money(order.total)}")
    if extra.get("tracking_code"):
        print(f"  shipped: {extra.get('carrier') or '-'} {extra['tracking_code']}")
    if extra.get("cancel_reason"):
        print(f"  cancelled: {extra['cancel_reason']}")
    for line in order.lines:
        variant = " / ".join(line.variant.values())
        print(f"  {line.quantity} x {line.name} {variant}  {format_money(line.total)}")
    for t in money:
        print(f"  {t['kind']:<8} {format_money(t['amount']):>12}  {t['method_id'] or '-'}"
              f" ({t['provider']}, {t['status']})")
    for change in changes:
        print(f"  {change['occurred_at']:%Y-%m-%d %H:%M}  {change['action']:<14}"
              f" -> {change['to_status']:<18} by {change['actor']}")
    return 0


async def _change(args: argparse.Namespace, what: str) -> int:
    from api.worker.order_actions import OrderActionError, change_order
    from balcao.clock import SystemClock
    from balcao.store_config import StoreConfigs

    settings = get_settings()
    async with migrated_connection(settings) as conn:
        try:
            order = await change_order(
                conn, StoreConfigs(settings.stores_dir), SystemClock(),
                store_id=args.tenant or settings.default_store_id, number=args.number,
                action=what, actor=ACTOR, tracking_code=getattr(args, "tracking", ""),
                carrier=getattr(args, "carrier", None), reason=getattr(args, "reason", ""))
        except OrderActionError as exc:
            print(str(exc))
            return 1
    print(f"order {order['number']}: {order['status']}")
    if what in ("cancel", "approve"):
        print("refunds are sent by the worker, or now: `balcao orders send-refunds`")
    return 0


async def _import_tau2(args: argparse.Namespace) -> int:
    from balcao.clock import SystemClock
    from tools.catalog.tau2 import read_db
    from tools.orders.tau2 import load_tau2
    from tools.stores import ensure_store

    settings = get_settings()
    store_id = args.tenant or settings.default_store_id
    db = await asyncio.to_thread(read_db, args.db_json)
    async with migrated_connection(settings) as conn:
        await ensure_store(conn, store_id, "Loja")
        counts = await load_tau2(conn, db, store_id=store_id, clock=SystemClock())
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


async def _send_refunds(args: argparse.Namespace) -> int:
    import httpx

    from api.worker.refund_runs import send_pending_refunds
    from balcao.clock import SystemClock
    from balcao.store_config import StoreConfigs
    from tools.payments.gateway import PaymentGateway

    settings = get_settings()
    clock = SystemClock()
    async with migrated_connection(settings) as conn, httpx.AsyncClient(timeout=20) as http:
        sent = await send_pending_refunds(conn, PaymentGateway(settings, http, clock),
                                          StoreConfigs(settings.stores_dir), clock)
    if sent is None:
        print("another process is sending refunds right now; nothing done")
        return 1
    for refund in sent:
        print(f"refund {refund['id']} ({refund['provider']}): {refund['status']}"
              + (f" - {refund['last_error']}" if refund.get("last_error") else ""))
    print(f"{len(sent)} refund(s) sent")
    return 0
