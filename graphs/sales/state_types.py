"""The shapes of the sales graph's state fields, all plain JSON.

Money is a decimal string ("1299.90"), never a `Decimal`; row ids are ints. Records a node
only passes on from a tool to the reply (an order's or a payment's summary) stay
`dict[str, Any]` and name the function that makes them. `outcomes.py` has the shape of
`outcome`, what a node did this turn.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, Required

from typing_extensions import TypedDict

from graphs.sales.nlu.types import Intent, Lang, Sentiment


class Message(TypedDict, total=False):
    """One entry of the recent conversation window."""

    role: Required[Literal["buyer", "bot"]]
    """Who spoke."""
    text: str
    """The buyer's words (buyer entries only)."""
    template: str
    """The template id of the bot's reply (bot entries only)."""


class ClassificationData(TypedDict, total=False):
    """A `Classification` dump (graphs/sales/nlu/types.py).

    `classify` sets every key; they are optional only so that a state without a
    classification yet reads as `{}`.
    """

    intent: Intent
    """The one intent of the turn."""
    confidence: float
    """How sure the classifier is, 0 to 1 (1 for a decoded tap or an event)."""
    entities: dict[str, Any]
    """Normalized entities: `product`, `quantity`, `size`, `color`, `ordinal`, `cep`, …"""
    sentiment: Sentiment
    """The buyer's mood in this message."""
    lang: Lang
    """The message's language."""


class PaymentEvent(TypedDict, total=False):
    """A payment result for the conversation (an `InboundMessage.payment`)."""

    order_id: Required[int]
    """The order the payment is for."""
    payment_id: int | None
    """The payment; None when an order expired before any payment was opened."""
    status: Required[str]
    """"paid", "failed" or "expired"; "owed" for a difference whose link is still to send."""
    difference: bool
    """The payment is of a price difference of a change (aftersale answers it)."""


class HandoffEvent(TypedDict, total=False):
    """A person handed the conversation back, or nobody came (an `InboundMessage.event`)."""

    escalation_id: Required[int]
    """The escalation that ended."""
    status: Required[str]
    """"returned" (a person handed back) or "timed_out" (nobody picked it up)."""
    notes: str | None
    """What the person noted for the bot (returned only)."""
    next_step: str
    """What the person asked the bot to offer first: "checkout", "cart", "browse", "none"."""


class OrderItemData(TypedDict):
    """One item of a cart sent from the WhatsApp catalog (an `OrderItem` dump)."""

    product_retailer_id: str
    """Our sku, as the catalog knows it."""
    quantity: int
    """Units the buyer put in the WhatsApp cart."""
    item_price: str | None
    """The price WhatsApp showed, as a string; only compared with ours."""
    currency: str | None
    """The currency WhatsApp showed."""


class Action(TypedDict, total=False):
    """What the turn asks for without guessing: a decoded tap, an order, an event, or why
    there is nothing to read (see `actions.decode` and `classify`)."""

    intent: Intent
    """The intent a tap or a WhatsApp order stands for."""
    sku: str
    """The product a tap adds, shows or removes."""
    query: str
    """The words of a tapped search (a category)."""
    remind: bool
    """A tap on "remind me later"."""
    ship: str
    """The shipping option tapped during checkout."""
    pay: str
    """The payment method tapped during checkout."""
    name: str
    """The buyer's name, tapped during checkout."""
    address: Literal["last", "new"]
    """Deliver to the last address, or to a new one."""
    confirm: int
    """A tap on "place order": the version of the summary that carried the button (0 for a
    button from before summaries had versions, which is never a yes)."""
    check_payment: bool
    """A tap on "check my payment again"."""
    coupon: str
    """A tap on "use the coupon" (the code offered)."""
    order_items: list[OrderItemData]
    """The items of a cart sent from the WhatsApp catalog."""
    payment: PaymentEvent
    """A payment result the turn carries."""
    handoff: HandoffEvent
    """A hand-back (or a pickup timeout) the turn carries."""
    silent: bool
    """Nothing to answer: only reactions or system notices."""
    withdrawn: bool
    """Words that only take back a request for a person (graphs/sales/withdrawal.py)."""
    unreadable: list[str]
    """Message kinds with no words to read (image, audio, …) and nothing else."""
    also_unreadable: list[str]
    """Message kinds with no words that came along with some text."""
    basket: bool
    """A tap on "add them all" under a basket."""
    aftersale: str
    """A tap on an after-sale option: "confirm:<version>", "order:<number>", "keep"."""


class ShownItem(TypedDict):
    """A product or variant in a list shown to the buyer (see `summaries.py`)."""

    sku: str
    """The sku a position in the list ("o segundo") picks."""
    name: str
    """The name shown."""
    price: str
    """The lowest price shown, as a string; "" when the list showed none (cart lines)."""
    in_stock: NotRequired[bool]
    """Whether it can be bought now (as the search's filters see it)."""
    price_max: NotRequired[str]
    """The highest variant price, when variants cost differently."""
    variant_skus: NotRequired[list[str]]
    """The variants a filtered search matched (at most five)."""
    attributes: NotRequired[dict[str, str]]
    """A variant's attributes, e.g. `{"tamanho": "42", "cor": "preto"}`."""


class Suggestion(ShownItem):
    """A product recommended this turn."""

    reason: str
    """Why: "related", "bought_together", "similar", "best_seller", …"""


class Pending(TypedDict, total=False):
    """Details of the question the bot's last reply asked."""

    product_sku: str
    """The product whose variant is being chosen; a "yes" or a position adds from it."""
    sku: str
    """An exact sku a "yes" adds (read by `cart`)."""
    quantity: int
    """The units a "yes" adds: all that is in stock, offered when fewer than asked were."""


