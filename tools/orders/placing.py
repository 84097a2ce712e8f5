"""Turning a cart into an order: re-read prices, reserve stock, write the order, once.

Reservations lock the product or variant rows they count, in sku order, so concurrent
checkouts for the last units serialize there and none oversells: available is the stock
minus the units other orders hold and have not let expire.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection, fetch_row
from tools.cart.models import round_money
from tools.orders.models import Order, PricesChanged, StockShortage
from tools.orders.queries import load_order


@dataclass(frozen=True)
class OrderDetails:
    """What checkout collected."""

    customer_name: str
    address: dict[str, Any]
    shipping: dict[str, Any]
    """The chosen quote (`ShippingQuote.as_dict()`), price as a string."""
    payment_method: str
    discount: Decimal = Decimal("0")
    """What the summary the buyer agreed to took off (coupon, PIX), never more than the
    subtotal."""
    coupon: str | None = None
    """The coupon redeemed, if any (once per customer)."""


async def reprice_cart(conn: Connection, cart_id: int) -> list[dict[str, str]]:
    """Brings cart prices up to the catalog's; returns the lines whose price changed."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT c.store_id, l.sku, l.name, l.unit_price FROM cart_lines l"
            " JOIN carts c ON c.id = l.cart_id WHERE l.cart_id = %s ORDER BY l.sku"
            " FOR UPDATE OF l", (cart_id,),
        )
        changes = []
        for row in await cur.fetchall():
            current = await _current_price(conn, row["store_id"], row["sku"])
            if current is not None and current != row["unit_price"]:
                changes.append({"sku": row["sku"], "name": row["name"],
                                "old": str(row["unit_price"]), "new": str(current)})
                await conn.execute(
                    "UPDATE cart_lines SET unit_price = %s WHERE cart_id = %s AND sku = %s",
                    (current, cart_id, row["sku"]),
                )
    return changes


async def place_order(
    conn: Connection,
    *,
    store_id: str,
    conversation_id: int,
    customer_id: int,
    cart_id: int,
    details: OrderDetails,
    idempotency_key: str,
    hold_minutes: int,
    clock: Clock,
) -> Order:
    """Creates the order and holds its stock; the same key returns the first result.

    Raises:
        PricesChanged: a line's catalog price differs from the cart's (nothing is written).
        StockShortage: some line cannot be held (nothing is written).
    """
    now = clock.now()
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT id FROM orders WHERE idempotency_key = %s", (idempotency_key,)
        )
        if (existing := await cur.fetchone()) is not None:
            return await load_order(conn, existing["id"])
        cur = await conn.execute(
            "SELECT s.currency FROM carts c JOIN stores s ON s.id = c.store_id"
            " WHERE c.id = %s AND c.status = 'open' FOR UPDATE OF c", (cart_id,),
        )
        cart = await cur.fetchone()
        if cart is None:
            raise LookupError(f"cart {cart_id} is not open")
        cur = await conn.execute(
            "SELECT sku, product_sku, name, variant, unit_price, quantity FROM cart_lines"
            " WHERE cart_id = %s ORDER BY sku", (cart_id,),
        )
        lines = await cur.fetchall()
        if not lines:
            raise LookupError(f"cart {cart_id} is empty")
        await _check_prices(conn, store_id, lines)
        await _hold_stock_or_raise(conn, store_id, lines, now)

        subtotal = round_money(sum((ln["unit_price"] * ln["quantity"] for ln in lines),
                                   Decimal("0")))
        shipping_cost = Decimal(str(details.shipping["price"]))
        discount = min(round_money(details.discount), subtotal)
        number = await _next_number(conn, store_id)
        cur = await conn.execute(
            "INSERT INTO orders (store_id, number, conversation_id, customer_id, cart_id,"
            " idempotency_key, status, currency, subtotal, shipping_cost, discount, total,"
            " shipping, address, payment_method, coupon, created_at, updated_at) VALUES"
            " (%s,%s,%s,%s,%s,%s,'pending_payment',%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)"
            " RETURNING id",
            (
                store_id, number, conversation_id, customer_id, cart_id, idempotency_key,
                cart["currency"], subtotal, shipping_cost, discount,
                round_money(subtotal + shipping_cost - discount),
                json.dumps(details.shipping), json.dumps(details.address),
                details.payment_method, details.coupon, now, now,
            ),
        )
        order_id = (await fetch_row(cur, "the new order's id"))["id"]
        for line in lines:
            await conn.execute(
                "INSERT INTO order_lines (order_id, sku, product_sku, name, variant, unit_price,"
                " quantity, total) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                (order_id, line["sku"], line["product_sku"], line["name"],
                 json.dumps(line["variant"]), line["unit_price"], line["quantity"],
                 round_money(line["unit_price"] * line["quantity"])),
            )
            await conn.execute(
                "INSERT INTO stock_reservations (store_id, order_id, sku, quantity, expires_at,"
                " created_at) VALUES (%s,%s,%s,%s,%s,%s)",
                (store_id, order_id, line["sku"], line["quantity"],
                 now + timedelta(minutes=hold_minutes), now),
            )
        await conn.execute(
            "INSERT INTO order_status_history (order_id, status, occurred_at)"
            " VALUES (%s, 'pending_payment', %s)", (order_id, now),
        )
        await conn.execute(
            "UPDATE carts SET status = 'ordered', updated_at = %s WHERE id = %s", (now, cart_id)
        )
        await conn.execute(
            "UPDATE customers SET name = %s, last_address = COALESCE(%s::jsonb, last_address),"
            " updated_at = %s WHERE id = %s",  # nothing delivered: the last address stays
            (details.customer_name, json.dumps(details.address) if details.address else None,
             now, customer_id),
        )
    return await load_order(conn, order_id)


