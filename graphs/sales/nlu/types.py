"""The `Classification` contract of docs/spec/nlu.md and the `Classifier` interface."""

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
    """What the bot's last message asked for; decides what a short reply means.

    - None: nothing pending; a bare "2" is read as a count (provide_info, quantity=2), or as
      a pick when `last_list_size` > 0.
    - "choose_product": a numbered product list was shown. "2", "o segundo", "a 3",
      "o ultimo", "esse" -> add_to_cart with `ordinal` (1-based, -1 for the last); a number
      beyond `last_list_size` -> other, with no ordinal.
    - "confirm_add": "add it to the cart?". "sim"/"s"/"pode"/"👍" -> affirm, "n"/"nao" ->
      deny; a bare "2" -> affirm with quantity=2.
    - "confirm_checkout": the cart summary was shown with "shall I close the order?".
      "sim" -> affirm, "nao" -> deny.
    - "quantity": "how many?". "2", "duas", "uma duzia" -> provide_info with `quantity`.
    - "size": "which size?". "M", "42" -> provide_info with `size`.
    - "cep", "email": a CEP / e-mail in a short reply -> provide_info with `cep` / `email`
      (8 bare digits count as a CEP; "ana arroba gmail ponto com" as an e-mail).
    - "name": a short alphabetic reply -> provide_info with `name` (as written).
    - "address": a short reply with a number or a street word -> provide_info with
      `address` (as written, plus `cep` when one is in it).
    Longer messages and questions are classified normally whatever is pending.
    """
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
