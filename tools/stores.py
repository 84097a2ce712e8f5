"""Stores: the store rows, and which store a channel message belongs to."""

from __future__ import annotations

from balcao.db.connect import Connection


async def ensure_store(conn: Connection, store_id: str, name: str) -> None:
    """Creates the store row when it does not exist yet."""
    await conn.execute(
        "INSERT INTO stores (id, name) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING",
        (store_id, name),
    )


async def store_for_number(
    conn: Connection, phone_number_id: str | None, default_store_id: str
) -> str:
    """The store that owns a WhatsApp business number, or the default store."""
    if phone_number_id:
        cur = await conn.execute(
            "SELECT id FROM stores WHERE whatsapp_phone_number_id = %s", (phone_number_id,)
        )
        if (row := await cur.fetchone()) is not None:
            return str(row["id"])
    return default_store_id
