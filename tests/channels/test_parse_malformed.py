"""Bodies `parse_webhook` must refuse, with a reason that says where and leaks nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from api.channels.whatsapp.parse import MalformedPayload, parse_webhook
from tests.channels.whatsapp_fixtures import example

PHONE = "5511987654321"
NAME = "Joana Pereira da Silva"
SECRET_TEXT = "meu endereço é Rua das Flores 12"
MSG = "entry[0].changes[0].value.messages[0]"


def _text_body() -> dict[str, Any]:
    """A text webhook whose buyer data is recognizable, to prove it never leaks."""
    body = example("meta/webhook_examples_extracted.json::Text Message")
    value = body["entry"][0]["changes"][0]["value"]
    value["contacts"] = [{"profile": {"name": NAME}, "wa_id": PHONE}]
    value["messages"][0].update({"from": PHONE, "text": {"body": SECRET_TEXT}})
    return body


def _message(body: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return body["entry"][0]["changes"][0]["value"]["messages"][index]


def _with(change: Callable[[dict[str, Any]], Any]) -> bytes:
    body = _text_body()
    change(body)
    return json.dumps(body, ensure_ascii=False).encode()


def _order_body(change: Callable[[dict[str, Any]], Any]) -> bytes:
    body = _text_body()
    order = example("meta/webhook_examples_extracted.json::Order Message")
    message = copy.deepcopy(order["entry"][0]["changes"][0]["value"]["messages"][0])
    message["from"] = PHONE
    change(message["order"])
    body["entry"][0]["changes"][0]["value"]["messages"] = [message]
    return json.dumps(body).encode()


def _second_message_without_id(body: dict[str, Any]) -> None:
    second = copy.deepcopy(_message(body))
    del second["id"]
    body["entry"][0]["changes"][0]["value"]["messages"].append(second)


CASES: list[tuple[str, bytes, str]] = [
    ("not json", f"from {PHONE}: {SECRET_TEXT}".encode(), "body: not valid JSON"),
    ("truncated json", _with(lambda b: None)[:-7], "body: not valid JSON"),
    ("not utf-8", b'{"object": "\xff\xfe"}', "body: not UTF-8"),
    ("nan", b'{"object": "whatsapp_business_account", "entry": [NaN]}', "not valid JSON"),
    ("array", b"[]", "body: is an array, expected an object"),
    ("string", json.dumps(PHONE).encode(), "body: is a string"),
    ("wrong object", json.dumps({"object": PHONE, "entry": []}).encode(), "'object' is not"),
    ("no object", json.dumps({"entry": []}).encode(), "'object' is not"),
    ("no entry", b'{"object": "whatsapp_business_account"}', "body: missing 'entry'"),
    (
        "entry not a list",
        b'{"object": "whatsapp_business_account", "entry": {}}',
        "body: 'entry' is an object, expected an array",
    ),
    ("entry item", _with(lambda b: b["entry"].append(PHONE)), "entry[1]: is a string"),
    (
        "changes not a list",
        _with(lambda b: b["entry"][0].update(changes={"field": "messages"})),
        "entry[0]: 'changes' is an object, expected an array",
    ),
    (
        "value not an object",
        _with(lambda b: b["entry"][0]["changes"][0].update(value=[PHONE])),
        "entry[0].changes[0].value: is an array",
    ),
    (
        "messages not a list",
        _with(lambda b: b["entry"][0]["changes"][0]["value"].update(messages={"id": "x"})),
        "entry[0].changes[0].value: 'messages' is an object, expected an array",
    ),
    ("missing id", _with(lambda b: _message(b).pop("id")), f"{MSG}: missing 'id'"),
    (
        "second message missing id",
        _with(_second_message_without_id),
        "entry[0].changes[0].value.messages[1]: missing 'id'",
    ),
    ("missing from", _with(lambda b: _message(b).pop("from")), f"{MSG}: missing 'from'"),
    ("missing type", _with(lambda b: _message(b).pop("type")), f"{MSG}: missing 'type'"),
    (
        "id not a string",
        _with(lambda b: _message(b).update(id=12345)),
        f"{MSG}: 'id' is a number, expected a string",
    ),
    (
        "from not a string",
        _with(lambda b: _message(b).update({"from": int(PHONE)})),
        f"{MSG}: 'from' is a number, expected a string",
    ),
    ("empty id", _with(lambda b: _message(b).update(id="")), f"{MSG}: 'id' is empty"),
    (
        "bad timestamp",
        _with(lambda b: _message(b).update(timestamp=f"yesterday {PHONE}x")),
        f"{MSG}: 'timestamp' is not unix seconds",
    ),
    (
        "text without body",
        _with(lambda b: _message(b).update(text={"preview": SECRET_TEXT})),
        f"{MSG}.text: missing 'body'",
    ),
    (
        "button reply without id",
        _with(
            lambda b: _message(b).update(
                type="interactive",
                interactive={"type": "button_reply", "button_reply": {"title": NAME}},
            )
        ),
        f"{MSG}.interactive.button_reply: missing 'id'",
    ),
    (
        "location without latitude",
        _with(lambda b: _message(b).update(type="location", location={"longitude": 1.0})),
        f"{MSG}.location: missing 'latitude'",
    ),
    (
        "location latitude as text",
        _with(
            lambda b: _message(b).update(
                type="location", location={"latitude": PHONE, "longitude": 1.0}
            )
        ),
        f"{MSG}.location: 'latitude' is a string, expected a number",
    ),
    (
        "order without items",
        _order_body(lambda o: o.pop("product_items")),
        f"{MSG}.order: missing 'product_items'",
    ),
    (
        "order item without quantity",
        _order_body(lambda o: o["product_items"][1].pop("quantity")),
        f"{MSG}.order.product_items[1]: missing 'quantity'",
    ),
    (
        "order item fractional quantity",
        _order_body(lambda o: o["product_items"][0].update(quantity=1.5)),
        f"{MSG}.order.product_items[0]: 'quantity' is a number, expected an integer",
    ),
    (
        "status without id",
        _with(
            lambda b: b["entry"][0]["changes"][0]["value"].update(
                statuses=[{"status": "read", "recipient_id": PHONE}]
            )
        ),
        "entry[0].changes[0].value.statuses[0]: missing 'id'",
    ),
    (
        "status not an object",
        _with(lambda b: b["entry"][0]["changes"][0]["value"].update(statuses=[PHONE])),
        "entry[0].changes[0].value.statuses[0]: is a string",
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_body_names_the_problem(body: bytes, expected: str) -> None:
    with pytest.raises(MalformedPayload) as info:
        parse_webhook(body)
    reason = info.value.reason
    assert expected in reason
    assert str(info.value) == reason
    assert isinstance(info.value, ValueError)
    # The reason is logged: no phone number, name or message text from the body.
    for personal in (PHONE, NAME, SECRET_TEXT, "16505551234", "Sheena"):
        assert personal not in reason


def test_a_valid_body_passes() -> None:
    assert parse_webhook(_with(lambda b: None)).messages[0].text == SECRET_TEXT


def test_empty_entry_is_a_valid_empty_batch() -> None:
    batch = parse_webhook(b'{"object": "whatsapp_business_account", "entry": []}')
    assert (batch.messages, batch.statuses, batch.errors) == ([], [], [])


def test_other_fields_are_not_inspected() -> None:
    # Changes we ignore are not validated either: their shape is not our contract.
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "calls", "value": [1, 2, 3]}, "x"]}],
    }
    with pytest.raises(MalformedPayload) as info:
        parse_webhook(json.dumps(body).encode())
    assert info.value.reason == "entry[0].changes[1]: is a string, expected an object"
    body["entry"][0]["changes"].pop()
    assert parse_webhook(json.dumps(body).encode()).messages == []


def test_deep_nesting_is_malformed_not_a_crash() -> None:
    body = (
        b'{"object": "whatsapp_business_account", "entry": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}"
    )
    with pytest.raises(MalformedPayload):
        parse_webhook(body)
