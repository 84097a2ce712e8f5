"""Findings 4, 5 and 6 on the way in: one buyer cannot stall everyone, one bad message never
costs the others of its delivery, and no number can break or block a turn."""

from __future__ import annotations

import json
import time

import psycopg

from api.buyer_limits import FLOOD_REPLY, bound_turn
from api.channels.whatsapp.inbound import MAX_TEXT
from api.channels.whatsapp.parse import parse_webhook
from tests import webhooks
from tests.security.conftest import AppFactory
from tools.payments.money import json_loads


def _rows(db_url: str, sql: str) -> list[tuple]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def _delivery(*messages: dict) -> dict:
    """One delivery carrying the messages of several `webhooks.text(...)` bodies."""
    body = messages[0]
    value = body["entry"][0]["changes"][0]["value"]
    for other in messages[1:]:
        value["messages"].extend(other["entry"][0]["changes"][0]["value"]["messages"])
    return body


# --- Finding 4: text capped when parsed; a turn's bounds; a per-buyer rate limit ----------

def test_a_huge_text_is_cut_to_whatsapps_limit_when_parsed() -> None:
    batch = parse_webhook(json.dumps(webhooks.text("a" * 200_000)).encode())
    assert len(batch.messages[0].text) == MAX_TEXT


def test_a_turn_takes_at_most_n_messages_and_k_bytes() -> None:
    messages = [{"text": "x" * 4096} for _ in range(30)]
    taken, rest = bound_turn(messages, max_messages=10, max_bytes=16 * 1024)
    assert len(taken) == 4 and len(rest) == 26 and taken + rest == messages
    small = [{"text": "oi"} for _ in range(30)]
    taken, rest = bound_turn(small, max_messages=10)
    assert len(taken) == 10 and len(rest) == 20
    huge_first = [{"text": "y" * 100_000}, {"text": "z"}]
    assert bound_turn(huge_first, max_bytes=10) == ([huge_first[0]], [huge_first[1]])


def test_a_flooding_buyer_is_answered_once_and_the_flood_is_not_processed(
    make_client: AppFactory, db_url: str
) -> None:
    client = make_client(BALCAO_INSECURE_DEV_WEBHOOK="true",
                         BALCAO_BUYER_MESSAGES_PER_MINUTE="5")
    flood = _delivery(*[webhooks.text(f"spam {i}", wa_id="5511900000001") for i in range(40)],
                      webhooks.text("oi, tudo bem?", wa_id="5511900000002"))
    response = client.post("/webhooks/whatsapp", content=json.dumps(flood))
    assert response.status_code == 200 and response.json()["throttled"] == 35
    more = _delivery(*[webhooks.text(f"mais {i}", wa_id="5511900000001") for i in range(10)])
    assert client.post("/webhooks/whatsapp", content=json.dumps(more)).status_code == 200
    stored = _rows(db_url, "SELECT c.buyer_id, count(*) FROM inbox i JOIN conversations c"
                           " ON c.id = i.conversation_id GROUP BY 1 ORDER BY 1")
    assert stored == [("5511900000001", 5), ("5511900000002", 1)]  # the other buyer: served
    replies = _rows(db_url, "SELECT recipient, payload FROM outbox")
    assert len(replies) == 1  # answered once, politely
    assert replies[0][0] == "5511900000001"
    assert replies[0][1]["text"]["body"] == FLOOD_REPLY


# --- Finding 5: NUL or a lone surrogate in any field --------------------------------------

def test_nul_and_lone_surrogates_are_cleaned_and_the_delivery_is_stored(
    make_client: AppFactory, db_url: str
) -> None:
    client = make_client(BALCAO_INSECURE_DEV_WEBHOOK="true")
    bad = webhooks.text("tem tênis\u0000 azul?", name="Ma\u0000ria \ud800",
                        wa_id="5511900000003")
    surrogate = webhooks.text("oi \udfff tchau", wa_id="5511900000004")
    good = webhooks.text("quero uma garrafa", wa_id="5511900000005")
    body = json.dumps(_delivery(bad, surrogate, good))  # ensure_ascii: \\u0000, \\ud800
    assert "\\u0000" in body and "\\ud800" in body
    response = client.post("/webhooks/whatsapp", content=body)
    assert response.status_code == 200, response.text
    texts = sorted(r[0] for r in _rows(db_url, "SELECT message->>'text' FROM inbox"))
    assert texts == ["oi \ufffd tchau", "quero uma garrafa", "tem tênis azul?"]
    assert _rows(db_url, "SELECT contact_name FROM conversations WHERE buyer_id ="
                         " '5511900000003'") == [("Maria \ufffd",)]


