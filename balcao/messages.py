"""Channel-neutral messages: what the graph receives and the structured reply it returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

InboundKind = Literal[
    "text",
    "button_reply",  # a tap on an interactive reply button
    "list_reply",  # a tap on an interactive list row
    "button",  # a tap on a template's quick-reply button
    "order",  # a cart sent from the WhatsApp catalog
    "location",
    "image",
    "audio",
    "video",
    "document",
    "sticker",
    "reaction",
    "contacts",
    "system",
    "unsupported",
    "payment",  # not from WhatsApp: a payment result for the conversation, from a provider
    "handoff",  # not from WhatsApp: a person handed the conversation back (or nobody came)
]


class Media(BaseModel):
    """A media attachment; its bytes stay at the provider until fetched by id."""

    id: str | None = None
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None
    voice: bool | None = None
    animated: bool | None = None


class Location(BaseModel):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None
    url: str | None = None


class OrderItem(BaseModel):
    product_retailer_id: str
    quantity: int
    item_price: str | None = None
    """The price WhatsApp showed, as a decimal string; never trusted, only compared."""
    currency: str | None = None


class Order(BaseModel):
    catalog_id: str | None = None
    text: str | None = None
    items: list[OrderItem] = Field(default_factory=list)


class Reaction(BaseModel):
    message_id: str | None = None
    emoji: str | None = None
    """Empty or None when the buyer removed a reaction."""


class InboundMessage(BaseModel):
    """One buyer message, normalized from any channel payload."""

    channel: str = "whatsapp"
    external_id: str
    """The provider's message id (WhatsApp `wamid`); unique per channel."""
    buyer_id: str
    """The buyer's address on the channel (WhatsApp `wa_id`); personal data."""
    buyer_name: str | None = None
    business_account_id: str | None = None
    """Which of our numbers received it (WhatsApp `phone_number_id`)."""
    sent_at: datetime | None = None
    kind: InboundKind
    text: str | None = None
    """What the buyer wrote: the body, a caption, or the title of what they tapped."""
    reply_id: str | None = None
    """The id of a tapped button or list row, as we set it when sending."""
    context_id: str | None = None
    """The id of the message this one replies to, when it quotes one."""
    media: Media | None = None
    location: Location | None = None
    order: Order | None = None
    reaction: Reaction | None = None
    contacts: list[dict[str, Any]] | None = None
    errors: list[dict[str, Any]] | None = None
    """Errors WhatsApp attached (e.g. an unsupported message type)."""
    payment: dict[str, Any] | None = None
    """For kind "payment": `{"order_id", "payment_id", "status"}`."""
    event: dict[str, Any] | None = None
    """For kind "handoff": `{"escalation_id", "status", "notes", "next_step"}`."""
    buyer_user_id: str | None = None
    """The buyer's business-scoped user id (WhatsApp BSUID `user_id`), when sent; personal data."""
    referred_product_id: str | None = None
    """The catalog product (`product_retailer_id`) the buyer asked about by quoting it."""
    flow_response_json: str | None = None
    """The raw `response_json` of a completed WhatsApp Flow, kept unparsed."""


class StatusUpdate(BaseModel):
    """A delivery status of one of our outbound messages."""

    channel: str = "whatsapp"
    external_id: str
    status: str
    recipient_id: str | None = None
    occurred_at: datetime | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)


class WebhookBatch(BaseModel):
    """Everything one webhook delivery carried."""

    messages: list[InboundMessage] = Field(default_factory=list)
    statuses: list[StatusUpdate] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    """Account-level errors delivered outside any message."""


class ReplyOption(BaseModel):
    """Something the buyer can tap or answer with its number."""

    id: str
    """Stable action id, e.g. `add:TEN-RUN-01` or `cart:view`; comes back in a tap."""
    title: str = ""
    """The words shown; when `label` is set, the renderer words it (and `description`)."""
    description: str | None = None
    label: str | None = None
    """Key of the option's wording in the locale templates (e.g. `view_cart`, `product`),
    for options the graph offers in words of its own; None when `title` says it all."""
    fields: dict[str, Any] = Field(default_factory=dict)
    """What the wording of `label` shows (a price, a count)."""


class ReplyPart(BaseModel):
    """An answer given before the reply's own in the same message: "quero 1. e tem gift card
    tb?" is answered "added" and then with the gift cards."""

    template: str
    fields: dict[str, Any] = Field(default_factory=dict)


class Reply(BaseModel):
    """The graph's structured answer; channels render it, text comes from locale templates."""

    template: str
    """Template id, e.g. `greeting`, `search_results`, `cart_summary`."""
    fields: dict[str, Any] = Field(default_factory=dict)
    options: list[ReplyOption] = Field(default_factory=list)
    lang: Literal["pt", "en"] = "pt"
    preface: list[ReplyPart] = Field(default_factory=list)
    """Answers to the message's earlier asks, worded before this one; the options are this
    one's (the last ask's)."""
