"""Refunds at the provider: the request every provider's `refund` takes and what it returns.

Each refund carries our idempotency key (derived from the business object: the order and the
transaction), sent as the provider's idempotency header (Stripe `Idempotency-Key`, Mercado
Pago `X-Idempotency-Key`) or as the devolução `id` of the API Pix, so a retry after a timeout
returns the same refund instead of a second one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

RefundStatus = Literal["done", "pending"]


@dataclass(frozen=True)
class RefundRequest:
    """Money to give back for one captured payment."""

    idempotency_key: str
    payment_ref: str
    """The provider's id of the captured payment: Stripe payment intent (or the Checkout
    Session that made it), Mercado Pago payment id, PIX endToEndId, sandbox reference."""
    amount: Decimal
    currency: str
    reason: str | None = None


@dataclass(frozen=True)
class RefundResult:
    """What the provider made: its refund id, and whether the money already went back."""

    refund_ref: str
    status: RefundStatus


class RefundProvider(Protocol):
    """A provider that can give money back."""

    name: str

    async def refund(self, request: RefundRequest) -> RefundResult:
        """Refunds `request.amount` of the payment, once per idempotency key.

        Raises:
            PaymentProviderError: refused (retryable False) or failed (retryable True).
        """
        ...


def short_id(key: str, length: int = 35) -> str:
    """A stable id of letters and digits for a key (API Pix devolução ids: [a-zA-Z0-9]{1,35})."""
    return hashlib.sha256(key.encode()).hexdigest()[:length]
