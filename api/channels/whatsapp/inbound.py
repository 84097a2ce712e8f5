"""One webhook `messages[*]` item, by type, into the fields of an `InboundMessage`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from api.channels.whatsapp.payload import (
    decimal_string,
    object_list,
    optional_bool,
    optional_str,
    require_int,
    require_list,
    require_number,
    require_object,
    require_str,
)
from balcao.messages import Location, Media, Order, OrderItem, Reaction

Fields = dict[str, Any]
"""Keyword arguments for `InboundMessage`, minus the envelope (ids, sender, time)."""

MEDIA_TYPES = ("image", "audio", "video", "document", "sticker")

MAX_TEXT = 4096
"""WhatsApp's own limit for a text message body: nothing longer is a real message, and a
buyer's text is cut to it when parsed (captions, titles and notes too)."""
_MAX_PRICE_CHARS = 40


def cap(text: str | None) -> str | None:
    """`text` cut to `MAX_TEXT` characters (None stays None)."""
    return text if text is None or len(text) <= MAX_TEXT else text[:MAX_TEXT]


def _price(value: Any) -> str | None:
    """A catalog price as sent, only when it is a plausible number (kept as a string)."""
    if isinstance(value, str):
        if len(value.strip()) > _MAX_PRICE_CHARS:
            return None
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > 30:
        return None  # "1E+300000" would be written out digit by digit
    return decimal_string(value)


def _text(content: dict[str, Any], path: str) -> Fields:
    return {"kind": "text", "text": require_str(content, "body", path)}


def _interactive(content: dict[str, Any], path: str) -> Fields:
    subtype = content.get("type")
    if subtype in ("button_reply", "list_reply"):
        reply = require_object(content.get(subtype), f"{path}.{subtype}")
        return {
            "kind": subtype,
            # The id is what we set when sending; without it the tap means nothing.
            "reply_id": require_str(reply, "id", f"{path}.{subtype}"),
            "text": optional_str(reply, "title"),
        }
    if subtype == "nfm_reply":
        # A completed WhatsApp Flow: we send no flows yet, so it is not something the
        # graph can act on, but the answers are kept for whoever adds flows.
        reply = content.get("nfm_reply")
        return {"kind": "unsupported", "flow_response_json": optional_str(reply, "response_json")}
    # call_permission_reply and future interactive replies.
    return {"kind": "unsupported"}


def _button(content: dict[str, Any], path: str) -> Fields:
    # A template quick reply: `payload` is what we set on the template button, `text` its label.
    payload = optional_str(content, "payload")
    label = optional_str(content, "text")
    return {"kind": "button", "reply_id": payload or label, "text": label or payload}


def _order(content: dict[str, Any], path: str) -> Fields:
    items = []
    for i, raw in enumerate(require_list(content, "product_items", path)):
        item_path = f"{path}.product_items[{i}]"
        item = require_object(raw, item_path)
        items.append(
            OrderItem(
                product_retailer_id=require_str(item, "product_retailer_id", item_path),
                quantity=require_int(item, "quantity", item_path),
                item_price=_price(item.get("item_price")),
                currency=optional_str(item, "currency"),
            )
        )
    note = cap(optional_str(content, "text"))
    order = Order(catalog_id=optional_str(content, "catalog_id"), text=note, items=items)
    return {"kind": "order", "order": order, "text": note or None}


def _location(content: dict[str, Any], path: str) -> Fields:
    location = Location(
        latitude=require_number(content, "latitude", path),
        longitude=require_number(content, "longitude", path),
        name=optional_str(content, "name"),
        address=optional_str(content, "address"),
        url=optional_str(content, "url"),
    )
    return {"kind": "location", "location": location}


def _media_reader(kind: str) -> Callable[[dict[str, Any], str], Fields]:
    def read(content: dict[str, Any], path: str) -> Fields:
        caption = cap(optional_str(content, "caption"))
        media = Media(
            id=optional_str(content, "id"),
            mime_type=optional_str(content, "mime_type"),
            sha256=optional_str(content, "sha256"),
            caption=caption,
            filename=optional_str(content, "filename"),
            voice=optional_bool(content, "voice"),
            animated=optional_bool(content, "animated"),
        )
        return {"kind": kind, "media": media, "text": caption}

    return read


def _reaction(content: dict[str, Any], path: str) -> Fields:
    # An empty or absent emoji means the buyer removed their reaction.
    reaction = Reaction(
        message_id=optional_str(content, "message_id"), emoji=optional_str(content, "emoji")
    )
    return {"kind": "reaction", "reaction": reaction}


def _system(content: dict[str, Any], path: str) -> Fields:
    return {"kind": "system", "text": optional_str(content, "body")}


_READERS: dict[str, Callable[[dict[str, Any], str], Fields]] = {
    "text": _text,
    "interactive": _interactive,
    "button": _button,
    "order": _order,
    "location": _location,
    "reaction": _reaction,
    "system": _system,
    **{kind: _media_reader(kind) for kind in MEDIA_TYPES},
}


def read_content(message: dict[str, Any], msg_type: str, path: str) -> Fields:
    """Reads the type-specific part of one message.

    Args:
        message: The raw message object (already checked to be a dict).
        msg_type: Its `type`.
        path: Where it sits in the body, for error reasons.

    Returns:
        `InboundMessage` fields: always `kind`, plus what the type carries.

    Raises:
        MalformedPayload: When a known type's object has a required field missing or of
            the wrong type (e.g. an order item without `quantity`).
    """
    if msg_type == "contacts":
        shared = message.get("contacts")
        if not isinstance(shared, list):
            return {"kind": "unsupported"}
        return {"kind": "contacts", "contacts": object_list(shared)}
    reader = _READERS.get(msg_type)
    if reader is None:
        # "unsupported", and types we do not handle yet (revoke, edit, ...).
        return {"kind": "unsupported"}
    content = message.get(msg_type)
    if not isinstance(content, dict):
        # WhatsApp sends e.g. an `interactive` message without its object when it could
        # not decode it (the fixture carries the error in `value.errors`): not our fault,
        # not the buyer's, just nothing to act on.
        return {"kind": "unsupported"}
    fields = reader(content, f"{path}.{msg_type}")
    if isinstance(fields.get("text"), str):
        fields["text"] = cap(fields["text"])
    return fields
