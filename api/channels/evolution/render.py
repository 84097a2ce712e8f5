"""Outbox messages into Evolution API v2 send requests.

Every channel's outbox rows hold the reply as the WhatsApp renderer built it (Cloud API
message objects: the same splitting, fitting and button/list choices, and what operators and
reminders enqueue too). Evolution speaks the same WhatsApp underneath, so each message maps
to one request:

- text → `POST /message/sendText/{instance}` `{number, text}`
- image with caption → `POST /message/sendMedia/{instance}` `{number, mediatype, media,
  caption}`
- reply buttons → `sendButtons` (`type: reply`, at most 3) and a list → `sendList`, when the
  store says its instance shows them (`interactive: true`); otherwise, and for catalog
  product messages, numbered text the buyer answers by number (as on the terminal).

WhatsApp templates have no Evolution equivalent (there is no 24-hour window to reopen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.channels.whatsapp.text import interactive_options, numbered_lines


class NotSendable(ValueError):
    """A message Evolution API cannot send (a template, an unknown type)."""


@dataclass(frozen=True)
class EvolutionRequest:
    endpoint: str
    """`sendText`, `sendMedia`, `sendButtons` or `sendList`."""
    body: dict[str, Any]


def to_evolution(payload: dict[str, Any], number: str, *, interactive: bool) -> EvolutionRequest:
    """The Evolution request for one Cloud API message object, addressed to `number` (the
    buyer's JID).

    Raises:
        NotSendable: For a template or a type Evolution has no send for.
    """
    kind = payload.get("type")
    if kind == "text":
        return EvolutionRequest("sendText", {"number": number,
                                             "text": payload["text"]["body"]})
    if kind == "image":
        image = payload["image"]
        body = {"number": number, "mediatype": "image", "media": image["link"]}
        if image.get("caption"):
            body["caption"] = image["caption"]
        return EvolutionRequest("sendMedia", body)
    if kind == "interactive":
        return _interactive(payload["interactive"], number, interactive)
    raise NotSendable(f"message type {kind!r} has no Evolution API equivalent")


def _interactive(content: dict[str, Any], number: str, interactive: bool) -> EvolutionRequest:
    body = str((content.get("body") or {}).get("text") or "")
    options = interactive_options(content)
    if interactive and content.get("type") == "button" and options:
        title, _, rest = body.partition("\n")
        request = {"number": number, "title": title,
                   "buttons": [{"type": "reply", "displayText": o.title, "id": o.id}
                               for o in options]}
        if rest.strip():
            request["description"] = rest.strip()
        return EvolutionRequest("sendButtons", request)
    if interactive and content.get("type") == "list" and options:
        action = content.get("action") or {}
        rows = [{"title": o.title, "rowId": o.id, **({"description": o.description}
                                                       if o.description else {})}
                for o in options]
        button = str(action.get("button") or "Ver opções")
        return EvolutionRequest("sendList", {
            "number": number, "title": "", "description": body, "buttonText": button,
            "footerText": "", "sections": [{"title": button, "rows": rows}]})
    text = f"{body}\n\n{numbered_lines(options)}" if options else body
    if not text.strip():
        raise NotSendable("interactive message with nothing to show as text")
    return EvolutionRequest("sendText", {"number": number, "text": text.strip()})
