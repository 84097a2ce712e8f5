"""τ²'s write actions done with Balcão's after-sale tools, and Balcão's state in τ²'s view."""

from __future__ import annotations

import json
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tests.aftersale.oracle import money
from tools.orders import account, aftersale, returns
from tools.orders.lifecycle import OrderStateError
from tools.orders.refunds import InsufficientCredit

ADDRESS = ("address1", "address2", "city", "country", "state", "zip")
ACTOR = "conformance"
EXPECTED_ERRORS = (OrderStateError, ValueError, LookupError, InsufficientCredit)


async def apply(conn: Connection, store_id: str, action: dict[str, Any],
                clock: Clock) -> str | None:
    """Runs one τ² action with Balcão's tools; the error's text, or None."""
    a, name = action["arguments"], action["name"]
    common = {"store_id": store_id, "actor": ACTOR, "clock": clock}
    try:
        if name == "cancel_pending_order":
            await aftersale.cancel_order(conn, number=a["order_id"], reason=a["reason"],
                                         **common)
        elif name == "modify_pending_order_items":
            await aftersale.modify_items(conn, number=a["order_id"], item_ids=a["item_ids"],
                                         new_item_ids=a["new_item_ids"],
                                         method_id=a["payment_method_id"], **common)
        elif name == "modify_pending_order_address":
            await aftersale.modify_address(conn, number=a["order_id"],
                                           address={k: a[k] for k in ADDRESS}, **common)
        elif name == "modify_pending_order_payment":
            await account.modify_payment(conn, number=a["order_id"],
                                         method_id=a["payment_method_id"], **common)
        elif name == "modify_user_address":
            await account.modify_customer_address(
                conn, store_id=store_id, buyer_id=a["user_id"],
                address={k: a[k] for k in ADDRESS}, clock=clock)
        elif name == "exchange_delivered_order_items":
            await returns.request_exchange(conn, number=a["order_id"], item_ids=a["item_ids"],
                                           new_item_ids=a["new_item_ids"],
                                           method_id=a["payment_method_id"], **common)
        elif name == "return_delivered_order_items":
            await returns.request_return(conn, number=a["order_id"], item_ids=a["item_ids"],
                                         method_id=a["payment_method_id"], **common)
        else:
            raise AssertionError(f"unknown action {name}")
    except EXPECTED_ERRORS as exc:
        return str(exc)
    return None


def tau2_status(row: dict[str, Any]) -> str:
    """Balcão's status as τ² names it."""
    status = row["status"]
    if status in ("pending_payment", "paid", "preparing"):
        return "pending (item modified)" if row["items_modified"] else "pending"
    return {"shipped": "processed", "exchange_requested": "exchange requested",
            "return_requested": "return requested"}.get(status, status)


async def balcao_view(conn: Connection, store_id: str, orders: list[str],
                      users: list[str]) -> dict[str, Any]:
    """The touched orders and users of the store, normalised like `oracle.reference_view`."""
    view: dict[str, Any] = {"orders": {}, "users": {}}
    for number in orders:
        cur = await conn.execute("SELECT * FROM orders WHERE store_id = %s AND number = %s",
                                 (store_id, number.lstrip("#")))
        row = await cur.fetchone()
        if row is None:
            continue
        cur = await conn.execute("SELECT * FROM order_lines WHERE order_id = %s", (row["id"],))
        items = sorted((line["sku"], money(line["unit_price"]),
                        sorted(line["variant"].items()))
                       for line in await cur.fetchall() for _ in range(line["quantity"]))
        cur = await conn.execute("SELECT kind, amount, method_id FROM order_transactions"
                                 " WHERE order_id = %s ORDER BY id", (row["id"],))
        payments = [(t["kind"], money(t["amount"]), t["method_id"])
                    for t in await cur.fetchall()]
        requests = {r["kind"]: r for r in await returns.open_requests(conn, row["id"])}
        exchange, ret = requests.get("exchange"), requests.get("return")
        view["orders"][number] = {
            "status": tau2_status(row), "items": items, "payments": payments,
            "address": row["address"], "cancel_reason": row["cancel_reason"],
            "exchange": None if exchange is None else (
                exchange["items"], exchange["new_items"], exchange["method_id"],
                money(exchange["price_difference"])),
            "return": None if ret is None else (ret["items"], ret["method_id"]),
        }
    for user_id in users:
        cur = await conn.execute(
            "SELECT c.last_address, m.method_id, m.source, m.balance FROM customers c"
            " JOIN customer_payment_methods m ON m.customer_id = c.id"
            " WHERE c.store_id = %s AND c.buyer_id = %s", (store_id, user_id))
        rows = await cur.fetchall()
        address = rows[0]["last_address"] if rows else None
        view["users"][user_id] = {
            "address": json.loads(address) if isinstance(address, str) else address,
            "methods": sorted((r["method_id"], r["source"], money(r["balance"])
                               if r["balance"] is not None else None) for r in rows),
        }
    return view
