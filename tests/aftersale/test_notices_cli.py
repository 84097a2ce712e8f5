"""The command line changes an order through the same path as the console, so the buyer is
told too: `balcao orders ship|refuse|approve` on a real database."""

from __future__ import annotations

from tests.aftersale.native import pay, place
from tests.aftersale.test_cli import _cli, cli_env  # noqa: F401 - cli_env is a fixture
from tests.aftersale.test_notices import buyer_conversation


async def test_a_change_from_the_cli_is_told_to_the_buyer(pool, cli_env, capsys,  # noqa: F811
                                                          clock) -> None:
    async with pool.connection() as conn:
        await place(conn, clock)
        await pay(conn, clock)
        await buyer_conversation(conn, clock, "1001", "oi")
    code, out = await _cli(capsys, "refuse", "1001", "--reason", "x")
    assert code == 1 and "no exchange or return open" in out
    assert (await _cli(capsys, "approve", "1001"))[0] == 1
    assert (await _cli(capsys, "show", "9999")) == (1, "order 9999 not found\n")
    code, out = await _cli(capsys, "ship", "1001", "--tracking", "BR9", "--carrier", "Jadlog")
    assert code == 0 and "shipped" in out
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT o.idempotency_key, h.id, h.actor FROM outbox o"
                                 " JOIN order_history h ON o.idempotency_key ="
                                 " 'order-notice:' || h.id || ':0'")
        [told] = await cur.fetchall()
    assert told["actor"] == "operator:cli"
