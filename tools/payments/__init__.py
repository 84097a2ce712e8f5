"""Payments: one interface (`PaymentProvider`), several providers chosen by store configuration.

- `sandbox`: Balcão's own payment page at `/pay/{token}`; a person or a test picks the outcome.
- `pix`: a PIX "copia e cola" BR Code with the order total and a txid; a PSP webhook confirms.
- `stripe`: Stripe Checkout Sessions over its documented HTTP API.
- `mercadopago`: Mercado Pago Checkout Pro preferences over its documented HTTP API.

`registry.build_provider` picks one from the settings. Providers only talk to the outside
service and read its webhooks; the payments table (one row per attempt, unique idempotency key)
is what makes a payment link exist once per order.
"""

from tools.payments.base import (
    CreatedPayment,
    InvalidSignature,
    MalformedNotification,
    PaymentItem,
    PaymentNotification,
    PaymentProvider,
    PaymentProviderError,
    PaymentRequest,
    PaymentStatus,
)

__all__ = [
    "CreatedPayment",
    "InvalidSignature",
    "MalformedNotification",
    "PaymentItem",
    "PaymentNotification",
    "PaymentProvider",
    "PaymentProviderError",
    "PaymentRequest",
    "PaymentStatus",
]
