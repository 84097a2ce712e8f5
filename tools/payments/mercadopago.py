"""Mercado Pago Checkout Pro preferences over Mercado Pago's documented HTTP API (no SDK).

Create: `POST /checkout/preferences` (JSON, `Authorization: Bearer <access token>`,
`X-Idempotency-Key: <our key>`); the buyer pays at the preference's `init_point`. Prices are
JSON numbers written from Decimal exactly ("199.90", never through a float).

Webhook: `x-signature: ts=<ts>,v1=<hex>` where v1 is HMAC-SHA256 (hex) under the
application's secret of the manifest `id:{data.id};request-id:{x-request-id};ts:{ts};`.
`data.id` comes from the notification URL's query string (falling back to the body), in
lowercase when alphanumeric; a part whose value is absent is left out of the manifest, as
Mercado Pago's documentation says. The notification only names a payment: its state is read
with `GET /v1/payments/{id}`, so a replayed notification can only repeat the truth.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

from tools.payments._http import error_for, send
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
from tools.payments.money import json_dumps, json_loads, parse_decimal
from tools.payments.refund_calls import mercadopago_refund
from tools.payments.refunds import RefundRequest, RefundResult

DEFAULT_BASE_URL = "https://api.mercadopago.com"
SIGNATURE_HEADER = "x-signature"
REQUEST_ID_HEADER = "x-request-id"

# Payment statuses Mercado Pago documents; approved is money in, rejected/cancelled are a
# failed attempt (the buyer may still try again on the same preference).
_STATUS: dict[str, PaymentStatus] = {
    "approved": "paid",
    "rejected": "failed",
    "cancelled": "failed",
    "pending": "pending",
    "authorized": "pending",
    "in_process": "pending",
    "in_mediation": "pending",
}
# Refunds and chargebacks happen after "paid"; they are not a payment outcome this interface
# models, so they are ignored rather than reported as "pending".
_IGNORED = frozenset({"refunded", "charged_back"})


class MercadoPagoProvider:
    """Mercado Pago Checkout Pro: a hosted payment page per order."""

    name = "mercadopago"

    def __init__(
        self,
        access_token: str,
        webhook_secret: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        http: httpx.AsyncClient,
    ) -> None:
        """Binds the provider to one Mercado Pago application.

        Args:
            access_token: The application's access token (`APP_USR-...` / `TEST-...`).
            webhook_secret: The secret signing this application's webhooks.
            base_url: `https://api.mercadopago.com`, or a fake's URL in tests.
            http: A shared client; its timeouts apply.
        """
        if not access_token or not webhook_secret:
            raise ValueError("Mercado Pago needs an access token and a webhook secret")
        self._base = base_url.rstrip("/")
        self._auth = {"Authorization": f"Bearer {access_token}"}
        self._secret = webhook_secret
        self._http = http

    async def create(self, request: PaymentRequest) -> CreatedPayment:
        """Creates a preference; the same idempotency key returns the same preference.

        Raises:
            PaymentProviderError: When Mercado Pago refuses (non-retryable) or fails
                (retryable).
        """
        headers = {
            **self._auth,
            "X-Idempotency-Key": request.idempotency_key,
            "Content-Type": "application/json",
        }
        response = await send(
            self._http, "mercadopago", "POST", f"{self._base}/checkout/preferences",
            content=json_dumps(preference_body(request)), headers=headers,
        )
        body = _json(response)
        if not response.is_success:
            raise error_for("mercadopago", response, _error_detail(body))
        preference_id = body.get("id") if isinstance(body, dict) else None
        link = body.get("init_point") if isinstance(body, dict) else None
        if not isinstance(preference_id, str) or not isinstance(link, str):
            raise PaymentProviderError(
                "mercadopago: preference without id or init_point",
                retryable=False, status=response.status_code,
            )
        return CreatedPayment(provider_ref=preference_id, link_url=link, pix_code=None)

    async def refund(self, request: RefundRequest) -> RefundResult:
        """Refunds a payment (`POST /v1/payments/{id}/refunds`), once per key."""
        return await mercadopago_refund(self._http, self._base, self._auth, request)

    async def notification(
        self,
        headers: Mapping[str, str],
        body: bytes,
        query: Mapping[str, str] | None = None,
    ) -> list[PaymentNotification]:
        """Verifies `x-signature`, then reads the named payment from the API.

        Returns:
            For a `payment` notification, one notification with `event_id`
            "{payment id}:{status}" (a state seen twice is one event), `token` from
            `external_reference`, `provider_ref` None (the payment id is not the preference
            id `create` returned) and `amount` = `transaction_amount`. Other topics, unknown
            payments (404) and refunds give an empty list.

        Raises:
            InvalidSignature: Bad, missing or unsigned notification.
            MalformedNotification: A signed body that cannot be read.
            PaymentProviderError: The payment could not be read (answer 5xx: MP retries).
        """
        query = query or {}
        try:
            payload = json_loads(body) if body.strip() else {}
        except ValueError:
            payload = None
        data = payload.get("data") if isinstance(payload, dict) else None
        body_id = data.get("id") if isinstance(data, dict) else None
        data_id = query.get("data.id") or (str(body_id) if body_id is not None else None)
        verify_signature(
            self._secret,
            header(headers, SIGNATURE_HEADER),
            data_id=data_id,
            request_id=header(headers, REQUEST_ID_HEADER),
        )
        if not isinstance(payload, dict):
            raise MalformedNotification("mercadopago: body is not a JSON object")
        topic = payload.get("type") or query.get("type") or query.get("topic")
        if topic != "payment":
            return []
        if not data_id:
            raise MalformedNotification("mercadopago: payment notification without data.id")
        payment = await self._payment(data_id)
        if payment is None:
            return []
        return _notification_for(payment)

    async def _payment(self, payment_id: str) -> dict[str, Any] | None:
        url = f"{self._base}/v1/payments/{quote(payment_id, safe='')}"
        response = await send(self._http, "mercadopago", "GET", url, headers=self._auth)
        if response.status_code == 404:
            # E.g. the dashboard's "simulate notification" with a made-up id: nothing to do.
            return None
        body = _json(response)
        if not response.is_success:
            raise error_for("mercadopago", response, _error_detail(body))
        if not isinstance(body, dict):
            raise PaymentProviderError(
                "mercadopago: payment is not a JSON object", retryable=True,
                status=response.status_code,
            )
        return body


def preference_body(request: PaymentRequest) -> dict[str, Any]:
    """The JSON body for `POST /checkout/preferences` (Decimals stay Decimals).

    Lines are itemized when they add up to the order total; otherwise one line carries the
    total (shipping and discounts are in it), since the total is what is owed.
    """
    back = request.return_url
    body: dict[str, Any] = {
        "items": [
            {"title": name, "quantity": quantity, "unit_price": price,
             "currency_id": request.currency.upper()}
            for name, quantity, price in charge_lines(request)
        ],
        "external_reference": request.token,
        "metadata": {"token": request.token, "order_number": request.order_number},
        "notification_url": request.notification_url,
        "back_urls": {"success": back, "pending": back, "failure": back},
        "auto_return": "approved",
        "expires": True,
        "expiration_date_to": request.expires_at.astimezone(UTC).isoformat(
            timespec="milliseconds"
        ),
    }
    payer = {}
    if request.buyer_name:
        payer["name"] = request.buyer_name
    if request.buyer_email:
        payer["email"] = request.buyer_email
    if payer:
        body["payer"] = payer
    return body


def manifest(data_id: str | None, request_id: str | None, ts: str) -> str:
    """The signed text: `id:{data.id};request-id:{x-request-id};ts:{ts};`, absent parts left
    out, alphanumeric ids in lowercase."""
    parts = []
    if data_id:
        parts.append(f"id:{data_id.lower() if data_id.isalnum() else data_id};")
    if request_id:
        parts.append(f"request-id:{request_id};")
    parts.append(f"ts:{ts};")
    return "".join(parts)


def sign(secret: str, *, data_id: str | None, request_id: str | None, ts: str) -> str:
    """An `x-signature` value as Mercado Pago would send it; for fakes and tests."""
    text = manifest(data_id, request_id, ts)
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return f"ts={ts},v1={digest}"


def verify_signature(
    secret: str, header_value: str | None, *, data_id: str | None, request_id: str | None
) -> None:
    """Checks an `x-signature` header in constant time.

    Raises:
        InvalidSignature: When the header is missing or malformed or v1 does not match.
    """
    if not header_value:
        raise InvalidSignature("mercadopago: no x-signature header")
    values: dict[str, str] = {}
    for part in header_value.split(","):
        key, _, value = part.strip().partition("=")
        values[key.strip()] = value.strip()
    ts, received = values.get("ts"), values.get("v1", "").lower()
    if not ts or not received:
        raise InvalidSignature("mercadopago: x-signature lacks ts or v1")
    text = manifest(data_id, request_id, ts)
    expected = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, received):
        raise InvalidSignature("mercadopago: x-signature does not match")


def _notification_for(payment: dict[str, Any]) -> list[PaymentNotification]:
    payment_id, raw_status = payment.get("id"), payment.get("status")
    if payment_id is None or not isinstance(raw_status, str):
        raise PaymentProviderError("mercadopago: payment without id or status", retryable=False)
    if raw_status in _IGNORED:
        return []
    reference = payment.get("external_reference")
    try:
        amount: Decimal | None = parse_decimal(payment.get("transaction_amount"))
    except ValueError:
        amount = None
    return [
        PaymentNotification(
            event_id=f"{payment_id}:{raw_status}",
            token=reference if isinstance(reference, str) and reference else None,
            provider_ref=None,
            status=_STATUS.get(raw_status, "pending"),
            amount=amount,
        )
    ]


def _json(response: httpx.Response) -> Any:
    try:
        return json_loads(response.content)
    except ValueError:
        return None


def _error_detail(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    parts = [str(body[k]) for k in ("error", "status") if body.get(k) is not None]
    causes = body.get("cause")
    if isinstance(causes, list):
        codes = [str(c.get("code")) for c in causes if isinstance(c, dict) and c.get("code")]
        if codes:
            parts.append("cause " + "/".join(codes[:5]))
    return ", ".join(parts)
