"""The shape of an after-sale request in graph state (see graphs/sales/aftersale)."""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import TypedDict

from graphs.sales.checkout_types import Address, ShippingChoice

AftersaleTask = Literal["cancel", "change_address", "change_variant", "return", "exchange",
                        "pay_difference"]
"""What the buyer asked to do with an order they already placed."""


class AftersaleData(TypedDict, total=False):
    """An after-sale request being put together: which order, what, and the yes it waits for
    (see graphs/sales/aftersale)."""

    task: AftersaleTask
    """What the buyer asked for."""
    number: str
    """The order it is about (its number), once known."""
    choices: list[str]
    """The order numbers offered to pick from ("o primeiro", "o 1002")."""
    items: list[str]
    """Skus of the order's lines it touches (one entry per unit), once known."""
    new_items: list[str]
    """The variants that replace `items`, position by position (change_variant, exchange)."""
    address: Address
    """The new delivery address (change_address)."""
    shipping: ShippingChoice
    """The order's shipping option quoted for the new address (change_address)."""
    wanted: dict[str, str]
    """The size or colour asked for (change_variant, exchange): `{"size": "G"}`."""
    version: int
    """Counts the confirmations shown; the "yes" button carries it."""
    confirming: str
    """Digest of what the last confirmation showed; a yes counts only while it holds."""
    summary: dict[str, Any]
    """The fields of that confirmation: what a turn run again after the change was made
    (the order no longer gives the same digest) tells again."""
