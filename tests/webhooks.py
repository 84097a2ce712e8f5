"""Builds WhatsApp Cloud API webhook bodies shaped like the pywa/Meta fixtures."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

from api.channels.whatsapp.signature import sign

_FIXTURE = (
    Path(__file__).resolve().parent / "fixtures/whatsapp_cloud/pywa/updates/message.json"
)
_ids = itertools.count(1)


def _envelope(message: dict[str, Any], wa_id: str, name: str, phone_number_id: str) -> dict:
    """The fixture's text update with our message, buyer and number put in."""
    body = copy.deepcopy(json.loads(_FIXTURE.read_text())["text"])
    value = body["entry"][0]["changes"][0]["value"]
    value["metadata"]["phone_number_id"] = phone_number_id
    value["contacts"] = [{"profile": {"name": name}, "wa_id": wa_id}]
    value["messages"] = [message]
    return body


def text(
    body: str, *, wa_id: str = "5511987654321", name: str = "Maria", wamid: str | None = None,
    phone_number_id: str = "1122334455667", timestamp: int = 1_760_000_000,
) -> dict:
    message = {
        "from": wa_id, "id": wamid or f"wamid.test{next(_ids)}", "timestamp": str(timestamp),
        "type": "text", "text": {"body": body},
    }
    return _envelope(message, wa_id, name, phone_number_id)


def list_reply(
    row_id: str, title: str, *, wa_id: str = "5511987654321", name: str = "Maria",
    wamid: str | None = None, phone_number_id: str = "1122334455667",
) -> dict:
    message = {
        "from": wa_id, "id": wamid or f"wamid.test{next(_ids)}", "timestamp": "1760000000",
        "type": "interactive",
        "interactive": {"type": "list_reply", "list_reply": {"id": row_id, "title": title}},
    }
    return _envelope(message, wa_id, name, phone_number_id)


def signed(body: dict | bytes, secret: str) -> tuple[bytes, dict[str, str]]:
    """The raw bytes and headers Meta would send for `body`."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return raw, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw, secret)}


def order(
    items: list[tuple[str, int, str]], *, wa_id: str = "5511987654321", name: str = "Maria",
    wamid: str | None = None, phone_number_id: str = "1122334455667",
) -> dict:
    """A cart sent from the WhatsApp catalog, shaped like the fixture's `order` message."""
    body = copy.deepcopy(json.loads(_FIXTURE.read_text())["order"])
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update({"from": wa_id, "id": wamid or f"wamid.test{next(_ids)}"})
    message["order"]["product_items"] = [
        {"product_retailer_id": sku, "quantity": qty, "item_price": float(price),
         "currency": "BRL"} for sku, qty, price in items
    ]
    return _envelope(message, wa_id, name, phone_number_id)
