"""The sales graph's state: plain JSON only, bounded, with ids and small summaries.

Authoritative records (carts, orders, payments) live in their own tables; the state keeps
what the conversation needs to read the next message.
"""

from __future__ import annotations

from typing import Annotated, Any

from typing_extensions import TypedDict

MESSAGE_WINDOW = 20
"""How many recent messages the state keeps; older ones stay in the inbox/outbox tables."""


def keep_recent(existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Appends new messages and keeps only the last `MESSAGE_WINDOW`."""
    return (list(existing or []) + list(new or []))[-MESSAGE_WINDOW:]


NOTES_KEPT = 5
"""How many hand-back notes the state keeps; all of them stay on the escalations."""


def keep_last_notes(
    existing: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Appends hand-back notes and keeps only the last `NOTES_KEPT`."""
    return (list(existing or []) + list(new or []))[-NOTES_KEPT:]


class TurnInput(TypedDict):
    """What the worker hands the graph for one turn."""

    turn_id: str
    """Identifies the inbox messages this turn answers; a crashed turn resumes by it."""
    inbound: list[dict[str, Any]]
    """The turn's buyer messages (a burst merged into one turn), as `InboundMessage` dumps."""


class SalesState(TurnInput, total=False):
    """Everything the graph carries between nodes and turns."""

    messages: Annotated[list[dict[str, Any]], keep_recent]
    """Recent conversation window: `{"role": "buyer"|"bot", "text": str}`."""
    lang: str
    """Reply language: "pt" or "en", from the buyer's latest message."""
    classification: dict[str, Any]
    """This turn's `Classification` (shared/spec/nlu.md) as a dict."""
    action: dict[str, Any]
    """What a tap or order message asks for, decoded without guessing (e.g. add a sku)."""
    shown: list[dict[str, Any]]
    """The last list shown to the buyer: `{"sku", "name", "price"}`; ordinals resolve here."""
    pending_question: str | None
    """What the bot's last reply asked for (see `DialogueContext.pending_question`)."""
    pending: dict[str, Any]
    """Details of the pending question, e.g. the product whose variant is being chosen."""
    cart: dict[str, Any]
    """Summary of the open cart: `{"cart_id", "items", "subtotal"}` (subtotal as a string)."""
    outcome: dict[str, Any]
    """What this turn's action node did; `respond` turns it into a reply."""
    suggestions: list[dict[str, Any]]
    """Products recommended this turn: `{"sku", "name", "price"}`."""
    reply: dict[str, Any]
    """This turn's structured reply (`Reply` as a dict)."""
    checkout: dict[str, Any]
    """What checkout collected so far (see `checkout_flow`), or the order it placed."""
    persuasion: dict[str, Any]
    """Selling memory: strategies `used`, `nudges`, `hesitations`, `coupon_offered`,
    `refused`, and this turn's `block` (see graphs/sales/persuasion/nodes.py)."""
    awaiting_payment: dict[str, Any] | None
    """`{"order_id", "payment_id"}` while the conversation waits for a payment."""
    signals: dict[str, Any]
    """Trouble counters for the escalation criteria (see `graphs/sales/signals.py`)."""
    handoff: dict[str, Any] | None
    """`{"escalation_id", "reason"}` while a person has the conversation."""
    operator_notes: Annotated[list[dict[str, Any]], keep_last_notes]
    """Notes people left when handing back: `{"escalation_id", "notes", "next_step"}`."""


class TurnOutput(TypedDict):
    """What a turn returns to the worker."""

    turn_id: str
    reply: dict[str, Any]
    classification: dict[str, Any]
    """The turn's classification, so the worker can record its intent for reports."""
