"""A buyer's data (issue #18, LGPD): exported whole, then erased everywhere, checkpoints
included, while the paid order stays for the tax books without naming anyone, and another
buyer is untouched. The buyer is seeded through a real conversation on the real graph."""

from __future__ import annotations

import asyncio
import json
import zlib
from typing import Any

import pytest

from api.channels.whatsapp.parse import parse_webhook
from api.cli.main import main
from api.inbox import store_batch
from api.resources import Resources
from balcao.clock import FrozenClock
from tests import webhooks
from tests.aftersale import test_cli as orders_cli
from tests.integration import conftest as integration
from tests.integration.test_checkout import checkout_to_link
from tools.conversations.checkpoint_serde import COMPRESSED
from tools.orders.payments import apply_notification
from tools.payments.base import PaymentNotification

env = integration.env
"""The fixture: the real graph, worker and Postgres, the small catalog, a frozen clock."""
cli_env = orders_cli.cli_env
"""The fixture: `balcao` commands run in-process reach the test's database."""

BUYER = "5511900001111"  # the buyer checkout_to_link talks as
OTHER = "5521977776666"
PERSONAL = {"phone": BUYER, "name": "Maria Souza", "profile": "Mariazinha Flores",
            "cpf": "390.533.447-05",
            "e-mail": "maria.souza@exemplo.com", "address": "Rua das Flores"}


async def say(resources: Resources, clock: FrozenClock, text: str, buyer: str,
              name: str) -> None:
    batch = parse_webhook(json.dumps(webhooks.text(text, wa_id=buyer, name=name)).encode())
    async with resources.pool.connection() as conn:
        await store_batch(conn, batch, default_store_id="default", clock=clock)
    clock.advance(seconds=1)
    await integration.worker(resources, clock).process_ready()


async def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = await asyncio.to_thread(main, ["privacy", *args])
    return code, capsys.readouterr().out


async def found_in_database(resources: Resources, value: str) -> list[str]:
    """Every table.column (text, JSON or bytes: checkpoint blobs too) holding the value."""
    hits = []
    async with resources.pool.connection() as conn:
        cur = await conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND data_type IN"
            " ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY')")
        for column in await cur.fetchall():
            table, name = column["table_name"], column["column_name"]
            haystack = f'"{name}"' if column["data_type"] == "bytea" \
                else f"convert_to(\"{name}\"::text, 'UTF8')"
            cur2 = await conn.execute(
                f'SELECT count(*) AS n FROM "{table}"'  # noqa: S608
                f" WHERE position(convert_to(%s, 'UTF8') IN {haystack}) > 0", (value,))
            if (await cur2.fetchone())["n"]:  # type: ignore[index]
                hits.append(f"{table}.{name}")
        for table in ("checkpoint_blobs", "checkpoint_writes"):  # compressed values, unpacked
            cur = await conn.execute(f"SELECT blob FROM {table} WHERE type LIKE %s",  # noqa: S608
                                     (COMPRESSED + "%",))
            if any(value.encode() in zlib.decompress(r["blob"]) for r in await cur.fetchall()):
                hits.append(f"{table}.blob")
    return sorted(set(hits))


async def seed_buyer(resources: Resources, clock: FrozenClock) -> dict[str, Any]:
    """A paid order through the real conversation, then personal data said in the chat."""
    await say(resources, clock, "oi", BUYER, PERSONAL["profile"])
    await checkout_to_link(resources, clock)
    async with resources.pool.connection() as conn:
        cur = await conn.execute("SELECT token, amount FROM payments ORDER BY id DESC LIMIT 1")
        payment = await cur.fetchone()
        assert payment is not None
        outcome = await apply_notification(conn, "sandbox", PaymentNotification(
            event_id=f"{payment['token']}:paid", token=payment["token"], provider_ref=None,
            status="paid", amount=payment["amount"]), clock)
    assert outcome is not None and outcome.order.status == "paid"
    await say(resources, clock, f"minha nota: cpf {PERSONAL['cpf']}, e-mail "
              f"{PERSONAL['e-mail']}", BUYER, PERSONAL["profile"])
    return outcome.order.summary()


async def test_export_then_erase_leaves_no_trace_but_the_anonymous_paid_order(
        env, cli_env, capsys) -> None:
    resources, clock = env
    order = await seed_buyer(resources, clock)
    await say(resources, clock, "tem garrafa termica?", OTHER, "Joana Prado")
    for value in PERSONAL.values():
        assert await found_in_database(resources, value), f"{value} was never stored"
    assert "checkpoint_blobs.blob" in await found_in_database(resources, PERSONAL["cpf"]) \
        or "checkpoints.checkpoint" in await found_in_database(resources, PERSONAL["cpf"])

    code, out = await cli(capsys, "export", BUYER)
    held = json.loads(out)
    assert code == 0
    assert held["customers"][0]["name"] == PERSONAL["name"]
    assert [o["number"] for o in held["orders"]] == [order["number"]]
    assert held["order_lines"] and held["payments"][0]["status"] == "paid"
    assert any(PERSONAL["cpf"] in json.dumps(m["message"]) for m in held["inbox"])
    assert held["outbox"] and held["carts"] and held["events"] and held["order_status_history"]
    assert held["checkpoints"][0]["checkpoints"] > 0 and held["checkpoints"][0]["state"]
    assert OTHER not in out

    assert (await cli(capsys, "erase", BUYER))[0] == 2  # refused without --yes
    assert await found_in_database(resources, BUYER)
    code, out = await cli(capsys, "erase", BUYER, "--yes")
    assert code == 0 and json.loads(out)["erased"]["checkpoints"] > 0

    for what, value in {**PERSONAL, "cpf digits": "39053344705"}.items():
        assert await found_in_database(resources, value) == [], f"{what} left behind"
    async with resources.pool.connection() as conn:
        cur = await conn.execute(
            "SELECT o.number, o.status, o.total, o.created_at, o.address,"
            " (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) AS lines,"
            " (SELECT count(*) FROM payments p WHERE p.order_id = o.id AND p.status = 'paid')"
            " AS paid FROM orders o")
        kept = await cur.fetchall()
    assert [(k["number"], k["status"], str(k["total"]), k["address"]) for k in kept] == [
        (order["number"], "paid", str(order["total"]), {})]
    assert kept[0]["lines"] >= 1 and kept[0]["paid"] == 1
    # The other buyer still has everything.
    assert "conversations.buyer_id" in await found_in_database(resources, OTHER)
    assert "conversations.contact_name" in await found_in_database(resources, "Joana Prado")
    assert json.loads((await cli(capsys, "export", OTHER))[1])["inbox"]
