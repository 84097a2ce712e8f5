"""One Baileys message (`data.message` of a `messages.upsert`) into `InboundMessage` fields.

Field names are WhatsApp Web's protobuf (WAProto) as Evolution API forwards them: a text is
`conversation` (Evolution folds `extendedTextMessage` into it; older servers send it as is),
taps on buttons come back as `buttonsResponseMessage`, `templateButtonReplyMessage` or, for
the native-flow buttons Evolution's sendButtons builds, `interactiveResponseMessage`, and a
list row as `listResponseMessage`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from api.channels.whatsapp.inbound import cap
from api.channels.whatsapp.payload import optional_str

Fields = dict[str, Any]


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(message: dict[str, Any]) -> Fields:
    content = message.get("conversation")
    if not isinstance(content, str):
        content = optional_str(_obj(message.get("extendedTextMessage")), "text")
    return {"kind": "text", "text": cap(content or "")}


def _button(message: dict[str, Any]) -> Fields:
    tap = _obj(message.get("buttonsResponseMessage"))
    if tap:
        return {"kind": "button_reply", "reply_id": optional_str(tap, "selectedButtonId"),
                "text": cap(optional_str(tap, "selectedDisplayText"))}
    tap = _obj(message.get("templateButtonReplyMessage"))
    return {"kind": "button_reply", "reply_id": optional_str(tap, "selectedId"),
            "text": cap(optional_str(tap, "selectedDisplayText"))}


def _native_flow(message: dict[str, Any]) -> Fields:
    reply = _obj(message.get("interactiveResponseMessage"))
    flow = _obj(reply.get("nativeFlowResponseMessage"))
    try:
        params = json.loads(optional_str(flow, "paramsJson") or "{}")
    except ValueError:
        params = {}
    reply_id = optional_str(_obj(params), "id")
    return {"kind": "button_reply" if reply_id else "unsupported", "reply_id": reply_id,
            "text": cap(optional_str(_obj(reply.get("body")), "text"))}


def _list(message: dict[str, Any]) -> Fields:
    tap = _obj(message.get("listResponseMessage"))
    return {"kind": "list_reply",
            "reply_id": optional_str(_obj(tap.get("singleSelectReply")), "selectedRowId"),
            "text": cap(optional_str(tap, "title"))}


def _media(kind: str, key: str) -> Callable[[dict[str, Any]], Fields]:
    def read(message: dict[str, Any]) -> Fields:
        media = _obj(message.get(key))
        caption = cap(optional_str(media, "caption"))
        fields: Fields = {"kind": kind, "media": {
            "mime_type": optional_str(media, "mimetype"),
            "sha256": optional_str(media, "fileSha256"), "caption": caption,
            "voice": media.get("ptt") if isinstance(media.get("ptt"), bool) else None}}
        if caption:
            fields["text"] = caption
        return fields
    return read


def _location(message: dict[str, Any]) -> Fields:
    place = _obj(message.get("locationMessage"))
    latitude, longitude = place.get("degreesLatitude"), place.get("degreesLongitude")
    if not all(isinstance(v, int | float) and not isinstance(v, bool)
               for v in (latitude, longitude)):
        return {"kind": "unsupported"}
    return {"kind": "location", "location": {
        "latitude": float(latitude), "longitude": float(longitude),
        "name": optional_str(place, "name"), "address": optional_str(place, "address"),
        "url": optional_str(place, "url")}}


_READERS: dict[str, Callable[[dict[str, Any]], Fields]] = {
    "conversation": _text,
    "extendedTextMessage": _text,
    "buttonsResponseMessage": _button,
    "templateButtonReplyMessage": _button,
    "interactiveResponseMessage": _native_flow,
    "listResponseMessage": _list,
    "imageMessage": _media("image", "imageMessage"),
    "audioMessage": _media("audio", "audioMessage"),
    "videoMessage": _media("video", "videoMessage"),
    "documentMessage": _media("document", "documentMessage"),
    "stickerMessage": _media("sticker", "stickerMessage"),
    "locationMessage": _location,
}


def read_message(message: dict[str, Any]) -> Fields:
    """The kind and content of one Baileys message; `unsupported` for anything else."""
    for key, reader in _READERS.items():
        if key in message and message[key] is not None:
            return reader(message)
    return {"kind": "unsupported"}


def quoted_id(data: dict[str, Any]) -> str | None:
    """The id of the message this one quotes, when it quotes one."""
    return optional_str(_obj(data.get("contextInfo")), "stanzaId")
