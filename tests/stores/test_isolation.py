"""Isolation as a property (issue #19): as store A, the webhook, the console, the tools, the
outbox and the CLI show nothing of store B, though the same phone number buys in both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import aiohttp
import pytest

from api.channels.whatsapp.senders import StoreSenders
from api.worker.conversations import ConversationWorker
from api.worker.outbox import OutboxSender, enqueue
from balcao.db.connect import open_pool
from balcao.settings import Settings
from balcao.store_config import StoreConfigs
from tests import webhooks
from tests.integration.conftest import TIMING
from tests.service import REPO
from tests.stores.conftest import BUYER, NUMBER, STORE_RATE, TOKEN, A, B, World
from tools.catalog.postgres import PostgresCatalog
from tools.crm.postgres import PostgresCrm
from tools.knowledge.search import search as search_knowledge
from tools.orders.queries import recent_orders


def test_same_phone_in_two_stores_is_two_conversations_carts_and_customers(world: World):
    rows = world.rows("SELECT store_id, thread_id FROM conversations WHERE buyer_id = %s"
                      " ORDER BY store_id", (BUYER,))
    assert [r["store_id"] for r in rows] == [A, B]
    assert rows[0]["thread_id"] != rows[1]["thread_id"]
    for table in ("carts", "customers", "inbox", "orders"):
        stores = world.rows(f"SELECT DISTINCT store_id FROM {table} ORDER BY 1")  # noqa: S608
        assert [r["store_id"] for r in stores] == [A, B], table


def test_a_message_to_nobodys_number_is_kept_and_never_answered(world: World) -> None:
    before = world.rows("SELECT count(*) AS n FROM inbox")[0]["n"]
    answer = world.client.post("/webhooks/whatsapp", json=webhooks.text(
        "oi", wa_id=BUYER, phone_number_id="333", wamid="wamid.unrouted1"))
    assert answer.status_code == 200 and answer.json()["unrouted"] == 1
    assert world.rows("SELECT count(*) AS n FROM inbox")[0]["n"] == before
    kept = world.rows("SELECT phone_number_id, external_id FROM unrouted_messages")
    assert kept == [{"phone_number_id": "333", "external_id": "wamid.unrouted1"}]
    assert world.rows("SELECT count(*) AS n FROM outbox")[0]["n"] == 0


def _escalation_routes(escalation: int) -> list[tuple[str, str]]:
    base = f"/console/escalations/{escalation}"
    return [("GET", base), ("GET", f"/console/api/escalations/{escalation}/transcript")] + [
        ("POST", f"{base}/{action}")
        for action in ("assign", "release", "reply", "return", "dismiss", "vip")]


def test_an_agent_of_a_gets_404_for_every_route_on_bs_conversation(world: World) -> None:
    csrf = world.sign_in("ana@a.com")
    theirs = world.ids[B]["escalation"]
    before = world.rows("SELECT * FROM escalations WHERE id = %s", (theirs,))
    for method, path in _escalation_routes(theirs):
        answer = world.client.request(method, path, data={
            "csrf": csrf, "text": "oi", "nonce": "n", "vip": "1"}, follow_redirects=False)
        assert answer.status_code == 404, (method, path, answer.status_code)
        assert "segredo da loja B" not in answer.text
    assert world.rows("SELECT * FROM escalations WHERE id = %s", (theirs,)) == before
    their_order = world.ids[B]["order_number"]
    assert world.client.get(f"/console/orders/{their_order}").status_code == 404
    cancel = world.client.post(f"/console/orders/{their_order}/cancel",
                               data={"csrf": csrf, "reason": "x"}, follow_redirects=False)
    assert cancel.status_code == 404
    assert world.rows("SELECT status FROM orders WHERE number = %s", (their_order,)) == [
        {"status": "paid"}]
    assert their_order not in world.client.get("/console/orders").text
    assert world.rows("SELECT count(*) AS n FROM outbox")[0]["n"] == 0
    assert not world.rows("SELECT vip FROM customers WHERE vip")
    # Their own store's conversation opens.
    page = world.client.get(f"/console/escalations/{world.ids[A]['escalation']}")
    assert page.status_code == 200 and "segredo da loja A" in page.text


def test_lists_live_feed_and_dashboard_show_only_the_operators_store(world: World) -> None:
    world.sign_in("ana@a.com")
    queue = world.client.get("/console/api/queue").json()
    shown = {e["id"] for e in queue["open"] + queue["missed"]}
    assert shown == {world.ids[A]["escalation"]}
    page = world.client.get("/console").text
    assert f"/console/escalations/{world.ids[B]['escalation']}\"" not in page
    assert "Loja A" in page and "Loja B" not in page  # one store: no switcher
    board = world.client.get("/console/dashboard")
    assert board.status_code == 200 and "Loja B" not in board.text
    assert world.client.get("/console/knowledge").status_code == 403  # agents do not edit
    assert world.client.get("/console/admin/stores").status_code == 404
    switch = world.client.post("/console/store", data={
        "csrf": csrf_of_page(world), "store": B}, follow_redirects=False)
    assert switch.status_code == 404


def csrf_of_page(world: World) -> str:
    from tests.console.conftest import csrf_of

    return csrf_of(world.client.get("/console").text)


def test_an_owner_of_two_stores_switches_and_manages_each(world: World) -> None:
    world.sign_in("dono@ab.com")
    page = world.client.get("/console").text
    assert 'action="/console/store"' in page and "Loja B" in page  # the switcher
    assert {e["id"] for e in world.client.get("/console/api/queue").json()["open"]
            + world.client.get("/console/api/queue").json()["missed"]} == {
        world.ids[A]["escalation"]}
    faq = world.client.get("/console/knowledge").text
    assert "Vocês abrem aos domingos?" in faq and "bicicleta" not in faq
    world.client.post("/console/store", data={"csrf": csrf_of_page(world), "store": B})
    queue = world.client.get("/console/api/queue").json()
    assert {e["id"] for e in queue["open"] + queue["missed"]} == {world.ids[B]["escalation"]}
    faq = world.client.get("/console/knowledge").text
    assert "bicicleta" in faq and "domingos" not in faq
    operators = world.client.get("/console/admin/operators").text
    assert "bia@b.com" in operators and "ana@a.com" not in operators


async def test_tools_asked_as_store_a_return_nothing_of_b(world: World) -> None:
    pool = await open_pool(world.url, min_size=1, max_size=2)
    try:
        catalog = PostgresCatalog(pool)
        assert await catalog.get(A, world.ids[B]["sku"]) is None
        assert (await catalog.get(B, world.ids[B]["sku"])) is not None
        hits = await catalog.search(A, "garrafa beta")
        assert world.ids[B]["sku"] not in {h.sku for h in hits}
        async with pool.connection() as conn:
            passages = await search_knowledge(conn, A, "entregam de bicicleta", lang="pt",
                                              encoder=None)
            assert world.ids[B]["passage"] not in {p.id for p in passages}
            orders = await recent_orders(conn, store_id=A)
            assert [o.number for o in orders] == [world.ids[A]["order_number"]]
        profile = await PostgresCrm(pool, world.clock).profile(A, BUYER)
        assert profile.name == "Cliente A" and profile.orders == 1
    finally:
        await pool.close()


async def test_replies_go_out_from_each_stores_own_number_and_token(world: World) -> None:
    pool = await open_pool(world.url, min_size=1, max_size=2)
    settings = Settings(_env_file=None,  # type: ignore[call-arg]
                        WHATSAPP_API_BASE_URL=world.graph.base_url)
    try:
        async with aiohttp.ClientSession() as http, pool.connection() as conn:
            senders = StoreSenders(settings, StoreConfigs(world.stores_dir), http, None)
            for store in (A, B):
                await enqueue(conn, store_id=store, conversation_id=world.ids[store][
                    "conversation"], channel="whatsapp", recipient=BUYER, payloads=[_text(
                        f"resposta de {store}")], key_prefix=f"iso-{store}", clock=world.clock)
            await OutboxSender(pool, senders, world.clock, max_attempts=1).send_due()
            await conn.execute("DELETE FROM outbox")
    finally:
        await pool.close()
    sent = {r["json"]["text"]["body"]: r for r in world.graph.requests}
    for store in (A, B):
        request = sent[f"resposta de {store}"]
        assert request["path"] == f"/v21.0/{NUMBER[store]}/messages"
        assert request["headers"]["authorization"] == f"Bearer {TOKEN[store]}"


def _text(body: str) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": BUYER,
            "type": "text", "text": {"body": body, "preview_url": False}}


def test_a_busy_store_is_paced_without_delaying_the_other(world: World) -> None:
    world.clock.advance(minutes=1)  # a new minute: each store has its burst again
    busy = [f"55119000010{i:02d}" for i in range(STORE_RATE + 1)]
    for buyer in busy:  # B past its rate: its first message is due now, the rest wait
        world.client.post("/webhooks/whatsapp", json=webhooks.text(
            "oi", wa_id=buyer, phone_number_id=NUMBER[B]))
    world.client.post("/webhooks/whatsapp", json=webhooks.text(
        "oi", wa_id="5511900002000", phone_number_id=NUMBER[A]))
    waiting = world.rows("SELECT store_id, count(*) AS n FROM inbox WHERE retry_at > %s"
                         " GROUP BY store_id", (world.clock.now(),))
    assert waiting == [{"store_id": B, "n": STORE_RATE}]

    # The worker answers A's buyer now, though B has more waiting than its rate allows.
    world.clock.advance(seconds=1)  # past the debounce
    assert _run_worker(world) >= 2
    assert _answered(world) == {"5511900002000", busy[0]}
    world.clock.advance(minutes=1)  # B's messages are due, at its rate: each answered once
    _run_worker(world)
    assert _answered(world) == {"5511900002000", *busy}
    assert world.rows("SELECT count(*) AS n FROM inbox WHERE store_id = %s AND"
                      " conversation_id IN (SELECT id FROM conversations WHERE buyer_id ="
                      " ANY(%s)) AND status = 'done'", (B, busy)) == [{"n": len(busy)}]


def _run_worker(world: World) -> int:
    resources: Any = world.client.app_state["resources"]
    worker = ConversationWorker(resources.pool, resources.graph, resources.services,
                                world.clock, TIMING, concurrency=4)
    assert world.client.portal is not None
    return world.client.portal.call(worker.process_ready)


def _answered(world: World) -> set[str]:
    """The buyers of this test (55119000...) with a reply in the outbox."""
    return {r["recipient"] for r in world.rows(
        "SELECT DISTINCT recipient FROM outbox WHERE recipient LIKE '55119000%%'")}


def test_the_cli_as_store_a_lists_only_as_orders(world: World) -> None:
    env = {**os.environ, "DATABASE_URL": world.url, "BALCAO_STORE_ID": A,
           "BALCAO_STORES_DIR": str(world.stores_dir), "BALCAO_DEMO_STORE": "false"}
    run = subprocess.run([sys.executable, "-m", "api.cli.main", "orders", "list", "--json"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert [o["number"] for o in json.loads(run.stdout)] == [world.ids[A]["order_number"]]


@pytest.mark.parametrize("email", ["bia@b.com"])
def test_an_agent_of_b_sees_bs_conversation_only(world: World, email: str) -> None:
    world.sign_in(email)
    assert world.client.get(
        f"/console/escalations/{world.ids[A]['escalation']}").status_code == 404
    assert world.client.get(
        f"/console/escalations/{world.ids[B]['escalation']}").status_code == 200


def test_the_platform_administrator_sees_every_store(world: World) -> None:
    world.sign_in("admin@plataforma.com")
    stores = world.client.get("/console/admin/stores").text
    assert "Loja A" in stores and "Loja B" in stores and NUMBER[B] in stores
    page = world.client.get(f"/console/escalations/{world.ids[B]['escalation']}")
    assert page.status_code == 200 and "segredo da loja B" in page.text
