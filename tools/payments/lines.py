"""The lines a hosted checkout page shows for an order."""

from __future__ import annotations

from decimal import Decimal

from tools.payments.base import PaymentRequest
from tools.payments.money import to_minor_units


def charge_lines(request: PaymentRequest) -> list[tuple[str, int, Decimal]]:
    """(name, quantity, unit price) lines whose sum is exactly `request.amount`.

    The order lines when they add up to the total; otherwise (shipping, discounts, odd
    centavos) a single line named after the description carries the total, because the total
    is what the buyer owes and providers refuse negative lines for discounts.
    """
    items = [(item.name, item.quantity, item.unit_price) for item in request.items]
    itemized = sum((quantity * price for _, quantity, price in items), Decimal("0"))
    if items and itemized == request.amount and all(
        _chargeable(quantity, price, request.currency) for _, quantity, price in items
    ):
        return items
    return [(request.description, 1, request.amount)]


def _chargeable(quantity: int, price: Decimal, currency: str) -> bool:
    try:
        to_minor_units(price, currency)
    except ValueError:
        return False
    return quantity > 0 and price > 0
