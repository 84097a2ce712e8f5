"""A Chatwoot agent-bot (or account) webhook delivery into a channel-neutral `WebhookBatch`.

The body is the event's object with `event` merged in (`AgentBotListener`, Chatwoot's
"Webhook Events" docs):

- `message_created`: one message (`Message#webhook_data`: `id`, `content`, `message_type`
  incoming/outgoing/activity/template, `private`, `content_type`, `content_attributes`,
  `attachments`, `sender`, `conversation`, `account`). Only a contact's public incoming
  message is a buyer message; our own replies, agents' replies, private notes and activity
  come back through the same hook and are left out.
- `message_updated`: a contact picking an option of one of our `input_select` messages (the
  website widget writes `content_attributes.submitted_values`).
- `conversation_resolved` (agent bots) and `conversation_status_changed` (account webhooks):
  an agent resolving the conversation, or handing it back to the bot (`pending`).

One Chatwoot conversation is one Balcão conversation: the buyer id is `chatwoot:<id>`, the
conversation's id in the account (what the API's URLs take), and replies go to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from api.channels.whatsapp.inbound import cap
from api.channels.whatsapp.payload import MalformedPayload, optional_str
from balcao.messages import InboundMessage, WebhookBatch

CHANNEL = "chatwoot"
BUYER_PREFIX = "chatwoot:"
HAND_BACK_STATUSES = ("resolved", "pending")
"""Conversation statuses that end a person's turn: resolved, or set back to the bot."""
_FILE_KINDS = {"image": "image", "audio": "audio", "video": "video", "file": "document"}


@dataclass
class Delivery:
    """What one webhook request carried."""

    event: str
    account_id: int | None
    conversation_id: int | None
    batch: WebhookBatch = field(default_factory=WebhookBatch)
    ignored: int = 0
    """Messages left out on purpose: outgoing, private notes, activity, unreadable ones."""
    status: str | None = None
    """For conversation events: the status the conversation moved to."""


def buyer_id_of(conversation_id: int) -> str:
    return f"{BUYER_PREFIX}{conversation_id}"


def conversation_of(buyer_id: str) -> int | None:
    """The Chatwoot conversation id a buyer id names (None when it names none)."""
    number = buyer_id.removeprefix(BUYER_PREFIX)
    return int(number) if buyer_id.startswith(BUYER_PREFIX) and number.isdigit() else None


def parse_delivery(envelope: dict[str, Any]) -> Delivery:
    """The buyer message or conversation change of one delivery; other events are empty.

    Raises:
        MalformedPayload: No `event`.
    """
    event = optional_str(envelope, "event")
    if not event:
        raise MalformedPayload("body: missing 'event'")
    if event.startswith("conversation_"):
        messages = envelope.get("messages")
        first = messages[0] if isinstance(messages, list) and messages else {}
        delivery = Delivery(event, _int(_obj(first).get("account_id")), _conversation_id(envelope))
        if event == "conversation_resolved":
            delivery.status = "resolved"
        elif event == "conversation_status_changed":
            delivery.status = optional_str(envelope, "status")
        return delivery
    conversation = _obj(envelope.get("conversation"))
    delivery = Delivery(event, _int(_obj(envelope.get("account")).get("id")),
                        _conversation_id(conversation))
    if event not in ("message_created", "message_updated"):
        return delivery
    message = _message(envelope, delivery) if event == "message_created" else _choice(
        envelope, delivery)
    if message is None:
        delivery.ignored += 1
    else:
        delivery.batch.messages.append(message)
    return delivery


def _message(body: dict[str, Any], delivery: Delivery) -> InboundMessage | None:
    if body.get("message_type") not in ("incoming", 0) or body.get("private") is True:
        return None  # ours, an agent's, a private note or activity: never the bot's to answer
    sender = _obj(body.get("sender"))
    if sender.get("type") not in (None, "contact"):
        return None
    fields = _content(body)
    return _inbound(body, delivery, suffix="", name=optional_str(sender, "name"), fields=fields)


def _choice(body: dict[str, Any], delivery: Delivery) -> InboundMessage | None:
    """An option picked from one of our `input_select` messages, as a button tap."""
    submitted = _obj(body.get("content_attributes")).get("submitted_values")
    picked = _obj(submitted[0]) if isinstance(submitted, list) and submitted else {}
    value = optional_str(picked, "value")
    if body.get("message_type") == "incoming" or not value:
        return None
    fields = {"kind": "button_reply", "reply_id": value, "text": cap(optional_str(picked, "title"))}
    return _inbound(body, delivery, suffix=":picked", name=None, fields=fields)


def _inbound(body: dict[str, Any], delivery: Delivery, *, suffix: str, name: str | None,
             fields: dict[str, Any]) -> InboundMessage | None:
    """The buyer message, deduplicated on Chatwoot's message id (plus `suffix`)."""
    message_id = _int(body.get("id"))
    if delivery.conversation_id is None or message_id is None:
        return None
    try:
        return InboundMessage(
            channel=CHANNEL, external_id=f"{message_id}{suffix}",
            buyer_id=buyer_id_of(delivery.conversation_id), buyer_name=name,
            business_account_id=str(delivery.account_id or ""),
            sent_at=_time(body.get("created_at")), **fields)
    except ValidationError:
        return None


def _content(body: dict[str, Any]) -> dict[str, Any]:
    """Text, or the first attachment (its caption is the message's text)."""
    text = cap(optional_str(body, "content"))
    attachments = body.get("attachments")
    attachment = _obj(attachments[0]) if isinstance(attachments, list) and attachments else {}
    file_type = optional_str(attachment, "file_type")
    if file_type == "location":
        latitude, longitude = attachment.get("coordinates_lat"), attachment.get("coordinates_long")
        if isinstance(latitude, int | float) and isinstance(longitude, int | float):
            return {"kind": "location", "location": {
                "latitude": float(latitude), "longitude": float(longitude),
                "name": optional_str(attachment, "fallback_title")}}
    if file_type in _FILE_KINDS:
        media = {"id": str(attachment.get("id") or "") or None, "caption": text,
                 "mime_type": optional_str(attachment, "content_type")}
        return {"kind": _FILE_KINDS[file_type], "media": media, "text": text}
    return {"kind": "text", "text": text or ""} if text else {"kind": "unsupported"}


def _conversation_id(conversation: dict[str, Any]) -> int | None:
    """The conversation's number in the account (its `display_id`, what the API's URLs
    take). Its latest message's `conversation_id` is always that number; the object's own
    `id` is too in Chatwoot's samples, but some builds put the database id there."""
    messages = conversation.get("messages")
    latest = _obj(messages[-1]) if isinstance(messages, list) and messages else {}
    return (_int(latest.get("conversation_id")) or _int(conversation.get("display_id"))
            or _int(conversation.get("id")))


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def _time(value: Any) -> datetime | None:
    """`created_at`: an ISO time (message webhooks) or epoch seconds (push data)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**11:
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" UTC", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None
