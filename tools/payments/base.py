"""The payment interface every provider implements, and the records it passes around."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal, Protocol

PaymentStatus = Literal["paid", "failed", "expired", "pending"]


@dataclass(frozen=True)
class PaymentItem:
    """One order line as the buyer sees it on the provider's page."""

    name: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class PaymentRequest:
    """Everything a provider needs to create one payment attempt for an order."""

    token: str
    """Our unguessable payment token; also our reference at the provider."""
    idempotency_key: str
    """Stable per payment attempt; sent as the provider's idempotency header."""
    order_number: str
    amount: Decimal
    """The order total: what the buyer pays, whatever the lines add up to."""
    currency: str
    """ISO 4217, "BRL"."""
    description: str
    """E.g. "Pedido 1001 - Loja X"."""
    items: list[PaymentItem]
    buyer_name: str | None
    buyer_email: str | None
    expires_at: datetime
    """Aware datetime after which the link is no longer offered."""
    return_url: str
    """Where the buyer lands after paying (PUBLIC_BASE_URL/pay/{token})."""
    notification_url: str
    """PUBLIC_BASE_URL/webhooks/payments/{provider}."""


@dataclass(frozen=True)
class CreatedPayment:
    """What a provider made for a request."""

    provider_ref: str | None
    """The provider's id: Stripe session id, Mercado Pago preference id, PIX txid."""
    link_url: str | None
    """Where the buyer pays (None for PIX)."""
    pix_code: str | None
    """BR Code "copia e cola" (PIX only)."""


@dataclass(frozen=True)
class PaymentNotification:
    """One fact a provider's webhook told us about one payment."""

    event_id: str
    """Unique per provider event: the dedup key for `payment_events`."""
    token: str | None
    """Our token, when the event carries it."""
    provider_ref: str | None
    status: PaymentStatus
    amount: Decimal | None
    """What the provider says was paid, exactly; the caller compares it with the payment."""
    currency: str | None = None
    """The currency of `amount` (ISO 4217), when the provider says; compared with the
    payment's before anything is settled."""
    transfer: bool = False
    """True when each event is a separate movement of money (a PIX `endToEndId`): one on a
    payment already settled is money to give back, not a repeat."""


class InvalidSignature(Exception):
    """The webhook is not signed by whom it claims (answer 401, store nothing)."""


class MalformedNotification(Exception):
    """The webhook is signed but its content cannot be read (answer 400)."""


class PaymentProviderError(Exception):
    """The provider refused or failed a call.

    Attributes:
        retryable: True for rate limits, 5xx, timeouts and lost connections (try again
            later with the same idempotency key); False when a retry would fail the same way.
        status: The HTTP status, when a response arrived.

    The message is log-safe: status, provider error type and code, never keys or buyer data.
    """

    def __init__(self, message: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class PaymentProvider(Protocol):
    """A way to take payment: creates payment links or codes and reads the provider's webhooks."""

    name: str

    async def create(self, request: PaymentRequest) -> CreatedPayment:
        """Creates the payment at the provider, idempotently for `request.idempotency_key`.

        Raises:
            PaymentProviderError: When the provider refused or could not be reached.
        """
        ...

    async def notification(
        self,
        headers: Mapping[str, str],
        body: bytes,
        query: Mapping[str, str] | None = None,
    ) -> list[PaymentNotification]:
        """Verifies a webhook's signature and returns what it says.

        Args:
            headers: The request headers (any case).
            body: The raw request body, exactly as received.
            query: The request's query parameters (Mercado Pago signs `data.id` from it).

        Returns:
            One notification per payment fact; empty for events we ignore. A PIX webhook
            may carry several payments at once, hence a list for every provider.

        Raises:
            InvalidSignature: When the signature is missing, wrong or stale.
            MalformedNotification: When a signed body cannot be read.
            PaymentProviderError: When confirming the event needs the provider's API and
                that call failed (answer 5xx so the provider retries).
        """
        ...


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value whatever the case of its name (plain dicts are case-sensitive)."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    for key, candidate in headers.items():
        if key.lower() == wanted:
            return candidate
    return None
