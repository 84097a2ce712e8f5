"""The Evolution API channel end to end: the real service process, a local fake Evolution
API over HTTP (tests/fakes/evolution_api.py), the real database.

One service serves the module (each test uses its own buyer): a purchase from the first
message to the paid order, a redelivered message answered once, deliveries with a wrong
apikey or JWT refused, and replies that survive an outage of the Evolution server.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.channels.channel_service import settled_reply, start_channel_service
from tests.fakes.evolution_api import FakeEvolutionApi, fixture, post_webhook, upsert
from tests.security.paying import pay
from tests.service import ServiceProcess

INSTANCE, TOKEN, JWT_KEY = "loja-demo", "B6D711FCDE4D4FD5936544120E713976", "jwt-key-of-loja-demo"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def evolution() -> Iterator[FakeEvolutionApi]:
    with FakeEvolutionApi({INSTANCE: TOKEN}) as fake:
        yield fake


@pytest.fixture(scope="module")
def service(module_db: str, evolution: FakeEvolutionApi,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    """The service with the default store's number on Evolution (options as lists and
    buttons) and no WhatsApp Cloud API at all."""
    folder = tmp_path_factory.mktemp("evolution")
    proc = start_channel_service(folder, module_db, {"evolution": {
        "instance": INSTANCE, "base_url": evolution.base_url, "apikey": "${TEST_EVO_APIKEY}",
        "webhook_secret": "${TEST_EVO_JWT_KEY}", "interactive": True}},
                                 {"TEST_EVO_APIKEY": TOKEN, "TEST_EVO_JWT_KEY": JWT_KEY})
    yield proc
    proc.stop()


def deliver(service: ServiceProcess, envelope: dict[str, Any], *, apikey: str = TOKEN,
            jwt_key: str | None = JWT_KEY) -> Any:
    return post_webhook(f"{service.url}/webhooks/evolution/{INSTANCE}", envelope,
                        apikey=apikey, jwt_key=jwt_key)


class Buyer:
    """One buyer's side of the chat: what they send, what Evolution was asked to send them."""

    def __init__(self, service: ServiceProcess, evolution: FakeEvolutionApi, jid: str) -> None:
        self.service, self.evolution, self.jid = service, evolution, jid

    def received(self) -> list[tuple[str, dict[str, Any]]]:
        return [(endpoint, body) for _, endpoint, body in self.evolution.sent()
                if body["number"] == self.jid]

    def wait(self, count: int, timeout: float = 25) -> list[tuple[str, dict[str, Any]]]:
        deadline = time.monotonic() + timeout
        while len(got := self.received()) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(got)} of {count} replies")
            time.sleep(0.03)
        return got

    def send(self, message: dict[str, Any], message_id: str | None = None) -> tuple[str, dict]:
        before = len(self.received())
        answer = deliver(self.service, upsert(INSTANCE, self.jid, message,
                                              message_id=message_id))
        assert answer.status_code == 200, answer.text
        return self.wait(before + 1)[before]

    def say(self, text: str) -> tuple[str, dict[str, Any]]:
        return self.send({"conversation": text})

    def tap_row(self, row_id: str, title: str) -> tuple[str, dict[str, Any]]:
        return self.send({"listResponseMessage": {
            "title": title, "listType": "SINGLE_SELECT",
            "singleSelectReply": {"selectedRowId": row_id}}})


def words(sent: tuple[str, dict[str, Any]]) -> str:
    endpoint, body = sent
    return {"sendText": body.get("text"), "sendMedia": body.get("caption"),
            "sendList": body.get("description"),
            "sendButtons": f"{body.get('title')}\n{body.get('description', '')}"}[endpoint] or ""


def options(sent: tuple[str, dict[str, Any]]) -> list[str]:
    endpoint, body = sent
    if endpoint == "sendList":
        return [r["rowId"] for s in body["sections"] for r in s["rows"]]
    return [b["id"] for b in body.get("buttons", [])]


