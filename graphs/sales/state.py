"""The sales graph's state: plain JSON only, bounded, with ids and small summaries.

Authoritative records (carts, orders, payments) live in their own tables; the state keeps
what the conversation needs to read the next message. The shape of each field is in
`state_types.py` (checkout's in `checkout_types.py`, an after-sale request's in
`aftersale_types.py`, a basket's in `basket_types.py`; `outcomes.py` for `outcome`).
"""

from __future__ import annotations

from typing import Annotated, Any

from typing_extensions import TypedDict

from graphs.sales.aftersale_types import AftersaleData
from graphs.sales.basket_types import BasketData, NeedData
from graphs.sales.checkout_types import CheckoutData
from graphs.sales.nlu.types import Lang
from graphs.sales.outcomes import Outcome
from graphs.sales.state_types import (
    Action,
    AwaitingPayment,
    CartSummary,
    ClassificationData,
    Handoff,
    ItemRequest,
    Message,
    OperatorNote,
    Pending,
    Persuasion,
    ReplyData,
    ReplyPartData,
    RestOfTurn,
    ShownItem,
    Signals,
    Suggestion,
)

MESSAGE_WINDOW = 20
"""How many recent messages the state keeps; older ones stay in the inbox/outbox tables."""


def keep_recent(existing: list[Message], new: list[Message]) -> list[Message]:
    """Appends new messages and keeps only the last `MESSAGE_WINDOW`."""
    return (list(existing or []) + list(new or []))[-MESSAGE_WINDOW:]


NOTES_KEPT = 5
"""How many hand-back notes the state keeps; all of them stay on the escalations."""


def keep_last_notes(existing: list[OperatorNote], new: list[OperatorNote]) -> list[OperatorNote]:
    """Appends hand-back notes and keeps only the last `NOTES_KEPT`."""
    return (list(existing or []) + list(new or []))[-NOTES_KEPT:]


class TurnInput(TypedDict):
    """What the worker hands the graph for one turn."""

    turn_id: str
    """Identifies the inbox messages this turn answers; a crashed turn resumes by it."""
    inbound: list[dict[str, Any]]
    """The turn's buyer messages (a burst merged into one turn), as `InboundMessage` dumps;
    read them through `graphs.sales.inbound`."""


class SalesUpdate(TypedDict, total=False):
    """The fields nodes write: what a node returns is a part of these."""

    messages: Annotated[list[Message], keep_recent]
    """Recent conversation window: `{"role": "buyer", "text"}` or `{"role": "bot",
    "template"}`."""
    lang: Lang
    """Reply language: "pt" or "en", from the buyer's latest message."""
    classification: ClassificationData
    """This turn's `Classification` (docs/spec/nlu.md) as a dict."""
    action: Action
    """What a tap or order message asks for, decoded without guessing (e.g. add a sku)."""
    shown: list[ShownItem]
    """The last list shown to the buyer: `{"sku", "name", "price"}`; ordinals resolve here."""
    listed: list[ShownItem]
    """The last list of several products shown, kept while other things are on screen
    ("o mais barato dos 3" after a question about one of them: resolve/earlier_list.py)."""
    pending_question: str | None
    """What the bot's last reply asked for (see `DialogueContext.pending_question`)."""
    pending: Pending
    """Details of the pending question, e.g. the product whose variant is being chosen."""
    cart: CartSummary
    """Summary of the open cart: `{"cart_id", "items", "subtotal", "skus"}` (subtotal as a
    string); `{}` when there is no cart."""
    outcome: Outcome
    """What this turn's action node did; `respond` turns it into a reply."""
    suggestions: list[Suggestion]
    """Products recommended this turn: `{"sku", "name", "price", "reason"}`."""
    requests: list[ItemRequest]
    needs: list[NeedData]
    """This turn's needs when the message lists several ("oculos, uma bolsa e protetor"),
    each with the products that fit it (see `graphs/sales/basket`); empty otherwise."""
    """The items this turn's message asks for (see `graphs/sales/resolve`); `cart` acts on
    them. Empty when the message names none."""
    basket: BasketData
    """The basket proposed last: `{"items": [...]}`; "pode colocar tudo" adds it."""
    reply: ReplyData
    """This turn's structured reply (`Reply` as a dict)."""
    reading: str
    """The part of the turn's text this pass through the graph answers, when the message
    carries two asks (see graphs/sales/two_asks.py); "" for the whole text."""
    rest: RestOfTurn | None
    """The ask still to answer this turn: `respond` sends the graph back to `classify`."""
    preface: list[ReplyPartData]
    """The answers already given this turn, worded before the last one."""
    checkout: CheckoutData
    """What checkout collected so far (see `checkout_flow`), or the order it placed."""
    persuasion: Persuasion
    """Selling memory: strategies `used`, `nudges`, `hesitations`, `coupon_offered`,
    `refused`, and this turn's `block` (see graphs/sales/persuasion/nodes.py)."""
    awaiting_payment: AwaitingPayment | None
    """`{"order_id", "payment_id"}` while the conversation waits for a payment."""
    signals: Signals
    """Trouble counters for the escalation criteria (see `graphs/sales/signals.py`)."""
    handoff: Handoff | None
    """`{"escalation_id", "reason"}` while a person has the conversation."""
    operator_notes: Annotated[list[OperatorNote], keep_last_notes]
    """Notes people left when handing back: `{"escalation_id", "notes", "next_step"}`."""
    aftersale: AftersaleData
    """An after-sale request being put together (cancel, change, return, exchange); `{}`
    when none (see graphs/sales/aftersale)."""


class SalesState(TurnInput, SalesUpdate, total=False):
    """Everything the graph carries between nodes and turns."""


class TurnOutput(TypedDict):
    """What a turn returns to the worker."""

    turn_id: str
    reply: ReplyData
    classification: ClassificationData
    """The turn's classification, so the worker can record its intent for reports."""
