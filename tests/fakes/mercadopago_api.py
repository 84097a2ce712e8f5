"""A local fake of Mercado Pago's Checkout Pro and Payments APIs, served over real HTTP.

It follows Mercado Pago's documented shapes for what Balcão uses:

- `POST /checkout/preferences` (JSON, `Authorization: Bearer <access token>`): items with
  title, integer quantity and a JSON-number unit_price (a string is refused), `auto_return`
  needing `back_urls.success`, `expires` needing a valid `expiration_date_to`. Answers 201
  with `id` and `init_point`. `X-Idempotency-Key`: a key seen before returns the preference
  it made, without making another.
- `GET /v1/payments/{id}` (404 for unknown ids).

Errors use Mercado Pago's error body: `{"message", "error", "status", "cause": [...]}`.
Test helpers record a payment against a preference (`pay`) and build the signed webhook
Mercado Pago would send (`notification`): `x-signature: ts=...,v1=...` over
`id:{data.id};request-id:{x-request-id};ts:{ts};`, with `data.id` and `type` in the query.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import threading
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from balcao.clock import Clock, SystemClock
from tests.fakes.server import LocalServer

DEFAULT_ACCESS_TOKEN = "TEST-0000000000000000-000000-fakebalcao"
DEFAULT_WEBHOOK_SECRET = "mp-fake-webhook-secret"
COLLECTOR_ID = 1234567890


def mp_error(status: int, message: str, error: str, cause: list[dict[str, Any]] | None = None):
    """A Mercado Pago error response."""
    body = {"message": message, "error": error, "status": status, "cause": cause or []}
    return _json_response(body, status)


def _json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None):
    return Response(_dumps(body), status_code=status, media_type="application/json",
                    headers=headers)


def _dumps(value: Any) -> bytes:
    # Decimals go out as exact JSON numbers, as Mercado Pago writes amounts.
    def encode(item: Any) -> str:
        if isinstance(item, Decimal):
            return format(item, "f")
        if isinstance(item, dict):
            return "{" + ",".join(f"{json.dumps(k)}:{encode(v)}" for k, v in item.items()) + "}"
        if isinstance(item, list):
            return "[" + ",".join(encode(v) for v in item) + "]"
        return json.dumps(item)

    return encode(value).encode()


class _Invalid(Exception):
    pass


class FakeMercadoPagoApi:
    """The fake, on 127.0.0.1 while in use.

    Attributes:
        access_token: The token it accepts.
        webhook_secret: The secret `notification` signs with.
        requests: Every request, in order: `method`, `path`, `headers` (lowercase names),
            `json` (body, numbers as Decimal), `status`.
        preferences: Preferences by id.
        payments: Payments by id (string).
    """

    def __init__(
        self,
        access_token: str = DEFAULT_ACCESS_TOKEN,
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        *,
        clock: Clock | None = None,
    ) -> None:
        self.access_token = access_token
        self.webhook_secret = webhook_secret
        self.clock = clock or SystemClock()
        self.requests: list[dict[str, Any]] = []
        self.preferences: dict[str, dict[str, Any]] = {}
        self.payments: dict[str, dict[str, Any]] = {}
        self._idempotency: dict[str, dict[str, Any]] = {}
        self._failures: list[tuple[int, str]] = []
        self._payment_ids = itertools.count(90_000_000_001)
        self._lock = threading.Lock()
        self.app = self._build_app()
        self._server = LocalServer(self.app, "FakeMercadoPagoApi")

    # --- control -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Pass it to `MercadoPagoProvider` as `base_url`."""
        return self._server.base_url

    def fail_next(self, status: int, times: int = 1) -> None:
        """Makes the next `times` API requests fail with `status`."""
        error = "internal_error" if status >= 500 else "bad_request"
        if status == 429:
            error = "too_many_requests"
        with self._lock:
            self._failures.extend([(status, error)] * times)

    def reset(self) -> None:
        """Forgets requests, preferences, payments, idempotency keys and failures."""
        with self._lock:
            self.requests.clear()
            self.preferences.clear()
            self.payments.clear()
            self._idempotency.clear()
            self._failures.clear()

    def pay(
        self, preference_id: str, status: str = "approved", *, amount: Decimal | None = None
    ) -> dict[str, Any]:
        """Records a payment made on a preference's checkout, as Mercado Pago would.

        Args:
            preference_id: The preference the buyer paid on.
            status: "approved", "rejected", "pending", "cancelled", "refunded", ...
            amount: Amount paid (default: the preference's items total).
        """
        with self._lock:
            preference = self.preferences[preference_id]
            total = sum(
                (Decimal(item["quantity"]) * item["unit_price"] for item in preference["items"]),
                Decimal("0"),
            )
            payment_id = str(next(self._payment_ids))
            now = self.clock.now().isoformat(timespec="milliseconds")
            payment = {
                "id": int(payment_id),
                "status": status,
                "status_detail": {"approved": "accredited", "rejected": "cc_rejected_other_reason"}
                .get(status, status),
                "external_reference": preference.get("external_reference"),
                "transaction_amount": amount if amount is not None else total,
                "currency_id": preference["items"][0].get("currency_id", "BRL"),
                "date_created": now,
                "date_approved": now if status == "approved" else None,
                "metadata": preference.get("metadata", {}),
                "order": {"id": int(payment_id) + 7, "type": "mercadopago"},
                "payment_method_id": "pix",
                "payment_type_id": "bank_transfer",
                "collector_id": COLLECTOR_ID,
            }
            self.payments[payment_id] = payment
            return dict(payment)

    def set_status(self, payment_id: str, status: str) -> None:
        """Changes a payment's status (e.g. pending -> approved)."""
        with self._lock:
            self.payments[payment_id]["status"] = status

    def notification(
        self,
        payment_id: str,
        *,
        action: str = "payment.updated",
        secret: str | None = None,
        ts: str | None = None,
    ) -> tuple[bytes, dict[str, str], dict[str, str]]:
        """The webhook Mercado Pago would send about a payment.

        Args:
            payment_id: The payment's id.
            action: "payment.created" or "payment.updated".
            secret: Signing secret (default: `webhook_secret`), to test a wrong one.
            ts: Signature timestamp (default: the fake's clock, Unix seconds).

        Returns:
            (body, headers, query): the query holds `data.id` and `type`, as on the
            notification URL Mercado Pago calls.
        """
        request_id = str(uuid.uuid4())
        ts = ts or str(int(self.clock.now().timestamp()))
        data_id = str(payment_id)
        manifest_id = data_id.lower() if data_id.isalnum() else data_id
        text = f"id:{manifest_id};request-id:{request_id};ts:{ts};"
        digest = hmac.new(
            (secret or self.webhook_secret).encode(), text.encode(), hashlib.sha256
        ).hexdigest()
        body = json.dumps({
            "action": action,
            "api_version": "v1",
            "data": {"id": data_id},
            "date_created": self.clock.now().isoformat(timespec="seconds"),
            "id": secrets.randbelow(10**11),
            "live_mode": False,
            "type": "payment",
            "user_id": str(COLLECTOR_ID),
        }).encode()
        headers = {
            "x-signature": f"ts={ts},v1={digest}",
            "x-request-id": request_id,
            "content-type": "application/json",
        }
        return body, headers, {"data.id": data_id, "type": "payment"}

    def start(self) -> FakeMercadoPagoApi:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> FakeMercadoPagoApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- HTTP ----------------------------------------------------------------------------

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="Fake Mercado Pago API", openapi_url=None, docs_url=None)

        @app.post("/checkout/preferences")
        async def create_preference(request: Request):
            raw = await request.body()
            try:
                body = json.loads(raw, parse_float=Decimal) if raw else None
            except ValueError:
                body = None
            response = self._gate(request) or self._create(request, body)
            self._record(request, body, response.status_code)
            return response

        @app.get("/v1/payments/{payment_id}")
        async def get_payment(payment_id: str, request: Request):
            response = self._gate(request)
            if response is None:
                with self._lock:
                    payment = self.payments.get(payment_id)
                if payment is None:
                    response = mp_error(404, "Payment not found", "not_found",
                                        [{"code": 2000, "description": "Payment not found",
                                          "data": None}])
                else:
                    response = _json_response(payment)
            self._record(request, None, response.status_code)
            return response

        return app

    def _gate(self, request: Request) -> Response | None:
        with self._lock:
            injected = self._failures.pop(0) if self._failures else None
        if injected:
            status, error = injected
            return mp_error(status, "injected failure", error)
        authorization = request.headers.get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return mp_error(401, "unauthorized - access_token is missing", "unauthorized")
        if not hmac.compare_digest(token.strip(), self.access_token):
            return mp_error(401, "invalid access token", "unauthorized")
        return None

    def _create(self, request: Request, body: Any) -> Response:
        try:
            _validate_preference(body, self.clock.now())
        except _Invalid as invalid:
            return mp_error(400, str(invalid), "bad_request")
        key = request.headers.get("x-idempotency-key")
        with self._lock:
            if key and key in self._idempotency:
                return _json_response(self._idempotency[key], 201)
            preference_id = f"{COLLECTOR_ID}-{uuid.uuid4()}"
            preference = {
                **body,
                "id": preference_id,
                "collector_id": COLLECTOR_ID,
                "client_id": "6295877106812064",
                "date_created": self.clock.now().isoformat(timespec="milliseconds"),
                "operation_type": "regular_payment",
                "init_point": "https://www.mercadopago.com.br/checkout/v1/redirect?pref_id="
                + preference_id,
                "sandbox_init_point":
                    "https://sandbox.mercadopago.com.br/checkout/v1/redirect?pref_id="
                    + preference_id,
            }
            self.preferences[preference_id] = preference
            if key:
                self._idempotency[key] = preference
        return _json_response(preference, 201)

    def _record(self, request: Request, body: Any, status: int) -> None:
        entry = {
            "method": request.method,
            "path": request.url.path,
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "json": body,
            "status": status,
        }
        with self._lock:
            self.requests.append(entry)


