"""Cart changes on Postgres, each applied at most once per operation key.

A graph node may run again after a crash or a resume; it passes a key derived from the turn,
and a change whose key was already applied is not applied again.
"""

from __future__ import annotations

import json
from decimal import Decimal

from balcao.clock import Clock
from balcao.db.connect import Connection, Pool, fetch_row
from tools.cart.models import Cart, CartLine


class CartStore:
    """Reads and changes buyers' open carts."""

    def __init__(self, pool: Pool, clock: Clock) -> None:
        self._pool = pool
        self._clock = clock

    async def open_cart(self, conversation_id: int) -> Cart | None:
        """The conversation's open cart, or None when it has none."""
        async with self._pool.connection() as conn:
            return await self._load_open(conn, conversation_id)

    async def add(
        self,
        *,
        store_id: str,
        conversation_id: int,
        sku: str,
        product_sku: str,
        name: str,
        variant: dict[str, str],
        unit_price: Decimal,
        quantity: int,
        op_key: str,
    ) -> Cart:
        """Adds `quantity` units of `sku` (creating the cart if needed)."""
        if quantity <= 0:
            raise ValueError(f"quantity must be positive, got {quantity}")
        op = {"op": "add", "sku": sku, "quantity": quantity}
        async with self._pool.connection() as conn, conn.transaction():
            cart_id = await self._lock_or_create(conn, store_id, conversation_id)
            if await self._claim(conn, op_key, cart_id, op):
                await conn.execute(
                    "INSERT INTO cart_lines (cart_id, sku, product_sku, name, variant,"
                    " unit_price, quantity, added_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)"
                    " ON CONFLICT (cart_id, sku) DO UPDATE"
                    " SET quantity = cart_lines.quantity + EXCLUDED.quantity,"
                    "     unit_price = EXCLUDED.unit_price",
                    (
                        cart_id, sku, product_sku, name, json.dumps(variant),
                        unit_price, quantity, self._clock.now(),
                    ),
                )
                await self._touch(conn, cart_id)
            return await self._load(conn, cart_id)

    async def remove(
        self, *, store_id: str, conversation_id: int, sku: str, quantity: int | None, op_key: str
    ) -> Cart | None:
        """Removes `quantity` units of `sku` (all of them when None)."""
        op = {"op": "remove", "sku": sku, "quantity": quantity}
        async with self._pool.connection() as conn, conn.transaction():
            cart = await self._load_open(conn, conversation_id, lock=True)
            if cart is None:
                return None
            if await self._claim(conn, op_key, cart.id, op):
                if quantity is None:
                    await conn.execute(
                        "DELETE FROM cart_lines WHERE cart_id = %s AND sku = %s", (cart.id, sku)
                    )
                else:  # (more units than the line has takes the whole line out)
                    await conn.execute(
                        "DELETE FROM cart_lines WHERE cart_id = %s AND sku = %s"
                        " AND quantity <= %s", (cart.id, sku, quantity))
                    await conn.execute(
                        "UPDATE cart_lines SET quantity = quantity - %s"
                        " WHERE cart_id = %s AND sku = %s",
                        (quantity, cart.id, sku),
                    )
                await self._touch(conn, cart.id)
            return await self._load(conn, cart.id)

    async def _lock_or_create(self, conn: Connection, store_id: str, conv_id: int) -> int:
        now = self._clock.now()
        await conn.execute(
            "INSERT INTO carts (store_id, conversation_id, status, created_at, updated_at)"
            " VALUES (%s, %s, 'open', %s, %s)"
            " ON CONFLICT (conversation_id) WHERE status = 'open' DO NOTHING",
            (store_id, conv_id, now, now),
        )
        cur = await conn.execute(
            "SELECT id FROM carts WHERE conversation_id = %s AND status = 'open' FOR UPDATE",
            (conv_id,),
        )
        row = await fetch_row(cur, f"open cart of conversation {conv_id}, ensured above")
        return int(row["id"])

    async def _claim(self, conn: Connection, op_key: str, cart_id: int, op: dict) -> bool:
        cur = await conn.execute(
            "INSERT INTO cart_ops (op_key, cart_id, op, applied_at) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (op_key) DO NOTHING RETURNING op_key",
            (op_key, cart_id, json.dumps(op), self._clock.now()),
        )
        return await cur.fetchone() is not None

    async def _touch(self, conn: Connection, cart_id: int) -> None:
        await conn.execute(
            "UPDATE carts SET version = version + 1, updated_at = %s WHERE id = %s",
            (self._clock.now(), cart_id),
        )

    async def _load_open(
        self, conn: Connection, conversation_id: int, *, lock: bool = False
    ) -> Cart | None:
        cur = await conn.execute(
            "SELECT id FROM carts WHERE conversation_id = %s AND status = 'open'"
            + (" FOR UPDATE" if lock else ""),
            (conversation_id,),
        )
        row = await cur.fetchone()
        return None if row is None else await self._load(conn, int(row["id"]))

    async def _load(self, conn: Connection, cart_id: int) -> Cart:
        cur = await conn.execute(
            "SELECT c.id, c.status, c.version, s.currency FROM carts c"
            " JOIN stores s ON s.id = c.store_id WHERE c.id = %s",
            (cart_id,),
        )
        head = await fetch_row(cur, f"cart {cart_id}")
        cur = await conn.execute(
            "SELECT sku, product_sku, name, variant, unit_price, quantity FROM cart_lines"
            " WHERE cart_id = %s ORDER BY added_at, sku",
            (cart_id,),
        )
        lines = [CartLine(**row) for row in await cur.fetchall()]
        return Cart(
            id=head["id"], status=head["status"], version=head["version"],
            currency=head["currency"], lines=lines,
        )
