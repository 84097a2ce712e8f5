"""WhatsApp delivery failures (issue #18, low): a reply Meta reports as `failed` is retried
once when the error is transient, and flagged on its conversation otherwise. The status
payload is pywa's recorded `failed` update (tests/fixtures/whatsapp_cloud/pywa, MIT)."""

from __future__ import annotations

import copy
import json
from typing import Any

import psycopg

from tests import webhooks
from tests.conftest import FIXTURES
from tests.security.conftest import NOW, AppFactory

APP_SECRET = "delivery-app-secret"
BUYER = "5511955554444"
_FAILED = json.loads((FIXTURES / "whatsapp_cloud/pywa/updates/message_status.json")
                     .read_text())["failed"]


def failed_status(message_id: str, code: int) -> dict[str, Any]:
    body = copy.deepcopy(_FAILED)
    status = body["entry"][0]["changes"][0]["value"]["statuses"][0]
    status["id"], status["recipient_id"] = message_id, BUYER
    status["errors"][0]["code"] = code
    return body


def sent_reply(db_url: str, message_id: str, text: str) -> int:
    """A reply the outbox sent, as the sender leaves it (Meta's message id recorded)."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conv = conn.execute(
            "INSERT INTO conversations (store_id, buyer_id, thread_id) VALUES ('default', %s,"
            " %s) ON CONFLICT (store_id, channel, buyer_id) DO UPDATE SET buyer_id ="
            " EXCLUDED.buyer_id RETURNING id", (BUYER, f"default:{BUYER}")).fetchone()[0]
        return conn.execute(
            "INSERT INTO outbox (store_id, conversation_id, channel, idempotency_key, recipient,"
            " payload, status, next_attempt_at, created_at, sent_at, provider_message_id)"
            " VALUES ('default', %s, 'whatsapp', %s, %s, %s, 'sent', %s, %s, %s, %s)"
            " RETURNING id",
            (conv, f"reply:{message_id}", BUYER,
             json.dumps({"messaging_product": "whatsapp", "to": BUYER, "type": "text",
                         "text": {"body": text}}), NOW, NOW, NOW, message_id)).fetchone()[0]


def query(db_url: str, sql: str) -> list[tuple]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def test_failed_replies_are_retried_once_or_flagged(make_client: AppFactory,
                                                    db_url: str) -> None:
    client = make_client(WHATSAPP_APP_SECRET=APP_SECRET)
    transient = sent_reply(db_url, "wamid.transient1", "Seu pedido saiu")
    permanent = sent_reply(db_url, "wamid.permanent1", "Obrigado pela compra")

    for _ in range(2):  # Meta redelivers statuses: the retry is queued once
        raw, headers = webhooks.signed(failed_status("wamid.transient1", 131000), APP_SECRET)
        assert client.post("/webhooks/whatsapp", content=raw, headers=headers).status_code == 200
    retries = query(db_url, "SELECT id, status, payload->'text'->>'body' FROM outbox"
                            f" WHERE idempotency_key LIKE 'redeliver:{transient}:%'")
    assert [(status, body) for _, status, body in retries] == [("pending", "Seu pedido saiu")]

    # The permanent error (the fixture's own, 130472) is flagged, not retried.
    raw, headers = webhooks.signed(failed_status("wamid.permanent1", 130472), APP_SECRET)
    client.post("/webhooks/whatsapp", content=raw, headers=headers)
    # The retry is sent and fails again, transiently: no third attempt, a flag instead.
    query(db_url, f"UPDATE outbox SET status = 'sent', provider_message_id = 'wamid.retry1'"
                  f" WHERE id = {retries[0][0]} RETURNING id")
    raw, headers = webhooks.signed(failed_status("wamid.retry1", 131000), APP_SECRET)
    client.post("/webhooks/whatsapp", content=raw, headers=headers)

    assert query(db_url, "SELECT count(*) FROM outbox")[0][0] == 3
    flags = query(db_url, "SELECT e.data, c.buyer_id FROM conversation_events e JOIN"
                          " conversations c ON c.id = e.conversation_id"
                          " WHERE e.type = 'delivery_failed' ORDER BY e.id")
    assert [(data["outbox_id"], data["codes"], buyer) for data, buyer in flags] == [
        (permanent, [130472], BUYER), (retries[0][0], [131000], BUYER)]
    assert flags[0][0]["errors"] == ["User's number is part of an experiment"]