def _validate_preference(body: Any, now: datetime) -> None:
    if not isinstance(body, dict):
        raise _Invalid("request body must be a JSON object")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise _Invalid("items must be a non-empty array")
    currencies = set()
    for item in items:
        if not isinstance(item, dict):
            raise _Invalid("items must be objects")
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            raise _Invalid("items.title is required")
        quantity = item.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise _Invalid("items.quantity must be a positive integer")
        price = item.get("unit_price")
        # A JSON number only: "199.90" as a string is refused.
        if isinstance(price, bool) or not isinstance(price, int | Decimal) or price <= 0:
            raise _Invalid("items.unit_price must be a positive number")
        currencies.add(item.get("currency_id", "BRL"))
    if len(currencies) > 1:
        raise _Invalid("all items must have the same currency_id")
    back_urls = body.get("back_urls") or {}
    if body.get("auto_return") and not back_urls.get("success"):
        raise _Invalid("auto_return invalid. back_url.success must be defined")
    if body.get("expires"):
        try:
            expires_to = datetime.fromisoformat(str(body.get("expiration_date_to")))
        except ValueError:
            raise _Invalid("expiration_date_to must be an ISO 8601 date") from None
        if expires_to.tzinfo is None or expires_to <= now:
            raise _Invalid("expiration_date_to must be a future date with a time zone")
    reference = body.get("external_reference")
    if reference is not None and (not isinstance(reference, str) or len(reference) > 256):
        raise _Invalid("external_reference must be a string of at most 256 characters")
