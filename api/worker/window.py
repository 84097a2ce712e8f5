"""WhatsApp's 24-hour customer-service window.

Free-form messages may only be sent within 24 hours of the buyer's last message; after that
only approved templates. Replies that must reach the buyer anyway (a payment confirmation, a
cart reminder) go out as the store's configured template; others are not sent at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.render.text import render_body
from balcao.messages import Reply
from balcao.money import format_money
from balcao.store_config import MessagingConfig

WINDOW = timedelta(hours=24)

ORDER_UPDATE_TEMPLATE = "pedido_atualizado"
"""The approved WhatsApp template for order notices outside the window: "Pedido {{1}}: {{2}}"
({{2}} is the notice's text, on one line)."""

ORDER_UPDATE_REPLIES = frozenset({"difference_link", "difference_paid", "difference_unpaid",
                                  "difference_pending"})
"""Replies about an order that go as the order-update template outside the window."""


def within_service_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    return last_inbound_at is not None and now - last_inbound_at < WINDOW


def template_messages(reply: Reply, config: MessagingConfig, to: str) -> list[dict[str, Any]]:
    """The template standing in for `reply` outside the window; empty when there is none."""
    if reply.template == "payment_confirmed":
        order = reply.fields["order"]
        return [_template(to, config.payment_confirmed_template, config.language_code,
                          [order["number"], format_money(order["total"], lang=reply.lang)])]
    if reply.template == "cart_reminder":
        return [_template(to, config.cart_reminder_template, config.language_code,
                          [str(reply.fields["items"]),
                           format_money(reply.fields["subtotal"], lang=reply.lang)])]
    if reply.template in ORDER_UPDATE_REPLIES:
        # Template parameters hold no line breaks: the reply's text on one line.
        return [_template(to, ORDER_UPDATE_TEMPLATE, config.language_code,
                          [str((reply.fields.get("order") or {}).get("number", "")),
                           " ".join(render_body(reply).split())])]
    return []


def _template(to: str, name: str, language: str, params: list[str]) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": language},
            "components": [{"type": "body",
                            "parameters": [{"type": "text", "text": p} for p in params]}],
        },
    }
