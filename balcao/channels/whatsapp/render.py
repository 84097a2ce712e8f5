"""A `Reply` and its localized body into WhatsApp Cloud API send payloads.

Taps come back as `reply_id`, so option ids are sent exactly as given and never cut;
when an id cannot fit, the reply falls back to numbered text the buyer answers by number.
"""

from __future__ import annotations

import re
from typing import Any

from balcao.channels.messages import Reply, ReplyOption

ELLIPSIS = "…"

TEXT_MAX = 4096
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
BUTTON_BODY_MAX = 1024
LIST_ROWS_MAX = 10
LIST_ROW_ID_MAX = 200
LIST_ROW_TITLE_MAX = 24
LIST_ROW_DESCRIPTION_MAX = 72
LIST_BUTTON_MAX = 20
LIST_BODY_MAX = 4096

# Business-scoped user ids look like `US.13491208655302741918` or `US.ENT.118157…`.
_BSUID = re.compile(r"[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+")


def fit(text: str, limit: int) -> str:
    """Shortens a label to `limit` characters, cutting at a word boundary with "…".

    Whitespace runs (newlines included) collapse to single spaces first: labels are
    one line on WhatsApp.

    Args:
        text: The label.
        limit: The maximum length of the result, "…" included.

    Returns:
        The label unchanged when it fits (after collapsing whitespace), else a prefix
        ending in "…" that is at most `limit` characters long.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    room = limit - 1
    # A space at index `room` still leaves `room` characters of whole words before it.
    cut = text.rfind(" ", 0, room + 1)
    # When the last space is early, a word-boundary cut would throw most of the label
    # away; a mid-word cut then keeps more of it.
    head = text[:cut] if cut >= room // 2 else text[:room]
    head = head.rstrip(" ,;:.-–—/(")
    return (head or text[:room]) + ELLIPSIS


def split_text(text: str, limit: int = TEXT_MAX) -> list[str]:
    """Splits text into messages of at most `limit` characters at clean boundaries.

    Prefers a paragraph break, then a line break, then a space; cuts mid-word only
    when a chunk has no boundary in its second half.

    Returns:
        The non-empty chunks, in order; empty for blank text.
    """
    text = text.strip()
    chunks: list[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            found = window.rfind(separator)
            # Boundaries in the first half would leave a stub message; try a finer one.
            if found >= limit // 2:
                cut = found
                break
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        chunks.append(text)
    return chunks


def numbered_lines(options: list[ReplyOption]) -> str:
    """The options as "1. title — description" lines, for buyers to answer by number."""
    lines = []
    for number, option in enumerate(options, start=1):
        line = f"{number}. {' '.join(option.title.split())}"
        if option.description:
            line += f" — {' '.join(option.description.split())}"
        lines.append(line)
    return "\n".join(lines)


def render_text(reply: Reply, body: str) -> str:
    """The reply as plain text: the body, then its options numbered.

    Used by the terminal chat, and on WhatsApp when options cannot be interactive.

    Args:
        reply: The structured reply (only its options are read here).
        body: The localized body text.

    Returns:
        The full text; options are listed whole, never shortened.
    """
    body = body.strip()
    if not reply.options:
        return body
    options = numbered_lines(reply.options)
    return f"{body}\n\n{options}" if body else options


def render_whatsapp(
    reply: Reply, body: str, to: str, *, list_button: str = "Ver opções"
) -> list[dict[str, Any]]:
    """Renders a reply as the Cloud API messages to send, in order.

    - No options: text, split over several messages past 4096 characters.
    - 1–3 options with short titles and no descriptions: reply buttons.
    - Up to 10 options: a one-section list (titles and descriptions fitted).
    - Otherwise (more options, a body too long, ids too long or repeated): numbered
      text, answered by number.

    Args:
        reply: The structured reply.
        body: The localized body text.
        to: The buyer's WhatsApp address: the phone (`wa_id`), or a BSUID.
        list_button: The label of the button that opens a list.

    Returns:
        Payloads for `POST /{phone_number_id}/messages`; empty when there is nothing
        to say (blank body and no options).
    """
    body = body.strip()
    options = reply.options
    if options and body and _ids_usable(options):
        if _fits_buttons(options, body):
            return [_envelope(to, "interactive", _buttons(options, body))]
        if len(options) <= LIST_ROWS_MAX and len(body) <= LIST_BODY_MAX:
            return [_envelope(to, "interactive", _list(options, body, list_button))]
    return [
        _envelope(to, "text", {"preview_url": False, "body": chunk})
        for chunk in split_text(render_text(reply, body))
    ]


def _ids_usable(options: list[ReplyOption]) -> bool:
    ids = [option.id for option in options]
    # A cut or duplicated id would make a tap ambiguous or unknown.
    return (
        all(ids)
        and len(set(ids)) == len(ids)
        and all(len(i) <= LIST_ROW_ID_MAX for i in ids)
        and all(option.title.strip() for option in options)
    )


def _fits_buttons(options: list[ReplyOption], body: str) -> bool:
    titles = [" ".join(option.title.split()) for option in options]
    return (
        len(options) <= BUTTONS_MAX
        and len(body) <= BUTTON_BODY_MAX
        and all(len(title) <= BUTTON_TITLE_MAX for title in titles)
        # WhatsApp rejects repeated button titles.
        and len(set(titles)) == len(titles)
        # Buttons cannot show a description; a list keeps it.
        and not any(option.description for option in options)
    )


def _buttons(options: list[ReplyOption], body: str) -> dict[str, Any]:
    return {
        "type": "button",
        "body": {"text": body},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": o.id, "title": fit(o.title, BUTTON_TITLE_MAX)}}
                for o in options
            ]
        },
    }


def _list(options: list[ReplyOption], body: str, list_button: str) -> dict[str, Any]:
    rows = []
    for option in options:
        row = {"id": option.id, "title": fit(option.title, LIST_ROW_TITLE_MAX)}
        if option.description and option.description.strip():
            row["description"] = fit(option.description, LIST_ROW_DESCRIPTION_MAX)
        rows.append(row)
    return {
        "type": "list",
        "body": {"text": body},
        # One section needs no title (Meta requires titles only with several sections).
        "action": {
            "button": fit(list_button, LIST_BUTTON_MAX) or "Ver opções",
            "sections": [{"rows": rows}],
        },
    }


def _envelope(to: str, msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
    # A buyer known only by BSUID (username adopted, phone withheld) is addressed with
    # `recipient` instead of `to`, per Meta's business-scoped user id changes.
    address_key = "recipient" if _BSUID.fullmatch(to) else "to"
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        address_key: to,
        "type": msg_type,
        msg_type: content,
    }
