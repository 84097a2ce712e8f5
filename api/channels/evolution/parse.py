"""An Evolution API webhook delivery into a channel-neutral `WebhookBatch`.

The envelope is what `WebhookController.emit` posts: `{"event", "instance", "data",
"destination", "date_time", "sender", "server_url", "apikey"}`. Three events matter:

- `messages.upsert`: `data` is one message as `prepareMessage` builds it (`key`, `pushName`,
  `message`, `messageType`, `messageTimestamp`, ...). The store's own messages (`fromMe`),
  groups (`@g.us`), broadcasts and channels are left out.
- `messages.update`: a delivery status of one of our messages (`keyId`, `status`).
- `connection.update`: the instance's link to WhatsApp (`state`: open, connecting, close,
  refused).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from api.channels.evolution.content import quoted_id, read_message
from api.channels.whatsapp.parse import load_body
from api.channels.whatsapp.payload import MalformedPayload, optional_str, require_object
from balcao.messages import InboundMessage, StatusUpdate, WebhookBatch

CHANNEL = "evolution"
EVENTS = ("messages.upsert", "messages.update", "connection.update")

# Evolution's message statuses (utils/renderStatus.ts) as the Cloud API names them.
_STATUSES = {"SERVER_ACK": "sent", "DELIVERY_ACK": "delivered", "READ": "read",
             "PLAYED": "read", "ERROR": "failed"}
_NOT_BUYERS = ("@g.us", "@broadcast", "@newsletter")


@dataclass
class Delivery:
    """What one webhook request carried."""

    event: str
    instance: str
    apikey: str | None
    batch: WebhookBatch = field(default_factory=WebhookBatch)
    ignored: int = 0
    """Messages left out on purpose: our own, groups, broadcasts, unreadable ones."""
    connection: str | None = None
    """For `connection.update`: the instance's state."""


def read_envelope(body: bytes) -> dict[str, Any]:
    """The delivery's JSON object, strings cleaned (NUL, lone surrogates).

    Raises:
        MalformedPayload: Not UTF-8 JSON, or not an object.
    """
    return require_object(load_body(body), "body")


def parse_delivery(envelope: dict[str, Any]) -> Delivery:
    """The messages, statuses or connection state of one delivery; other events are empty.

    Raises:
        MalformedPayload: No `event` or `instance`, or a `data` that is not an object.
    """
    event = (optional_str(envelope, "event") or "").lower().replace("_", ".")
    instance = optional_str(envelope, "instance")
    if not event or not instance:
        raise MalformedPayload("body: missing 'event' or 'instance'")
    delivery = Delivery(event=event, instance=instance, apikey=optional_str(envelope, "apikey"))
    if event not in EVENTS:
        return delivery
    raw = envelope.get("data")
    items = raw if isinstance(raw, list) else [raw]
    for i, item in enumerate(items):
        data = require_object(item, f"data[{i}]" if isinstance(raw, list) else "data")
        if event == "messages.upsert":
            message = _message(data, instance)
            if message is None:
                delivery.ignored += 1
            else:
                delivery.batch.messages.append(message)
        elif event == "messages.update":
            status = _status(data)
            if status is not None:
                delivery.batch.statuses.append(status)
        else:
            delivery.connection = optional_str(data, "state")
    return delivery


def buyer_jid(key: dict[str, Any]) -> str | None:
    """The buyer's address: the phone JID when Evolution gives one (a `@lid` chat carries it
    in `remoteJidAlt`), so one buyer stays one conversation; None for groups and the like."""
    jid = optional_str(key, "remoteJid")
    if jid is None or jid.endswith(_NOT_BUYERS):
        return None
    alternative = optional_str(key, "remoteJidAlt") or optional_str(key, "senderPn")
    if jid.endswith("@lid") and alternative and alternative.endswith("@s.whatsapp.net"):
        return alternative
    return jid


def _message(data: dict[str, Any], instance: str) -> InboundMessage | None:
    key = data.get("key")
    if not isinstance(key, dict) or key.get("fromMe") is not False:
        return None  # ours (sent from the phone or through the API), or no key at all
    buyer, external_id = buyer_jid(key), optional_str(key, "id")
    content = data.get("message")
    if buyer is None or not external_id or not isinstance(content, dict):
        return None
    fields = read_message(content)
    if fields.get("media") is not None:
        fields["media"]["id"] = external_id  # Evolution fetches media by the message key
    try:
        return InboundMessage(
            channel=CHANNEL, external_id=external_id, buyer_id=buyer,
            buyer_name=optional_str(data, "pushName"), business_account_id=instance,
            sent_at=_timestamp(data.get("messageTimestamp")), context_id=quoted_id(data),
            **fields)
    except ValidationError:
        return None


def _status(data: dict[str, Any]) -> StatusUpdate | None:
    status = _STATUSES.get(optional_str(data, "status") or "")
    key_id = optional_str(data, "keyId")
    if status is None or not key_id or data.get("fromMe") is not True:
        return None  # only our own messages' statuses are ours to record
    return StatusUpdate(channel=CHANNEL, external_id=key_id, status=status)


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**11:
        return datetime.fromtimestamp(value, UTC)
    return None
