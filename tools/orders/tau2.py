"""Loads τ²-bench retail's users, payment methods and orders into a Balcão store.

The catalog goes through `tools.catalog.tau2` and the importer; then, for each τ² user, a
customer (`buyer_id` = user id, `last_address` = τ²'s address as is) with its payment methods
(gift cards are store credit with their balance; cards and PayPal go through the `sandbox`
provider); for each order, an order numbered as τ²'s without the "#", its items as lines
(a repeated item is one line with its quantity), its payment history as the order's ledger.

Statuses: τ² `pending` (paid, not shipped) is `paid`, `processed` is `shipped` (its first
tracking id as tracking code), `delivered` and `cancelled` are themselves.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.catalog.importer import import_catalog
from tools.catalog.tau2 import convert, dumps
from tools.orders.refunds import STORE_CREDIT

STATUS = {"pending": "paid", "processed": "shipped", "delivered": "delivered",
          "cancelled": "cancelled"}
ACTOR = "import:tau2"


def provider_for(source: str) -> str:
    """The provider that moves a τ² payment method's money in Balcão."""
    return STORE_CREDIT if source == "gift_card" else "sandbox"


async def load_tau2(conn: Connection, db: dict[str, Any], *, store_id: str,
                    clock: Clock) -> dict[str, int]:
    """Loads the whole τ² database (parsed with `tools.catalog.tau2.read_db`) into a store.

    Orders already in the store (same number) are left alone. Returns counts per kind.
    """
    now = clock.now()
    async with conn.transaction():
        await import_catalog(conn, [dumps(line) for line in convert(db)], store_id=store_id,
                             clock=clock)
        sources: dict[str, str] = {}
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO customers (store_id, buyer_id, name, email, last_address,"
                " created_at, updated_at) VALUES (%s,%s,%s,%s,%s,%s,%s)"
                " ON CONFLICT (store_id, buyer_id) DO NOTHING",
                [(store_id, u["user_id"],
                  f"{u['name']['first_name']} {u['name']['last_name']}", u["email"],
                  json.dumps(u["address"]), now, now) for u in db["users"].values()])
        customers = await _ids(conn, "SELECT buyer_id AS k, id FROM customers"
                                     " WHERE store_id = %s", store_id)
        methods = []
        for user in db["users"].values():
            for method in user["payment_methods"].values():
                sources[method["id"]] = method["source"]
                details = {k: str(v) for k, v in method.items()
                           if k not in ("id", "source", "balance")}
                methods.append((store_id, customers[user["user_id"]], method["id"],
                                method["source"], provider_for(method["source"]),
                                json.dumps(details), method.get("balance")))
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO customer_payment_methods (store_id, customer_id, method_id, source,"
                " provider, details, balance) VALUES (%s,%s,%s,%s,%s,%s,%s)"
                " ON CONFLICT DO NOTHING", methods)
            await cur.executemany(
                "INSERT INTO orders (store_id, number, customer_id, status, currency, subtotal,"
                " total, address, payment_method, tracking_code, cancel_reason, created_at,"
                " updated_at) VALUES (%s,%s,%s,%s,'USD',%s,%s,%s,%s,%s,%s,%s,%s)"
                " ON CONFLICT (store_id, number) DO NOTHING",
                [_order_row(store_id, o, customers, now) for o in db["orders"].values()])
        orders = await _ids(conn, "SELECT number AS k, id FROM orders WHERE store_id = %s"
                                  " AND NOT EXISTS (SELECT 1 FROM order_lines l"
                                  "  WHERE l.order_id = orders.id)", store_id)
        lines, money, history = [], [], []
        for order in db["orders"].values():
            order_id = orders.get(order["order_id"].lstrip("#"))
            if order_id is None:
                continue
            lines += _lines(order_id, order["items"])
            for i, entry in enumerate(order["payment_history"]):
                method = entry["payment_method_id"]
                money.append((store_id, order_id, entry["transaction_type"], entry["amount"],
                              method, provider_for(sources.get(method, "")),
                              f"tau2_{order_id}_{i}", f"tau2-{order['order_id']}-{i}", now))
            history.append((store_id, order_id, STATUS[order["status"]], now))
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO order_lines (order_id, sku, product_sku, name, variant, unit_price,"
                " quantity, total) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)", lines)
            await cur.executemany(
                "INSERT INTO order_transactions (store_id, order_id, kind, amount, method_id,"
                " provider, provider_ref, idempotency_key, status, created_at, settled_at)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,'done',%s,%s)",
                [row + (row[-1],) for row in money])
            await cur.executemany(
                "INSERT INTO order_history (store_id, order_id, action, to_status, actor,"
                f" occurred_at) VALUES (%s,%s,'import',%s,'{ACTOR}',%s)", history)
    return {"products": len(db["products"]), "customers": len(customers),
            "payment_methods": len(methods), "orders": len(orders)}


def _order_row(store_id: str, order: dict[str, Any], customers: dict[str, int],
               now: object) -> tuple[Any, ...]:
    total = sum((Decimal(str(item["price"])) for item in order["items"]), Decimal("0"))
    tracking = next((t for f in order.get("fulfillments") or [] for t in f["tracking_id"]),
                    None)
    payments = order["payment_history"]
    return (store_id, order["order_id"].lstrip("#"), customers[order["user_id"]],
            STATUS[order["status"]], total, total, json.dumps(order["address"]),
            payments[0]["payment_method_id"] if payments else None, tracking,
            order.get("cancel_reason"), now, now)


def _lines(order_id: int, items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    counts = Counter(item["item_id"] for item in items)
    first: dict[str, dict[str, Any]] = {}
    for item in items:
        first.setdefault(item["item_id"], item)
    return [(order_id, sku, item["product_id"], item["name"],
             json.dumps({str(k): str(v) for k, v in item["options"].items()}), item["price"],
             counts[sku], item["price"] * counts[sku]) for sku, item in first.items()]


async def _ids(conn: Connection, sql: str, store_id: str) -> dict[str, int]:
    cur = await conn.execute(sql, (store_id,))
    return {row["k"]: int(row["id"]) for row in await cur.fetchall()}
