"""Where a buyer's data lives: the ids of their conversations, threads, customer records and
orders in one store, the keys every export and erasure query starts from."""

from __future__ import annotations

from dataclasses import dataclass, field

from balcao.db.connect import Connection


@dataclass
class Holdings:
    """The rows that belong to one buyer in one store."""

    store_id: str
    buyer_id: str
    conversation_ids: list[int] = field(default_factory=list)
    thread_ids: list[str] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)
    order_ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    """Names and e-mails the store knows the buyer by (contact name, customer record)."""
    addresses: list[str] = field(default_factory=list)
    """The text values of addresses given at checkout."""

    @property
    def known_values(self) -> list[str]:
        """Personal values to remove from free text of the rows that are kept."""
        values = {self.buyer_id, *self.names, *self.addresses}
        return sorted((v for v in values if v and len(v.strip()) >= 3), key=len, reverse=True)


async def find_holdings(conn: Connection, *, store_id: str, buyer_id: str) -> Holdings:
    """Everything keyed to the buyer (a WhatsApp id) in the store."""
    found = Holdings(store_id, buyer_id)
    cur = await conn.execute(
        "SELECT id, thread_id, contact_name FROM conversations"
        " WHERE store_id = %s AND buyer_id = %s ORDER BY id", (store_id, buyer_id))
    for row in await cur.fetchall():
        found.conversation_ids.append(row["id"])
        found.thread_ids.append(row["thread_id"])
        found.names.append(row["contact_name"] or "")
    cur = await conn.execute(
        "SELECT id, name, email, last_address FROM customers"
        " WHERE store_id = %s AND buyer_id = %s ORDER BY id", (store_id, buyer_id))
    for row in await cur.fetchall():
        found.customer_ids.append(row["id"])
        found.names += [row["name"] or "", row["email"] or ""]
        found.addresses += _strings(row["last_address"])
    cur = await conn.execute(
        "SELECT id, address FROM orders WHERE store_id = %s"
        " AND (conversation_id = ANY(%s) OR customer_id = ANY(%s)) ORDER BY id",
        (store_id, found.conversation_ids, found.customer_ids))
    for row in await cur.fetchall():
        found.order_ids.append(row["id"])
        found.addresses += _strings(row["address"])
    return found


def _strings(value: object) -> list[str]:
    """The text leaves of a JSON value (an address's street, number, city...)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
