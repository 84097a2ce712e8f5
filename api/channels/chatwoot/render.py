"""Outbox messages into Chatwoot message requests.

Outbox rows hold the reply as the WhatsApp renderer built it (Cloud API message objects, the
same for every channel). Chatwoot delivers to whatever inbox the conversation is on, so each
message becomes one `POST /api/v1/accounts/{account}/conversations/{id}/messages` body
(`swagger/definitions/request/conversation/create_message_payload.yml`):

- text → `{"content", "message_type": "outgoing"}`;
- an image → its caption and link as text (Chatwoot takes files only as uploads);
- buttons and lists → `content_type: input_select` with `content_attributes.items` of
  `{title, value}` when the store's inbox shows them (the website widget, API inboxes),
  otherwise numbered text the buyer answers by number.

A private note (`private: true`) is how Balcão leaves its summary for the agents.
"""

from __future__ import annotations

from typing import Any

# The buttons or rows of a Cloud API interactive message: read one way for every channel.
from api.channels.whatsapp.text import interactive_options, numbered_lines

_TITLE_MAX = 200


class NotSendable(ValueError):
    """A message Chatwoot has no form for (a WhatsApp template, an unknown type)."""


def to_chatwoot(payload: dict[str, Any], *, input_select: bool) -> dict[str, Any]:
    """The Chatwoot message body for one Cloud API message object.

    Raises:
        NotSendable: For a template or a type with nothing to show in Chatwoot.
    """
    kind = payload.get("type")
    if kind == "text":
        return outgoing(payload["text"]["body"])
    if kind == "image":
        image = payload["image"]
        caption = str(image.get("caption") or "").strip()
        return outgoing(f"{caption}\n{image['link']}" if caption else image["link"])
    if kind == "interactive":
        return _interactive(payload["interactive"], input_select)
    raise NotSendable(f"message type {kind!r} has no Chatwoot equivalent")


def outgoing(content: str) -> dict[str, Any]:
    return {"content": content, "message_type": "outgoing", "private": False}


def private_note(content: str) -> dict[str, Any]:
    """A note only the store's agents see."""
    return {"content": content, "message_type": "outgoing", "private": True}


def _interactive(content: dict[str, Any], input_select: bool) -> dict[str, Any]:
    body = str((content.get("body") or {}).get("text") or "").strip()
    options = interactive_options(content)
    if input_select and options:
        return {**outgoing(body), "content_type": "input_select", "content_attributes": {
            "items": [{"title": o.title[:_TITLE_MAX], "value": o.id} for o in options]}}
    text = f"{body}\n\n{numbered_lines(options)}" if options else body
    if not text.strip():
        raise NotSendable("interactive message with nothing to show as text")
    return outgoing(text.strip())
