"""The `Classification` contract of shared/spec/nlu.md and the `Classifier` interface."""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

Intent = Literal[
    "greeting",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "browse_catalog",
    "search_product",
    "product_question",
    "add_to_cart",
    "remove_from_cart",
    "view_cart",
    "checkout",
    "payment_question",
    "shipping_question",
    "order_status",
    "cancel_order",
    "return_exchange",
    "complaint",
    "human_agent",
    "objection",
    "provide_info",
    "other",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]

Sentiment = Literal["negative", "neutral", "positive"]
Lang = Literal["pt", "en"]


class DialogueContext(BaseModel):
    """What the bot last asked or showed, so short replies ("2", "sim") can be resolved."""

    pending_question: str | None = None
    """What the bot's last message asked for, e.g. "confirm_add", "choose_product", "cep"."""
    last_list_size: int = 0
    """How many items the last list shown had (for ordinals such as "o último")."""
    last_lang: Lang | None = None
    """The language of the conversation so far, used when a message is too short to tell."""


class Classification(BaseModel):
    """One intent, normalized entities and a sentiment for one buyer message."""

    intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)
    entities: dict[str, Any] = Field(default_factory=dict)
    sentiment: Sentiment = "neutral"
    lang: Lang = "pt"


class Classifier(Protocol):
    """Turns a message into a `Classification`; the offline and LLM engines share this."""

    def classify(
        self, text: str, *, lang: Lang | None = None, context: DialogueContext | None = None
    ) -> Classification: ...
