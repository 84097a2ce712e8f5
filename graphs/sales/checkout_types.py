"""The shapes of checkout's state: the address, shipping choices, discounts, the summary a yes
agrees to, and what checkout collected (see `checkout_flow`). Plain JSON; money as strings."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict


class Address(TypedDict):
    """A delivery address."""

    street: str
    """Street, number and unit, as the buyer wrote them."""
    cep: str
    """Eight digits."""
    uf: str
    """The state the CEP belongs to."""


class ShippingChoice(TypedDict):
    """A shipping quote (`ShippingQuote`), money as a string."""

    id: str
    """The option's id in the store's settings; `ship:<id>` taps it."""
    name: str
    """The option's name, e.g. "PAC"."""
    kind: str
    """"delivery" or "pickup" ("digital" stands for no shipping at all: digital goods)."""
    price: str
    """What it costs to this CEP for this cart ("0" is free)."""
    days: int
    """Business days to deliver (0: today)."""
    address: str | None
    """Where to pick up (pickup only)."""


class Discount(TypedDict):
    """A discount checkout applies to the goods' subtotal."""

    kind: Literal["coupon", "pix"]
    """The store's coupon, or the PIX discount."""
    code: str
    """The coupon's code ("" for PIX)."""
    percent: str
    """The percentage, as a string."""
    amount: str
    """What it takes off, as a string."""


class SummaryShown(TypedDict):
    """The last order summary shown: a yes (typed, or its button) counts only for it."""

    version: int
    """Counts the summaries of this checkout; the "place order" button carries it."""
    fingerprint: str
    """Digest of the lines, shipping, discounts, total, address and payment method it showed;
    "" once the order it agreed to was placed."""
    total: str
    """The total it showed."""


class CheckoutData(TypedDict, total=False):
    """What checkout collected so far (see `checkout_flow`), or the order it placed."""

    active: bool
    """Checkout has started (a "no" now stops it)."""
    asked_carrier: str
    """A carrier the buyer named that the store does not offer ("sedex?"), told once."""
    pickup_said: bool
    """The buyer said they will pick it up before checkout asked ("add it, I'll pick it up
    tomorrow"): checkout takes the store's pickup without asking for an address."""
    pickup_asked: bool
    """The buyer asked whether they can pick the cart up ("can i pick it up?") and was told:
    a bare yes when checkout asks for the CEP is the pickup, not a CEP misread."""
    closing_said: bool
    """The buyer closed the order while an item still waited for its option ("fecha. Ana Lima,
    cep …" with the size open): once it is added, checkout goes on with what they said."""
    name: str
    """The buyer's name for the order."""
    address_choice: Literal["new"]
    """The buyer wants another address than the last one."""
    cep: str
    """The delivery CEP, eight digits."""
    uf: str
    """The CEP's state."""
    street: str
    """Street, number and unit."""
    quotes: list[ShippingChoice]
    """The shipping options offered for the CEP."""
    shipping: ShippingChoice | None
    """The shipping option chosen (None after tapping one no longer offered)."""
    payment_method: str
    """The payment method's id in the store's settings."""
    coupon: str
    """The coupon code the buyer gave (checked against the store's when totals are made)."""
    summary: SummaryShown
    """The last summary shown; a "yes" places the order only while it still holds."""
    order_id: int
    """The order placed, waiting for its payment."""
