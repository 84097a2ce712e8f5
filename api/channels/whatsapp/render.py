"""A `Reply` and its localized body into WhatsApp Cloud API send payloads.

Taps come back as `reply_id`, so option ids are sent exactly as given and never cut;
when an id cannot fit, the reply falls back to numbered text the buyer answers by number.

Products are shown the richest way the reply allows: with a WhatsApp catalog configured, a
single product as a product message and several as a multi-product message (our sku is the
catalog's `product_retailer_id`); without one, a product's detail as its image with a caption
(name, price, the variants in stock) followed by its options.
"""

from __future__ import annotations

import re
from typing import Any

from api.channels.whatsapp.text import (
    fit,
    fit_text,
    render_text,
    split_text,
)
from balcao.messages import Reply, ReplyOption

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
CAPTION_MAX = 1024
PRODUCT_BODY_MAX = 1024
PRODUCT_LIST_HEADER_MAX = 60
PRODUCT_LIST_SECTIONS_MAX = 10
PRODUCT_LIST_ITEMS_MAX = 30
SECTION_TITLE_MAX = 24
RETAILER_ID_MAX = 100

# The few words the renderer itself adds (the rest comes from the locale templates).
_PHRASES = {
    "pt": {"choose": "Escolha uma opção:", "available": "Disponível", "results": "Produtos",
           "sold_out": "esgotado"},
    "en": {"choose": "Choose an option:", "available": "Available", "results": "Products",
           "sold_out": "sold out"},
}

# Business-scoped user ids look like `US.13491208655302741918` or `US.ENT.118157…`.
_BSUID = re.compile(r"[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+")


def render_whatsapp(
    reply: Reply,
    body: str,
    to: str,
    *,
    list_button: str = "Ver opções",
    catalog_id: str | None = None,
) -> list[dict[str, Any]]:
    """Renders a reply as the Cloud API messages to send, in order.

    - Search results with a catalog: one multi-product message (up to 30 products).
    - A product's detail: with a catalog, a product message; else, with an image, the image
      with a caption (name, price, variants in stock); then its options as below.
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
        catalog_id: The WhatsApp catalog whose items carry our skus, or None.

    Returns:
        Payloads for `POST /{phone_number_id}/messages`; empty when there is nothing
        to say (blank body and no options).
    """
    body = body.strip()
    if reply.template == "search_results" and catalog_id:
        product_list = _product_list(reply, body, catalog_id)
        if product_list is not None:
            return [_envelope(to, "interactive", product_list)]
    if reply.template == "product_detail":
        shown = _product_card(reply, body, to, catalog_id)
        if shown:
            # The card carries the words; the options follow under a short prompt.
            rest = (
                _interactive_or_text(reply, _phrase(reply, "choose"), to, list_button)
                if reply.options
                else []
            )
            return shown + rest
    return _interactive_or_text(reply, body, to, list_button)


def _interactive_or_text(
    reply: Reply, body: str, to: str, list_button: str
) -> list[dict[str, Any]]:
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


def _product_card(
    reply: Reply, body: str, to: str, catalog_id: str | None
) -> list[dict[str, Any]]:
    """A product's detail as a catalog product message or as its image; [] when neither fits."""
    product = reply.fields.get("product") or {}
    sku = product.get("sku")
    if catalog_id and isinstance(sku, str) and 0 < len(sku) <= RETAILER_ID_MAX:
        content: dict[str, Any] = {
            "type": "product",
            "action": {"catalog_id": catalog_id, "product_retailer_id": sku},
        }
        if body:
            content["body"] = {"text": fit_text(body, PRODUCT_BODY_MAX)}
        return [_envelope(to, "interactive", content)]
    image = product.get("image_url")
    if not isinstance(image, str) or not image.startswith(("https://", "http://")):
        return []
    caption = body
    labels = [
        " / ".join(str(v) for v in (variant.get("attributes") or {}).values())
        for variant in reply.fields.get("variants") or []
    ]
    labels = [label for label in labels if label]
    if labels:
        caption += f"\n\n{_phrase(reply, 'available')}: " + ", ".join(labels)
    return [_envelope(to, "image", {"link": image, "caption": fit_text(caption, CAPTION_MAX)})]


def _product_list(reply: Reply, body: str, catalog_id: str) -> dict[str, Any] | None:
    """Search results as one multi-product message, or None when they cannot be one."""
    items = reply.fields.get("items") or []
    skus = [item.get("sku") for item in items]
    if (
        not body
        or len(skus) < 2
        or len(skus) > PRODUCT_LIST_ITEMS_MAX
        or not all(isinstance(s, str) and 0 < len(s) <= RETAILER_ID_MAX for s in skus)
        or len(set(skus)) != len(skus)
    ):
        return None
    sections = [
        {
            "title": fit(_phrase(reply, "results"), SECTION_TITLE_MAX),
            "product_items": [{"product_retailer_id": sku} for sku in skus],
        }
    ]
    query = str(reply.fields.get("query") or "").strip()
    header = fit(query or _phrase(reply, "results"), PRODUCT_LIST_HEADER_MAX)
    return {
        "type": "product_list",
        "header": {"type": "text", "text": header},
        "body": {"text": fit_text(body, PRODUCT_BODY_MAX)},
        "action": {"catalog_id": catalog_id, "sections": sections},
    }


def _phrase(reply: Reply, key: str) -> str:
    return _PHRASES.get(reply.lang, _PHRASES["pt"])[key]


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


def plain_text_payload(to: str, text: str) -> dict[str, Any]:
    """A text message written by a person (an operator's reply), sent as typed."""
    return _envelope(to, "text", {"preview_url": False, "body": text})


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
