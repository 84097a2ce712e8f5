"""Stripe Checkout Sessions over Stripe's documented HTTP API (no SDK).

Create: `POST /v1/checkout/sessions`, form-encoded, `Authorization: Bearer <secret key>`,
`Idempotency-Key: <our key>`. Amounts go as integer minor units (R$ 1299.90 -> 129990).
Stripe accepts `expires_at` only 30 minutes to 24 hours ahead.

Webhook: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]`, where v1 is HMAC-SHA256 of
"{t}.{raw body}" under the endpoint's signing secret; timestamps older than the tolerance
(300 s, Stripe's default) are refused so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from balcao.clock import Clock, SystemClock
from balcao.pii import scrub
from tools.payments._http import error_for, json_body, send
from tools.payments.base import (
    CreatedPayment,
    InvalidSignature,
    MalformedNotification,
    PaymentNotification,
    PaymentProviderError,
    PaymentRequest,
    PaymentStatus,
    header,
)
from tools.payments.lines import charge_lines
from tools.payments.money import from_minor_units, json_loads, to_minor_units
from tools.payments.refund_calls import stripe_refund
from tools.payments.refunds import RefundRequest, RefundResult

DEFAULT_BASE_URL = "https://api.stripe.com"
SIGNATURE_HEADER = "Stripe-Signature"
DEFAULT_TOLERANCE_SECONDS = 300
MIN_EXPIRY = timedelta(minutes=30)
MAX_EXPIRY = timedelta(hours=24)

_EVENT_STATUS: dict[str, PaymentStatus] = {
    "checkout.session.async_payment_succeeded": "paid",
    "checkout.session.async_payment_failed": "failed",
    "checkout.session.expired": "expired",
}


class StripeProvider:
    """Stripe Checkout: a hosted payment page per order."""

    name = "stripe"

    def __init__(
        self,
        api_key: str,
        webhook_secret: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        http: httpx.AsyncClient,
        clock: Clock | None = None,
        tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    ) -> None:
        """Binds the provider to one Stripe account.

        Args:
            api_key: Secret (or restricted) key, `sk_...` / `rk_...`.
            webhook_secret: The webhook endpoint's signing secret, `whsec_...`.
            base_url: `https://api.stripe.com`, or a fake's URL in tests.
            http: A shared client; its timeouts apply.
            clock: Time for `expires_at` checks and webhook timestamp tolerance.
            tolerance_seconds: Oldest webhook timestamp accepted.
        """
        if not api_key or not webhook_secret:
            raise ValueError("Stripe needs an API key and a webhook secret")
        self._base = base_url.rstrip("/")
        self._url = self._base + "/v1/checkout/sessions"
        self._auth = {"Authorization": f"Bearer {api_key}"}
        self._secret = webhook_secret
        self._http = http
        self._clock = clock or SystemClock()
        self._tolerance = tolerance_seconds

    async def create(self, request: PaymentRequest) -> CreatedPayment:
        """Creates a Checkout Session; the same idempotency key returns the same session.

        Raises:
            PaymentProviderError: When Stripe refuses (non-retryable, e.g. bad params or an
                `expires_at` outside 30 min to 24 h from now) or fails (retryable).
        """
        ahead = request.expires_at - self._clock.now()
        if not MIN_EXPIRY <= ahead <= MAX_EXPIRY:
            raise PaymentProviderError(
                "stripe: expires_at must be 30 minutes to 24 hours from now", retryable=False
            )
        form = checkout_session_form(request)
        headers = {**self._auth, "Idempotency-Key": request.idempotency_key}
        response = await send(self._http, "stripe", "POST", self._url, data=form, headers=headers)
        body = json_body(response)
        if not response.is_success:
            raise error_for("stripe", response, _error_detail(response.status_code, body))
        session_id = body.get("id") if isinstance(body, dict) else None
        url = body.get("url") if isinstance(body, dict) else None
        if not isinstance(session_id, str) or not isinstance(url, str):
            raise PaymentProviderError(
                "stripe: session without id or url", retryable=False, status=response.status_code
            )
        return CreatedPayment(provider_ref=session_id, link_url=url, pix_code=None)

    async def refund(self, request: RefundRequest) -> RefundResult:
        """Refunds the payment behind a session or intent (`POST /v1/refunds`), once per key."""
        return await stripe_refund(self._http, self._base, self._auth, request)

    async def notification(
        self,
        headers: Mapping[str, str],
        body: bytes,
        query: Mapping[str, str] | None = None,
    ) -> list[PaymentNotification]:
        """Verifies `Stripe-Signature` and maps Checkout Session events.

        `checkout.session.completed` is "paid" when `payment_status` is paid (card) and
        "pending" when it is unpaid (a delayed method such as boleto, settled later by
        `async_payment_succeeded` / `_failed`); `expired` is "expired"; other events are
        ignored. `event_id` is the Stripe event id.
        """
        verify_signature(
            body, header(headers, SIGNATURE_HEADER), self._secret,
            now=int(self._clock.now().timestamp()), tolerance=self._tolerance,
        )
        try:
            event = json_loads(body)
        except ValueError:
            raise MalformedNotification("stripe: body is not JSON") from None
        if not isinstance(event, dict) or not isinstance(event.get("id"), str):
            raise MalformedNotification("stripe: event without id")
        data = event.get("data")
        session = data.get("object") if isinstance(data, dict) else None
        if not isinstance(session, dict):
            raise MalformedNotification("stripe: event without data.object")
        status = _status_for(event.get("type"), session)
        if status is None:
            return []
        return [
            PaymentNotification(
                event_id=event["id"],
                token=_token_of(session),
                provider_ref=session.get("id") if isinstance(session.get("id"), str) else None,
                status=status,
                amount=_amount_of(session),
                currency=session["currency"].upper()
                if isinstance(session.get("currency"), str) else None,
            )
        ]


def checkout_session_form(request: PaymentRequest) -> dict[str, str]:
    """The form fields for `POST /v1/checkout/sessions`.

    Deterministic for a request (Stripe refuses a reused idempotency key with different
    parameters). The order lines are itemized when they add up to the total; otherwise
    (shipping, discounts) one line carries the total, since the total is what is owed.
    """
    currency = request.currency.lower()
    form: dict[str, str] = {
        "mode": "payment",
        "client_reference_id": request.token,
        "metadata[token]": request.token,
        "metadata[order_number]": request.order_number,
        "success_url": request.return_url,
        "cancel_url": request.return_url,
        "expires_at": str(int(request.expires_at.timestamp())),
    }
    if request.buyer_email:
        form["customer_email"] = request.buyer_email
    for index, (name, quantity, unit_price) in enumerate(charge_lines(request)):
        prefix = f"line_items[{index}]"
        form[f"{prefix}[quantity]"] = str(quantity)
        form[f"{prefix}[price_data][currency]"] = currency
        form[f"{prefix}[price_data][unit_amount]"] = str(to_minor_units(unit_price, currency))
        form[f"{prefix}[price_data][product_data][name]"] = name
    return form


def verify_signature(
    body: bytes, header_value: str | None, secret: str, *, now: int, tolerance: int
) -> int:
    """Checks a `Stripe-Signature` header the way Stripe's libraries do.

    Args:
        body: The raw request body.
        header_value: `t=<unix>,v1=<hex>[,v1=<hex>...]` (other schemes are ignored).
        secret: The endpoint's signing secret.
        now: Current Unix time.
        tolerance: Oldest accepted timestamp, in seconds before `now`.

    Returns:
        The signed timestamp.

    Raises:
        InvalidSignature: When the header is missing or malformed, no v1 matches, or the
            timestamp is older than the tolerance.
    """
    if not header_value:
        raise InvalidSignature("stripe: no Stripe-Signature header")
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header_value.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            candidates.append(value.strip().lower())
    if timestamp is None or not candidates:
        raise InvalidSignature("stripe: signature header lacks t or v1")
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    # Several v1 values appear while a secret is being rolled; any one may match.
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise InvalidSignature("stripe: no v1 signature matches")
    if timestamp < now - tolerance:
        raise InvalidSignature("stripe: signature timestamp outside the tolerance")
    return timestamp


def sign_payload(body: bytes, secret: str, timestamp: int) -> str:
    """A `Stripe-Signature` value as Stripe would send it; for fakes and tests."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _status_for(event_type: Any, session: dict[str, Any]) -> PaymentStatus | None:
    if event_type == "checkout.session.completed":
        paid = session.get("payment_status") in ("paid", "no_payment_required")
        return "paid" if paid else "pending"
    return _EVENT_STATUS.get(event_type) if isinstance(event_type, str) else None


def _token_of(session: dict[str, Any]) -> str | None:
    reference = session.get("client_reference_id")
    if isinstance(reference, str) and reference:
        return reference
    metadata = session.get("metadata")
    token = metadata.get("token") if isinstance(metadata, dict) else None
    return token if isinstance(token, str) and token else None


def _amount_of(session: dict[str, Any]) -> Decimal | None:
    total, currency = session.get("amount_total"), session.get("currency")
    if isinstance(total, bool) or not isinstance(total, int) or not isinstance(currency, str):
        return None
    try:
        return from_minor_units(total, currency)
    except ValueError:
        return None


def _error_detail(status: int, body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return ""
    parts = [str(error[k]) for k in ("type", "code", "param") if isinstance(error.get(k), str)]
    message = error.get("message")
    # A 401 message quotes part of the key; other messages may quote buyer input (scrubbed).
    if status != 401 and isinstance(message, str):
        parts.append(scrub(message))
    return ", ".join(parts)
