"""Stores: the store rows, their numbers, and which store a channel message belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from balcao.db.connect import Connection
from balcao.messages import InboundMessage
from balcao.store_config import StoreConfig, StoreConfigs, load_store_config
from balcao.store_config_files import StoreFileInvalid


async def ensure_store(conn: Connection, store_id: str, name: str) -> None:
    """Creates the store row when it does not exist yet."""
    await conn.execute(
        "INSERT INTO stores (id, name) VALUES (%s, %s) ON CONFLICT (id) DO NOTHING",
        (store_id, name),
    )


class NumberTaken(ValueError):
    """Two stores name the same WhatsApp number: a message could not tell them apart."""


async def sync_store(conn: Connection, store_id: str, config: StoreConfig) -> None:
    """The store's row as its file says: name and WhatsApp number (routing reads the row,
    so every process routes the same way as soon as this commits).

    Raises:
        NumberTaken: Another store already answers on that number.
    """
    number = config.channels.whatsapp.phone_number_id if config.channels.whatsapp else None
    if number is not None:
        cur = await conn.execute(
            "SELECT id FROM stores WHERE whatsapp_phone_number_id = %s AND id <> %s",
            (number, store_id))
        if (row := await cur.fetchone()) is not None:
            raise NumberTaken(f"WhatsApp number {number} already belongs to store {row['id']}")
    await conn.execute(
        "INSERT INTO stores (id, name, whatsapp_phone_number_id) VALUES (%s, %s, %s)"
        " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,"
        " whatsapp_phone_number_id = EXCLUDED.whatsapp_phone_number_id",
        (store_id, config.name, number),
    )


@dataclass(frozen=True)
class StoreRow:
    id: str
    name: str
    whatsapp_phone_number_id: str | None


async def list_stores(conn: Connection, only: list[str] | None = None) -> list[StoreRow]:
    """Every store (or those in `only`), by id."""
    cur = await conn.execute(
        "SELECT id, name, whatsapp_phone_number_id FROM stores"
        " WHERE %s::text[] IS NULL OR id = ANY(%s) ORDER BY id", (only, only))
    return [StoreRow(**row) for row in await cur.fetchall()]


async def store_for_number(conn: Connection, phone_number_id: str | None,
                           default_store_id: str, default_number: str = "") -> str | None:
    """The store that owns the business number a message came to, or None.

    A number no store claims belongs to the default store only when the default store has no
    number of its own and the service's `WHATSAPP_PHONE_NUMBER_ID` is that number (or unset,
    on a development service with one number). Otherwise it is nobody's: never another's.
    """
    cur = await conn.execute(
        "SELECT id, whatsapp_phone_number_id = %s AS mine FROM stores"
        " WHERE whatsapp_phone_number_id = %s OR id = %s",
        (phone_number_id or "", phone_number_id or "", default_store_id))
    rows = await cur.fetchall()
    if (owner := next((r["id"] for r in rows if r["mine"]), None)) is not None:
        return str(owner)
    default_has_own = any(r["id"] == default_store_id and r["mine"] is not None for r in rows)
    if default_has_own:
        return None
    if not default_number or phone_number_id in (None, "", default_number):
        return default_store_id
    return None


async def record_unrouted(conn: Connection, message: InboundMessage, at: datetime) -> int:
    """Keeps a message no store owns (its ids and time, not its content or sender); 1 when
    it is new."""
    cur = await conn.execute(
        "INSERT INTO unrouted_messages (channel, phone_number_id, external_id, received_at)"
        " VALUES (%s, %s, %s, %s) ON CONFLICT (channel, external_id) DO NOTHING RETURNING id",
        (message.channel, message.business_account_id, message.external_id, at))
    return 1 if await cur.fetchone() is not None else 0


async def sync_stores(conn: Connection, stores: StoreConfigs) -> dict[str, list[str]]:
    """Reads every store file again and brings each valid one's row up to date; returns the
    problems of those refused (file:line lines), whose previous configuration stays."""
    problems: dict[str, list[str]] = {}
    for store_id in stores.file_ids():
        try:
            config = load_store_config(store_id, stores.stores_dir)
            await sync_store(conn, store_id, config)
        except StoreFileInvalid as err:
            problems[store_id] = err.errors
        except NumberTaken as err:
            problems[store_id] = [str(err)]
        else:
            stores.get(store_id)  # this process serves the new file from now on
    return problems