async def _check_prices(conn: Connection, store_id: str, lines: list[dict]) -> None:
    changes = []
    for line in lines:
        current = await _current_price(conn, store_id, line["sku"])
        if current is not None and current != line["unit_price"]:
            changes.append({"sku": line["sku"], "name": line["name"],
                            "old": str(line["unit_price"]), "new": str(current)})
    if changes:
        raise PricesChanged(changes)


async def _current_price(conn: Connection, store_id: str, sku: str) -> Decimal | None:
    cur = await conn.execute(
        "SELECT COALESCE(v.price, p.price) AS price FROM product_variants v"
        " JOIN products p ON p.id = v.product_id WHERE v.store_id = %s AND v.sku = %s"
        " UNION ALL SELECT price FROM products WHERE store_id = %s AND sku = %s LIMIT 1",
        (store_id, sku, store_id, sku),
    )
    row = await cur.fetchone()
    return None if row is None else row["price"]


async def _hold_stock_or_raise(
    conn: Connection, store_id: str, lines: list[dict], now: Any
) -> None:
    shortages: dict[str, int] = {}
    for line in lines:  # sku order: concurrent checkouts lock rows in the same order
        stock = await _locked_stock(conn, store_id, line["sku"])
        if stock is None:
            continue  # untracked stock: always available
        cur = await conn.execute(
            "SELECT COALESCE(sum(quantity), 0) AS held FROM stock_reservations"
            " WHERE store_id = %s AND sku = %s AND status = 'held' AND expires_at > %s",
            (store_id, line["sku"], now),
        )
        available = stock - int((await fetch_row(cur, f"units of {line['sku']} held"))["held"])
        if available < line["quantity"]:
            shortages[line["sku"]] = max(available, 0)
    if shortages:
        raise StockShortage(shortages)


async def _locked_stock(conn: Connection, store_id: str, sku: str) -> int | None:
    cur = await conn.execute(
        "SELECT stock FROM product_variants WHERE store_id = %s AND sku = %s FOR UPDATE",
        (store_id, sku),
    )
    row = await cur.fetchone()
    if row is None:
        cur = await conn.execute(
            "SELECT stock FROM products WHERE store_id = %s AND sku = %s FOR UPDATE",
            (store_id, sku),
        )
        row = await cur.fetchone()
    return None if row is None else row["stock"]


async def _next_number(conn: Connection, store_id: str) -> str:
    """Sequential order numbers per store, starting at 1001."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('order-number:' || %s))",
                       (store_id,))
    cur = await conn.execute(
        "SELECT COALESCE(max(number::bigint), 1000) + 1 AS next FROM orders WHERE store_id = %s",
        (store_id,),
    )
    return str((await fetch_row(cur, "the next order number"))["next"])


async def rehold_order(
    conn: Connection, *, order_id: int, hold_minutes: int, clock: Clock
) -> None:
    """Holds the stock of an order whose payment failed again, for a new attempt.

    Raises:
        StockShortage: the units were sold meanwhile (the order stays as it was).
    """
    now = clock.now()
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT store_id, status FROM orders WHERE id = %s FOR UPDATE", (order_id,)
        )
        order = await cur.fetchone()
        if order is None or order["status"] != "payment_failed":
            raise LookupError(f"order {order_id} is not waiting for a new payment attempt")
        cur = await conn.execute(
            "SELECT sku, quantity FROM order_lines WHERE order_id = %s ORDER BY sku", (order_id,)
        )
        lines = await cur.fetchall()
        await _hold_stock_or_raise(conn, order["store_id"], lines, now)
        for line in lines:
            await conn.execute(
                "UPDATE stock_reservations SET status = 'held', quantity = %s, expires_at = %s"
                " WHERE order_id = %s AND sku = %s",
                (line["quantity"], now + timedelta(minutes=hold_minutes), order_id, line["sku"]),
            )
        await conn.execute(
            "UPDATE orders SET status = 'pending_payment', updated_at = %s WHERE id = %s",
            (now, order_id),
        )
        await conn.execute(
            "INSERT INTO order_status_history (order_id, status, note, occurred_at)"
            " VALUES (%s, 'pending_payment', 'new payment attempt', %s)", (order_id, now),
        )


async def all_digital(conn: Connection, store_id: str, skus: list[str]) -> bool:
    """Whether every sku (a product's or a variant's) is of a product delivered without
    shipping (`digital`): then checkout asks no address and charges no shipping."""
    wanted = sorted(set(skus))
    if not wanted:
        return False
    cur = await conn.execute(
        "SELECT count(DISTINCT s.sku) AS n FROM unnest(%s::text[]) AS s(sku)"
        " JOIN products p ON p.store_id = %s AND p.digital AND (p.sku = s.sku OR p.id IN"
        " (SELECT v.product_id FROM product_variants v WHERE v.store_id = %s AND v.sku = s.sku))",
        (wanted, store_id, store_id),
    )
    return int((await fetch_row(cur, "digital skus"))["n"]) == len(wanted)