def test_one_unreadable_message_never_costs_the_others(
    make_client: AppFactory, db_url: str
) -> None:
    client = make_client(BALCAO_INSECURE_DEV_WEBHOOK="true")
    broken = webhooks.text("sem id", wa_id="5511900000006")
    broken["entry"][0]["changes"][0]["value"]["messages"][0].pop("id")
    good = webhooks.text("quero uma garrafa", wa_id="5511900000007")
    response = client.post("/webhooks/whatsapp", content=json.dumps(_delivery(broken, good)))
    assert response.status_code == 200 and response.json()["received"] == 1
    assert _rows(db_url, "SELECT message->>'text' FROM inbox") == [("quero uma garrafa",)]


# --- Finding 6: very large numbers -------------------------------------------------------

def test_huge_numbers_in_a_delivery_neither_block_nor_break_it(
    make_client: AppFactory, db_url: str
) -> None:
    client = make_client(BALCAO_INSECURE_DEV_WEBHOOK="true")
    order = webhooks.order([("CAN-CAFE-01", 1, "10.00")], wa_id="5511900000008")
    item = order["entry"][0]["changes"][0]["value"]["messages"][0]["order"]["product_items"][0]
    raw = json.dumps(order).replace(json.dumps(item["item_price"]), "1E+300000")
    raw = raw.replace('"quantity": 1', '"quantity": 99999999999999999999999')
    good = json.dumps(webhooks.text("oi", wa_id="5511900000009"))
    started = time.monotonic()
    batch = parse_webhook(raw.encode(), skip_bad_messages=True)
    assert time.monotonic() - started < 0.2
    assert batch.messages == [] and batch.errors[0]["code"] == "balcao_malformed_message"
    assert client.post("/webhooks/whatsapp", content=raw).status_code == 200
    assert client.post("/webhooks/whatsapp", content=good).status_code == 200
    assert _rows(db_url, "SELECT count(*) FROM inbox") == [(1,)]


def test_a_pass_through_price_with_a_huge_exponent_is_dropped_at_once() -> None:
    for price in ('"1E+300000"', "1E+300000"):
        order = webhooks.order([("CAN-CAFE-01", 2, "10.00")])
        raw = json.dumps(order).replace('"item_price": 10.0', f'"item_price": {price}')
        started = time.monotonic()
        (message,) = parse_webhook(raw.encode()).messages
        assert time.monotonic() - started < 0.2
        assert message.order.items[0].item_price is None
        assert message.order.items[0].quantity == 2


def test_a_signed_payment_payload_with_a_huge_exponent_is_refused_at_once() -> None:
    started = time.monotonic()
    for literal in ("1E+300000", "1" * 5000, "0." + "1" * 5000):
        try:
            json_loads(b'{"amount": ' + literal.encode() + b"}")
        except ValueError:
            pass
        else:
            raise AssertionError(f"{literal[:12]} was accepted")
    assert time.monotonic() - started < 0.2
    assert json_loads(b'{"amount": 199.90}')["amount"] == __import__("decimal").Decimal("199.90")


def test_a_budget_beyond_any_price_does_not_break_the_turn() -> None:
    """"tênis até 99999999999999999999999 reais" used to put an int past 64 bits into the
    checkpoint ("Integer exceeds 64-bit range"): no such amount is a budget now."""
    from graphs.sales.nlu.entities import extract_entities

    started = time.monotonic()
    found = extract_entities("tênis até 99999999999999999999999 reais")
    assert time.monotonic() - started < 0.5
    assert "price_max" not in found and found.get("category") == "tenis"
    assert extract_entities("tênis até 300 reais")["price_max"] == 300
    for value in found.values():
        assert not isinstance(value, int) or abs(value) < 2**63


def test_turn_bounds_read_inbox_rows_as_the_worker_holds_them() -> None:
    rows = [{"id": i, "kind": "text", "message": {"kind": "text", "text": "w" * 4096}}
            for i in range(6)]
    taken, rest = bound_turn(rows, max_messages=10, max_bytes=8192)
    assert [r["id"] for r in taken] == [0, 1] and [r["id"] for r in rest] == [2, 3, 4, 5]
