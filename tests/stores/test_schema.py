"""Every business table carries its store, or reaches one through a parent with a foreign
key: the schema itself is enumerated, so a table added without a store fails here."""

from __future__ import annotations

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

GLOBAL_TABLES = {
    "stores": "the stores themselves",
    "schema_migrations": "which migrations ran: the service's, not a store's",
    "operators": "people; what they see is decided per store by operator_stores",
    "unrouted_messages": "messages to a number no store owns: no store by definition",
    "checkpoints": "LangGraph's; keyed by thread_id, which starts with the store id",
    "checkpoint_blobs": "LangGraph's; keyed by thread_id, which starts with the store id",
    "checkpoint_writes": "LangGraph's; keyed by thread_id, which starts with the store id",
    "checkpoint_migrations": "LangGraph's own schema version",
}

_FOREIGN_KEYS = """
SELECT tc.table_name AS child, kcu.column_name AS col, ccu.table_name AS parent
FROM information_schema.table_constraints tc
JOIN information_schema.key_column_usage kcu
  ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
JOIN information_schema.constraint_column_usage ccu
  ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'
"""


async def test_every_table_reaches_a_store(pool) -> None:
    await AsyncPostgresSaver(pool).setup()  # its tables are part of the schema too
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
        tables = {row["table_name"] for row in await cur.fetchall()}
        cur = await conn.execute(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns"
            " WHERE table_schema = 'public'")
        nullable = {(r["table_name"], r["column_name"]): r["is_nullable"] == "YES"
                    for r in await cur.fetchall()}
        cur = await conn.execute(_FOREIGN_KEYS)
        keys = await cur.fetchall()
    reaches = {k["child"] for k in keys if k["col"] == "store_id" and k["parent"] == "stores"}
    grew = True
    while grew:  # a NOT NULL key to a table that reaches a store reaches it too
        more = {k["child"] for k in keys if k["parent"] in reaches
                and not nullable[(k["child"], k["col"])]} - reaches
        reaches |= more
        grew = bool(more)
    assert set(GLOBAL_TABLES) <= tables, "an allowed global table no longer exists"
    assert sorted(tables - reaches - set(GLOBAL_TABLES)) == []
    assert {"cart_lines", "order_lines", "operator_stores", "payment_events",
            "tool_calls", "operator_sessions"} <= reaches


async def test_rows_written_without_a_store_get_their_parents(pool) -> None:
    """payment_events, tool_calls and message_statuses are written by code that knows only
    the parent; the store is filled in from it."""
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO conversations (store_id, buyer_id, thread_id)"
            " VALUES ('default', '5511999990000', 'default:5511999990000')")
        await conn.execute(
            "INSERT INTO tool_calls (thread_id, turn_id, seq, tool, args, recorded_at)"
            " VALUES ('default:5511999990000', 't1', 0, 'search', '{}', now())")
        await conn.execute(
            "INSERT INTO outbox (store_id, channel, idempotency_key, recipient, payload,"
            " next_attempt_at, created_at, status, provider_message_id) VALUES ('default',"
            " 'whatsapp', 'k', '5511999990000', '{}', now(), now(), 'sent', 'wamid.X')")
        await conn.execute(
            "INSERT INTO message_statuses (channel, external_id, status, received_at)"
            " VALUES ('whatsapp', 'wamid.X', 'delivered', now())")
        cur = await conn.execute(
            "SELECT (SELECT store_id FROM tool_calls) AS tool,"
            " (SELECT store_id FROM message_statuses) AS status")
        assert await cur.fetchone() == {"tool": "default", "status": "default"}
