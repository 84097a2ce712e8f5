"""The Chatwoot channel end to end: the real service process as the store's agent bot, a
local fake Chatwoot API over HTTP (tests/fakes/chatwoot_api.py), the real database.

One service serves the module (each test uses its own Chatwoot conversation): a purchase
from the first message to the paid order with options as `input_select`, a redelivered
message answered once, deliveries without the store's token refused, outgoing messages and
private notes left alone, replies that wait out an outage, and a handoff that opens the
conversation for Chatwoot's agents and hands back when they resolve it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest

from tests.channels.channel_service import settled_reply, start_channel_service
from tests.fakes.chatwoot_api import (
    FakeChatwootApi,
    fixture,
    in_conversation,
    message_created,
    option_picked,
    post_webhook,
)
from tests.security.paying import pay
from tests.service import ServiceProcess

ACCOUNT, API_TOKEN, HOOK_TOKEN = 7, "cw-bot-access-token-1", "hook-token-of-loja-demo-0001"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chatwoot() -> Iterator[FakeChatwootApi]:
    with FakeChatwootApi(ACCOUNT, API_TOKEN) as fake:
        yield fake


@pytest.fixture(scope="module")
def service(module_db: str, chatwoot: FakeChatwootApi,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    """The service as the default store's Chatwoot agent bot (options as input_select) and
    no WhatsApp at all."""
    folder = tmp_path_factory.mktemp("chatwoot")
    proc = start_channel_service(folder, module_db, {"chatwoot": {
        "base_url": chatwoot.base_url, "account_id": ACCOUNT,
        "api_access_token": "${TEST_CW_TOKEN}", "webhook_token": "${TEST_CW_HOOK}",
        "input_select": True}},
                                 {"TEST_CW_TOKEN": API_TOKEN, "TEST_CW_HOOK": HOOK_TOKEN})
    yield proc
    proc.stop()


def deliver(service: ServiceProcess, body: dict[str, Any], *,
            token: str | None = HOOK_TOKEN, store: str = "default") -> Any:
    return post_webhook(f"{service.url}/webhooks/chatwoot/{store}", body, token=token)


def wait_until(check: Callable[[], Any], timeout: float = 25) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.03)
    return found


class Buyer:
    """One Chatwoot conversation: what the contact sends, what Balcão posted to it."""

    def __init__(self, service: ServiceProcess, chatwoot: FakeChatwootApi, cid: int) -> None:
        self.service, self.chatwoot, self.cid = service, chatwoot, cid

    def received(self) -> list[dict[str, Any]]:
        return self.chatwoot.messages(self.cid)

    def wait(self, count: int, timeout: float = 25) -> list[dict[str, Any]]:
        def enough() -> list[dict[str, Any]] | None:
            got = self.received()
            return got if len(got) >= count else None
        return wait_until(enough, timeout)

    def send(self, body: dict[str, Any]) -> dict[str, Any]:
        before = len(self.received())
        answer = deliver(self.service, body)
        assert answer.status_code == 200, answer.text
        return self.wait(before + 1)[before]

    def say(self, text: str) -> dict[str, Any]:
        return self.send(message_created(ACCOUNT, self.cid, text))

    def pick(self, message: dict[str, Any], value: str) -> dict[str, Any]:
        [title] = [i["title"] for i in options(message) if i["value"] == value]
        return self.send(option_picked(ACCOUNT, self.cid, message["id"], title, value))


def options(message: dict[str, Any]) -> list[dict[str, str]]:
    if message.get("content_type") != "input_select":
        return []
    return message["content_attributes"]["items"]


def rows(db_url: str, sql: str, params: Any = None) -> list[tuple]:
    with psycopg.connect(db_url) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_buyer_buys_through_chatwoot_from_first_message_to_paid_order(
    service: ServiceProcess, chatwoot: FakeChatwootApi, module_db: str,
) -> None:
    buyer = Buyer(service, chatwoot, 101)
    results = buyer.say("tem garrafa termica?")
    sku = options(results)[0]["value"].removeprefix("show:")
    assert sku in ("GAR-TERM-500", "GAR-TERM-1L")
    buyer.say("quero a primeira")
    assert "nome" in buyer.say("quero finalizar")["content"]
    assert "CEP" in buyer.say("Maria Souza")["content"]
    assert "endereço" in buyer.say("meu cep é 04567-000")["content"]
    shipping = buyer.say("Rua das Flores, 123, ap 4")
    assert "ship:expressa-sp" in [i["value"] for i in options(shipping)]
    summary = buyer.pick(shipping, "ship:expressa-sp")  # tapped in the website widget
    assert options(summary)[0]["value"] == "order:confirm:1"
    token = re.search(r"/pay/([\w-]+)", buyer.say("sim, pode confirmar")["content"])
    assert token

    before = len(buyer.received())
    assert "Pagamento aprovado" in pay(service.url, token.group(1), "paid",
                                       follow_redirects=True).text
    confirmation = buyer.wait(before + 1)[before]["content"]
    assert "aprovado" in confirmation
    [(number, status, channel)] = rows(
        module_db, "SELECT o.number, o.status, c.channel FROM orders o"
        " JOIN conversations c ON c.id = o.conversation_id WHERE c.buyer_id = 'chatwoot:101'")
    assert status == "paid" and channel == "chatwoot" and number in confirmation
    assert chatwoot.messages(101, private=True) == []  # no handoff, no notes


def test_a_redelivered_message_is_answered_once(
    service: ServiceProcess, chatwoot: FakeChatwootApi, module_db: str,
) -> None:
    buyer = Buyer(service, chatwoot, 102)
    body = message_created(ACCOUNT, 102, "oi", message_id=88001)
    first, again = deliver(service, body), deliver(service, body)
    assert first.json()["received"] == 1
    assert again.json() == {"event": "message_created", "received": 0, "duplicates": 1,
                            "ignored": 0, "handed_back": False}
    buyer.wait(1)
    [(turns,)] = rows(module_db, "SELECT count(DISTINCT turn_id) FROM inbox"
                      " WHERE channel = 'chatwoot' AND external_id = '88001'")
    assert turns == 1
    time.sleep(0.5)  # a second answer, were there one, would be sent by now
    assert len(buyer.received()) == 1


def test_deliveries_without_the_store_token_are_refused(
    service: ServiceProcess, module_db: str,
) -> None:
    body = message_created(ACCOUNT, 103, "oi")
    assert deliver(service, body, token=None).status_code == 401
    assert deliver(service, body, token="hook-token-of-someone-else").status_code == 401
    assert deliver(service, body, store="other-store").status_code == 404
    other_account = message_created(ACCOUNT + 1, 103, "oi")
    assert deliver(service, other_account).status_code == 400
    assert rows(module_db, "SELECT count(*) FROM conversations"
                " WHERE buyer_id = 'chatwoot:103'") == [(0,)]


def test_outgoing_messages_private_notes_and_activity_get_no_answer(
    service: ServiceProcess, module_db: str,
) -> None:
    for body in (message_created(ACCOUNT, 104, "Olá! Como posso ajudar?",
                                 message_type="outgoing", sender_type="user"),
                 message_created(ACCOUNT, 104, "cliente VIP, cuidado",
                                 message_type="outgoing", private=True, sender_type="user"),
                 message_created(ACCOUNT, 104, "Conversation was marked resolved",
                                 message_type="activity")):
        answer = deliver(service, body).json()
        assert (answer["received"], answer["ignored"]) == (0, 1)
    assert rows(module_db, "SELECT count(*) FROM conversations"
                " WHERE buyer_id = 'chatwoot:104'") == [(0,)]


def test_replies_wait_out_a_chatwoot_outage(
    service: ServiceProcess, chatwoot: FakeChatwootApi, module_db: str,
) -> None:
    buyer = Buyer(service, chatwoot, 105)
    attempts = chatwoot.attempts
    chatwoot.fail_next(2, status=503)
    deliver(service, message_created(ACCOUNT, 105, "tem caneca?"))
    buyer.wait(1, timeout=30)  # after 1 s and 2 s of backoff
    assert chatwoot.attempts - attempts >= 3
    attempts_made, error, status = settled_reply(module_db, "chatwoot:105")
    assert (attempts_made, error, status) == (3, None, "sent")


def test_a_handoff_opens_the_conversation_for_agents_and_resolving_hands_it_back(
    service: ServiceProcess, chatwoot: FakeChatwootApi, module_db: str,
) -> None:
    buyer = Buyer(service, chatwoot, 106)
    told = buyer.say("quero falar com um atendente")["content"]
    assert chatwoot.statuses(106) == ["open"]
    assert "balcao" in chatwoot.labels(106)
    assert "motivo-asked-for-human" in chatwoot.labels(106)
    assert any(label.startswith("prioridade-") for label in chatwoot.labels(106))
    [note] = chatwoot.messages(106, private=True)
    assert "quero falar com um atendente" in note["content"]
    assert told and not told.startswith("Balcão passou")  # the buyer never sees the note
    [(status,)] = rows(module_db, "SELECT e.status FROM escalations e JOIN conversations c"
                       " ON c.id = e.conversation_id WHERE c.buyer_id = 'chatwoot:106'")
    assert status == "assigned"  # Chatwoot's agents have it: it does not time out

    # While an agent has it, the buyer's messages are theirs: the bot says nothing.
    deliver(service, message_created(ACCOUNT, 106, "alguém aí?", message_id=88002))
    wait_until(lambda: rows(module_db, "SELECT 1 FROM inbox WHERE channel = 'chatwoot'"
                            " AND external_id = '88002' AND status = 'human'"))
    assert len(buyer.received()) == 1

    resolved = in_conversation(fixture("conversation_resolved.json"), ACCOUNT, 106)
    answer = deliver(service, resolved).json()
    assert answer["handed_back"] is True
    back = buyer.wait(2)[1]["content"]
    assert back and back != told
    [(status,)] = rows(module_db, "SELECT e.status FROM escalations e JOIN conversations c"
                       " ON c.id = e.conversation_id WHERE c.buyer_id = 'chatwoot:106'")
    assert status == "returned"
    assert deliver(service, resolved).json()["handed_back"] is False  # once

    # Asked again; this time an agent sets it back to the bot ("pending", an account webhook).
    again = buyer.say("quero falar com um atendente de novo")["content"]
    assert chatwoot.statuses(106) == ["open", "open"]
    assert len(chatwoot.messages(106, private=True)) == 2
    assert chatwoot.labels(106).count("balcao") == 1  # added to the labels it has, once
    pending = in_conversation(fixture("conversation_status_changed.json"), ACCOUNT, 106)
    pending["status"] = "pending"
    assert deliver(service, pending).json()["handed_back"] is True
    assert buyer.wait(4)[3]["content"] not in (again, "")
    assert rows(module_db, "SELECT e.status FROM escalations e JOIN conversations c"
                " ON c.id = e.conversation_id WHERE c.buyer_id = 'chatwoot:106'"
                " ORDER BY e.id") == [("returned",), ("returned",)]