def rows(db_url: str, sql: str, params: Any = None) -> list[tuple]:
    with psycopg.connect(db_url) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_buyer_buys_through_evolution_from_first_message_to_paid_order(
    service: ServiceProcess, evolution: FakeEvolutionApi, module_db: str,
) -> None:
    buyer = Buyer(service, evolution, "5511987650001@s.whatsapp.net")
    results = buyer.say("tem garrafa termica?")
    assert results[0] in ("sendList", "sendButtons")
    sku = options(results)[0].removeprefix("show:")
    assert sku in ("GAR-TERM-500", "GAR-TERM-1L")
    buyer.say("quero a primeira")
    assert "nome" in words(buyer.say("quero finalizar"))
    assert "CEP" in words(buyer.say("Maria Souza"))
    assert "endereço" in words(buyer.say("meu cep é 04567-000"))
    assert "ship:expressa-sp" in options(buyer.say("Rua das Flores, 123, ap 4"))
    summary = buyer.tap_row("ship:expressa-sp", "Entrega expressa")
    assert options(summary)[0] == "order:confirm:1"
    link = words(buyer.say("sim, pode confirmar"))
    token = re.search(r"/pay/([\w-]+)", link)
    assert token, link

    before = len(buyer.received())
    assert "Pagamento aprovado" in pay(service.url, token.group(1), "paid",
                                       follow_redirects=True).text
    confirmation = words(buyer.wait(before + 1)[before])
    assert "aprovado" in confirmation
    [(number, status, channel)] = rows(
        module_db, "SELECT o.number, o.status, c.channel FROM orders o"
        " JOIN conversations c ON c.id = o.conversation_id WHERE c.buyer_id = %s", (buyer.jid,))
    assert status == "paid" and channel == "evolution" and number in confirmation
    # Every reply went out through Evolution, addressed to the buyer's JID.
    assert rows(module_db, "SELECT DISTINCT status FROM outbox o JOIN conversations c"
                " ON c.id = o.conversation_id WHERE c.buyer_id = %s", (buyer.jid,)) == [("sent",)]


def test_a_redelivered_message_is_answered_once(
    service: ServiceProcess, evolution: FakeEvolutionApi, module_db: str,
) -> None:
    buyer = Buyer(service, evolution, "5511987650002@s.whatsapp.net")
    envelope = upsert(INSTANCE, buyer.jid, {"conversation": "oi"}, message_id="3EB0DUP0000001")
    first, again = deliver(service, envelope), deliver(service, envelope)
    assert first.json()["received"] == 1
    assert again.json() | {"event": None} == {
        "event": None, "received": 0, "duplicates": 1, "statuses": 0, "ignored": 0}
    buyer.wait(1)
    time.sleep(0.8)  # a second answer, were there one, would be sent by now
    assert len(buyer.received()) == 1
    assert rows(module_db, "SELECT count(*) FROM inbox WHERE external_id = '3EB0DUP0000001'"
                " AND channel = 'evolution'") == [(1,)]


def test_own_messages_and_groups_get_no_answer_statuses_and_connection_are_kept(
    service: ServiceProcess, evolution: FakeEvolutionApi, module_db: str,
) -> None:
    mine = upsert(INSTANCE, "5511987650003@s.whatsapp.net", {"conversation": "Olá!"})
    mine["data"]["key"]["fromMe"] = True
    group = upsert(INSTANCE, "120363041967849074@g.us", {"conversation": "alguém?"})
    for envelope in (mine, group):
        answer = deliver(service, envelope).json()
        assert (answer["received"], answer["ignored"]) == (0, 1)
    assert deliver(service, fixture("messages_update.json")).json()["statuses"] == 1
    assert rows(module_db, "SELECT status FROM message_statuses WHERE channel = 'evolution'"
                " AND external_id = 'BAE594145F4C59B4'") == [("read",)]
    closed = deliver(service, fixture("connection_update.json"))
    assert closed.status_code == 200 and closed.json()["connection"] == "close"


def test_deliveries_without_the_instance_apikey_and_jwt_are_refused(
    service: ServiceProcess, module_db: str,
) -> None:
    jid = "5511987650004@s.whatsapp.net"
    envelope = upsert(INSTANCE, jid, {"conversation": "oi"})
    assert deliver(service, envelope, apikey="0000WRONG0000").status_code == 401
    assert deliver(service, envelope, jwt_key=None).status_code == 401
    assert deliver(service, envelope, jwt_key="someone-elses-jwt-key").status_code == 401
    stale = post_webhook(f"{service.url}/webhooks/evolution/{INSTANCE}", envelope,
                         apikey=TOKEN, jwt_key=JWT_KEY, issued_at=int(time.time()) - 3600)
    assert stale.status_code == 401
    unknown = post_webhook(f"{service.url}/webhooks/evolution/other-instance", envelope,
                           apikey=TOKEN, jwt_key=JWT_KEY)
    assert unknown.status_code == 404
    assert rows(module_db, "SELECT count(*) FROM conversations WHERE buyer_id = %s",
                (jid,)) == [(0,)]


def test_replies_wait_out_an_evolution_outage_and_arrive_in_order(
    service: ServiceProcess, evolution: FakeEvolutionApi, module_db: str,
) -> None:
    buyer = Buyer(service, evolution, "5511987650005@s.whatsapp.net")
    attempts = evolution.attempts
    evolution.fail_next(2, status=503)
    deliver(service, upsert(INSTANCE, buyer.jid, {"conversation": "tem caneca?"}))
    [(endpoint, _)] = buyer.wait(1, timeout=30)  # after 1 s and 2 s of backoff
    assert evolution.attempts - attempts >= 3
    attempts_made, error, status = settled_reply(module_db, buyer.jid)
    assert (attempts_made, error, status) == (3, None, "sent")