class ItemRequest(TypedDict, total=False):
    """One item a buyer's message asks for, resolved against what was seen and the catalog
    (see `graphs/sales/resolve`); the cart acts on it."""

    said: str
    """The words of the message about this item (folded)."""
    sku: str
    """The product, or the variant, pointed at or named."""
    skus: list[str]
    """Several items pointed at at once ("os dois"), each as it is."""
    attributes: dict[str, str]
    """Option values named, as the catalog writes them: `{"tamanho": "38", "cor": "rosa"}`."""
    quantity: int
    """Units asked for, when a number was said."""
    candidates: list[ShownItem]
    """Several products fit the words equally: the ones to ask about."""
    context: bool
    """Only option words were said, about the product whose option is being chosen."""
    unseen: bool
    """Named by words, found in the catalog rather than among what was seen."""
    kind_named: bool
    """Unseen, and named by what it is ("a carteira de couro"), not only by a feature."""
    position: int
    """A position beyond the last list ("o 4" of three): nothing to add, said so."""


class CartSummary(TypedDict, total=False):
    """The open cart as the state keeps it (`Cart.summary()`); `{}` when there is none."""

    cart_id: int
    """The cart row."""
    items: int
    """Units in the cart."""
    subtotal: str
    """The cart's subtotal, as a string."""
    skus: list[str]
    """The skus of its lines, oldest first."""


class ReplyOptionData(TypedDict):
    """A `ReplyOption` dump (balcao/messages.py)."""

    id: str
    """The action id a tap sends back."""
    title: str
    """The words shown; "" when the renderer words it from `label`."""
    description: str | None
    """A second line, when the option has one."""
    label: str | None
    """The option's wording key in the locale templates (api/render/locales)."""
    fields: dict[str, Any]
    """Data the wording of `label` uses (a price, a count)."""


class ReplyPartData(TypedDict):
    """A `ReplyPart` dump: an earlier ask's answer in the same reply."""

    template: str
    fields: dict[str, Any]


class RestOfTurn(TypedDict):
    """The part of a turn's message still to answer ("e tem gift card tb?" after "quero
    1."), and the turn it belongs to, so it is never taken for the next turn's."""

    turn_id: str
    text: str


class ReplyData(TypedDict):
    """A `Reply` dump (balcao/messages.py): the turn's structured answer."""

    template: str
    """The template id the channel words, e.g. "search_results"."""
    fields: dict[str, Any]
    """What the template shows: the outcome's fields, plus a persuasion block."""
    options: list[ReplyOptionData]
    """What the buyer can tap or answer by number."""
    lang: Lang
    """The language the reply is worded in."""
    preface: NotRequired[list[ReplyPartData]]
    """The answers to the message's earlier asks, worded first."""


class BlockOption(TypedDict, total=False):
    """An option a strategy adds to the reply."""

    id: Required[str]
    """The action id, e.g. `show:<sku>` or `remind:later`."""
    title: str
    """The words shown (a product's name)."""
    label: str
    """The option's wording key in the locale templates, when it has no title."""


class PersuasionBlock(TypedDict):
    """This turn's strategy sentence, added to the reply by `respond`."""

    strategy: str
    """The strategy that wrote it, e.g. "anchoring"."""
    template: str
    """The sentence's template id, e.g. "persuasion_anchoring_pix_first"."""
    options: list[BlockOption]
    """Options the strategy offers."""
    fields: dict[str, Any]
    """The facts the sentence states (numbers only from the data)."""
    turn_id: str
    """The turn it belongs to; a block from an earlier turn is not shown."""
    variant: str | None
    """The buyer's variant, when an experiment tests the strategy."""
    tone: str
    """The store's tone: "casual" or "formal"."""


class Persuasion(TypedDict, total=False):
    """Selling memory across turns (see graphs/sales/persuasion/nodes.py)."""

    used: list[str]
    """Strategies used so far, in order."""
    nudges: int
    """How many strategy sentences were shown (capped by the store)."""
    hesitations: int
    """How many objections the buyer voiced."""
    coupon_offered: bool
    """The coupon was offered (it is offered once)."""
    refused: bool
    """The buyer refused a nudge or complained: no more persuasion."""
    block: PersuasionBlock
    """This turn's strategy sentence, when a strategy had data for one."""


class AwaitingPayment(TypedDict):
    """The payment the conversation waits for."""

    order_id: int
    """The order placed."""
    payment_id: int
    """Its open payment."""


class Signals(TypedDict, total=False):
    """Trouble counters for the escalation criteria (see `graphs/sales/signals.py`)."""

    negative_streak: int
    """Buyer turns in a row with a negative sentiment."""
    not_understood_streak: int
    """Buyer turns in a row answered with the fallback."""
    problems: dict[str, int]
    """How often each problem intent (complaint, order_status, …) was raised."""
    checkout_stall: int
    """Times in a row checkout had to ask the same question again."""
    last_question: str | None
    """The question pending before the last buyer turn."""
    unsettled: str | None
    """This turn's after-sale intent, counted until the reply shows it was answered."""


class Handoff(TypedDict):
    """The escalation a person has the conversation for."""

    escalation_id: int
    """The escalation row."""
    reason: str
    """Why it was escalated, e.g. "asked_for_human"."""


class OperatorNote(TypedDict):
    """A note a person left when handing the conversation back."""

    escalation_id: int | None
    """The escalation it closed (None when the event named none)."""
    notes: str
    """What the person wrote."""
    next_step: str
    """What the person asked the bot to offer first."""
