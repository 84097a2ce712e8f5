"""One conversation, and one LangGraph thread, per store, channel and buyer."""

from __future__ import annotations

from tools.conversations.threads import ensure_conversation


async def test_one_number_on_two_lines_is_two_conversations(pool) -> None:
    # The same phone number writes to the store's Cloud API line and to its Evolution line:
    # both must be stored (it was a unique violation on the thread id, a 500 for the delivery).
    async with pool.connection() as conn:
        cloud = await ensure_conversation(conn, store_id="default", buyer_id="5511900000042")
        evolution = await ensure_conversation(
            conn, store_id="default", buyer_id="5511900000042", channel="evolution")
        again = await ensure_conversation(
            conn, store_id="default", buyer_id="5511900000042", channel="evolution")
        cur = await conn.execute(
            "SELECT id, channel, thread_id FROM conversations WHERE buyer_id = %s ORDER BY id",
            ("5511900000042",))
        rows = await cur.fetchall()
    assert cloud != evolution and again == evolution
    assert [r["channel"] for r in rows] == ["whatsapp", "evolution"]
    # Cloud API threads keep their first form, so conversations from before carry on.
    assert rows[0]["thread_id"] == "default:5511900000042"
    assert rows[1]["thread_id"] != rows[0]["thread_id"]
