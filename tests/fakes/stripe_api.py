"""A local fake of Stripe's Checkout Sessions API, served over real HTTP.

It follows Stripe's documented shapes for what Balcão uses:

- `POST /v1/checkout/sessions` (form-encoded, nested `a[b][0][c]` keys): secret key by Bearer
  or Basic auth (401 otherwise), required and known parameters (400 `invalid_request_error`
  with `code` and `param`; unknown parameters are refused as Stripe does), integer
  `unit_amount`, `expires_at` 30 minutes to 24 hours ahead. `Idempotency-Key`: the same key
  with the same parameters returns the same session (`Idempotent-Replayed: true`); with other
  parameters, 400 `idempotency_error`. Requests refused before running (auth, validation,
  injected failures) are not remembered, as Stripe documents.
- `GET /v1/checkout/sessions/{id}` (404 `resource_missing` for unknown ids).

Test helpers move a session along (`complete`, `expire`) and build the webhook Stripe would
send (`signed_event`), signed with `Stripe-Signature: t=...,v1=...`.

In tests::

    with FakeStripeApi() as stripe:
        provider = StripeProvider(stripe.api_key, stripe.webhook_secret, stripe.base_url, http=http)
        ...
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from balcao.clock import Clock, SystemClock
from tests.fakes.server import LocalServer

DEFAULT_API_KEY = "sk_test_fake_balcao_0000"
DEFAULT_WEBHOOK_SECRET = "whsec_fake_balcao_0000"

_KNOWN_PARAMS = frozenset({
    "mode", "line_items", "success_url", "cancel_url", "client_reference_id", "metadata",
    "expires_at", "customer_email", "payment_method_types", "locale", "payment_intent_data",
    "currency", "ui_mode",
})
_MIN_EXPIRY_S = 30 * 60
_MAX_EXPIRY_S = 24 * 60 * 60
_KEY_PATH = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def stripe_error(
    status: int, message: str, *, code: str | None = None, param: str | None = None,
    error_type: str = "invalid_request_error",
) -> JSONResponse:
    """A Stripe error response: `{"error": {type, message, code?, param?, doc_url?}}`."""
    error: dict[str, Any] = {"type": error_type, "message": message}
    if code:
        error["code"] = code
        error["doc_url"] = f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"
    if param:
        error["param"] = param
    headers = {"Request-Id": "req_" + secrets.token_hex(7)}
    return JSONResponse({"error": error}, status_code=status, headers=headers)


class _Invalid(Exception):
    def __init__(self, message: str, code: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message, self.code, self.param = message, code, param


def parse_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding to nested values: `a[b][0][c]=x` -> {"a": {"b": [{"c": "x"}]}}.

    Raises:
        _Invalid: For a key that is not well formed.
    """
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY_PATH.match(key)
        if not match:
            raise _Invalid(f"Invalid parameter name: {key}", "parameter_unknown", key)
        path = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise _Invalid(f"Invalid hash: {key}", "parameter_invalid_empty", key)
        node[path[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


class FakeStripeApi:
    """The fake, on 127.0.0.1 while in use.

    Attributes:
        api_key: The secret key it accepts.
        webhook_secret: The endpoint secret `signed_event` signs with.
        requests: Every request, in order: `method`, `path`, `headers` (lowercase names),
            `form` (nested params), `status`.
        sessions: Checkout Sessions by id.
    """

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        *,
        clock: Clock | None = None,
    ) -> None:
        """Prepares the fake; `with` runs it.

        Args:
            api_key: The key to accept.
            webhook_secret: The webhook signing secret.
            clock: "Now" for `expires_at` checks and event timestamps.
        """
        self.api_key = api_key
        self.webhook_secret = webhook_secret
        self.clock = clock or SystemClock()
        self.requests: list[dict[str, Any]] = []
        self.sessions: dict[str, dict[str, Any]] = {}
        self._idempotency: dict[str, tuple[str, dict[str, Any]]] = {}
        self._failures: list[tuple[int, dict[str, Any] | None]] = []
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self.app = self._build_app()
        self._server = LocalServer(self.app, "FakeStripeApi")

    # --- control -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Pass it to `StripeProvider` as `base_url`."""
        return self._server.base_url

    def fail_next(self, status: int, times: int = 1, error: dict[str, Any] | None = None) -> None:
        """Makes the next `times` API requests fail with `status` (e.g. 429, 500).

        Args:
            status: HTTP status to answer.
            times: How many requests in a row.
            error: Fields of the `error` object (defaults fit the status).
        """
        with self._lock:
            self._failures.extend([(status, error)] * times)

    def reset(self) -> None:
        """Forgets requests, sessions, idempotency keys and pending failures."""
        with self._lock:
            self.requests.clear()
            self.sessions.clear()
            self._idempotency.clear()
            self._failures.clear()

    def created(self) -> list[dict[str, Any]]:
        """The create requests that made or replayed a session."""
        with self._lock:
            return [r for r in self.requests if r["method"] == "POST" and r["status"] == 200]

    def complete(self, session_id: str, *, paid: bool = True) -> dict[str, Any]:
        """Marks a session completed, paid (card) or unpaid (a delayed method)."""
        with self._lock:
            session = self.sessions[session_id]
            session["status"] = "complete"
            session["payment_status"] = "paid" if paid else "unpaid"
            session["payment_intent"] = "pi_" + secrets.token_hex(12)
            return dict(session)

    def expire(self, session_id: str) -> dict[str, Any]:
        """Expires an open session, as Stripe does at `expires_at`."""
        with self._lock:
            session = self.sessions[session_id]
            session["status"] = "expired"
            return dict(session)

    def signed_event(
        self,
        event_type: str,
        session: dict[str, Any] | str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """The webhook Stripe would send about a session: body and headers.

        Args:
            event_type: E.g. "checkout.session.completed".
            session: The session object, or its id (its current state is used).
            timestamp: Signature time (default: the fake's clock), to test staleness.
            secret: Signing secret (default: `webhook_secret`), to test a wrong one.
        """
        obj = self.sessions[session] if isinstance(session, str) else session
        now = int(self.clock.now().timestamp())
        event = {
            "id": "evt_" + secrets.token_hex(12),
            "object": "event",
            "api_version": "2025-03-31.basil",
            "created": now,
            "data": {"object": obj},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        # Stripe sends indented JSON; the signature covers these exact bytes.
        body = json.dumps(event, indent=2).encode()
        signed_at = now if timestamp is None else timestamp
        digest = hmac.new(
            (secret or self.webhook_secret).encode(), f"{signed_at}.".encode() + body,
            hashlib.sha256,
        ).hexdigest()
        headers = {
            "Stripe-Signature": f"t={signed_at},v1={digest}",
            "Content-Type": "application/json; charset=utf-8",
        }
        return body, headers

    def start(self) -> FakeStripeApi:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> FakeStripeApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- HTTP ----------------------------------------------------------------------------

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="Fake Stripe API", openapi_url=None, docs_url=None)

        @app.post("/v1/checkout/sessions")
        async def create_session(request: Request):
            pairs = list((await request.form(max_part_size=1 << 20)).multi_items())
            form_pairs = [(k, v) for k, v in pairs if isinstance(v, str)]
            response, form = self._create(request, form_pairs)
            self._record(request, form, response.status_code)
            return response

        @app.get("/v1/checkout/sessions/{session_id}")
        async def get_session(session_id: str, request: Request):
            response = self._gate(request)
            if response is None:
                with self._lock:
                    session = self.sessions.get(session_id)
                if session is None:
                    response = stripe_error(
                        404, f"No such checkout.session: '{session_id}'",
                        code="resource_missing", param="session",
                    )
                else:
                    response = JSONResponse(session)
            self._record(request, None, response.status_code)
            return response

        return app

    def _gate(self, request: Request) -> JSONResponse | None:
        """Injected failures, then authentication; None when the request may proceed."""
        with self._lock:
            injected = self._failures.pop(0) if self._failures else None
        if injected:
            status, error = injected
            kind = "api_error" if status >= 500 else "invalid_request_error"
            if status == 429:
                kind = "rate_limit_error"
            fields = {"message": "Injected failure", "error_type": kind, **(error or {})}
            return stripe_error(status, **fields)
        key = _api_key(request.headers.get("authorization"))
        if key is None:
            return stripe_error(
                401,
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                "YOUR_SECRET_KEY').",
            )
        if not hmac.compare_digest(key, self.api_key):
            return stripe_error(401, f"Invalid API Key provided: {key[:8]}****{key[-4:]}")
        return None

    def _create(
        self, request: Request, pairs: list[tuple[str, str]]
    ) -> tuple[JSONResponse, dict[str, Any] | None]:
        refused = self._gate(request)
        if refused is not None:
            return refused, None
        try:
            form = parse_form(pairs)
            _validate(form, int(self.clock.now().timestamp()))
        except _Invalid as invalid:
            return stripe_error(400, invalid.message, code=invalid.code, param=invalid.param), None
        key = request.headers.get("idempotency-key")
        fingerprint = json.dumps(sorted(pairs))
        with self._lock:
            if key is not None and key in self._idempotency:
                seen, session = self._idempotency[key]
                if seen != fingerprint:
                    return stripe_error(
                        400,
                        "Keys for idempotent requests can only be used with the same "
                        f"parameters they were first used with. Try using a key other than "
                        f"'{key}' if you meant to execute a different request.",
                        error_type="idempotency_error",
                    ), form
                return JSONResponse(session, headers={"Idempotent-Replayed": "true"}), form
            session = self._new_session(form)
            self.sessions[session["id"]] = session
            if key is not None:
                self._idempotency[key] = (fingerprint, session)
        return JSONResponse(session), form

    def _new_session(self, form: dict[str, Any]) -> dict[str, Any]:
        now = int(self.clock.now().timestamp())
        session_id = f"cs_test_a1{next(self._counter):04d}{secrets.token_hex(20)}"
        lines = form.get("line_items", [])
        total = sum(int(li["price_data"]["unit_amount"]) * int(li["quantity"]) for li in lines)
        currency = lines[0]["price_data"]["currency"] if lines else None
        return {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": form.get("cancel_url"),
            "client_reference_id": form.get("client_reference_id"),
            "created": now,
            "currency": currency,
            "customer_email": form.get("customer_email"),
            "expires_at": int(form.get("expires_at", now + _MAX_EXPIRY_S)),
            "livemode": False,
            "metadata": form.get("metadata", {}),
            "mode": form["mode"],
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": form.get("success_url"),
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
        }

    def _record(self, request: Request, form: dict[str, Any] | None, status: int) -> None:
        entry = {
            "method": request.method,
            "path": request.url.path,
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "form": form,
            "status": status,
        }
        with self._lock:
            self.requests.append(entry)


def _api_key(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if scheme.lower() == "basic":
        try:
            user = base64.b64decode(value.strip()).decode().partition(":")[0]
        except ValueError:
            return None
        return user or None
    return None


def _validate(form: dict[str, Any], now: int) -> None:
    for key in form:
        if key not in _KNOWN_PARAMS:
            raise _Invalid(f"Received unknown parameter: {key}", "parameter_unknown", key)
    mode = form.get("mode")
    if mode is None:
        raise _Invalid("Missing required param: mode.", "parameter_missing", "mode")
    if mode not in ("payment", "setup", "subscription"):
        raise _Invalid("Invalid mode: must be one of payment, setup, or subscription",
                       "parameter_invalid_string", "mode")
    lines = form.get("line_items")
    if mode == "payment" and not lines:
        raise _Invalid("Missing required param: line_items.", "parameter_missing", "line_items")
    if lines is not None and not isinstance(lines, list):
        raise _Invalid("Invalid array", "parameter_invalid_empty", "line_items")
    currencies = set()
    for index, line in enumerate(lines or []):
        currencies.add(_validate_line(index, line))
    if len(currencies) > 1:
        raise _Invalid("All line items must use the same currency.", "parameter_invalid_string",
                       "line_items")
    for url_param in ("success_url", "cancel_url"):
        url = form.get(url_param)
        if url is not None and not re.match(r"^https?://[^\s/]+", url):
            raise _Invalid("Not a valid URL", "url_invalid", url_param)
    if "expires_at" in form:
        expires = form["expires_at"]
        if not isinstance(expires, str) or not expires.isdigit():
            raise _Invalid(f"Invalid integer: {expires}", "parameter_invalid_integer",
                           "expires_at")
        ahead = int(expires) - now
        if ahead < _MIN_EXPIRY_S:
            raise _Invalid("The `expires_at` timestamp must be at least 30 minutes from "
                           "Checkout Session creation.", "parameter_invalid_integer",
                           "expires_at")
        if ahead > _MAX_EXPIRY_S:
            raise _Invalid("The `expires_at` timestamp must be less than 24 hours from "
                           "Checkout Session creation.", "parameter_invalid_integer",
                           "expires_at")
    metadata = form.get("metadata", {})
    if not isinstance(metadata, dict):
        raise _Invalid("Invalid hash", "parameter_invalid_empty", "metadata")


def _validate_line(index: int, line: Any) -> str:
    prefix = f"line_items[{index}]"
    if not isinstance(line, dict):
        raise _Invalid("Invalid hash", "parameter_invalid_empty", prefix)
    quantity = line.get("quantity")
    if quantity is None:
        raise _Invalid(f"Missing required param: {prefix}[quantity].", "parameter_missing",
                       f"{prefix}[quantity]")
    if not isinstance(quantity, str) or not quantity.isdigit() or int(quantity) < 1:
        raise _Invalid(f"Invalid integer: {quantity}", "parameter_invalid_integer",
                       f"{prefix}[quantity]")
    price_data = line.get("price_data")
    if not isinstance(price_data, dict):
        raise _Invalid(f"Missing required param: {prefix}[price_data].", "parameter_missing",
                       f"{prefix}[price_data]")
    currency = price_data.get("currency")
    if not isinstance(currency, str) or not re.fullmatch(r"[a-z]{3}", currency):
        raise _Invalid(f"Invalid currency: {currency}", "parameter_invalid_string",
                       f"{prefix}[price_data][currency]")
    amount = price_data.get("unit_amount")
    if amount is None:
        raise _Invalid(f"Missing required param: {prefix}[price_data][unit_amount].",
                       "parameter_missing", f"{prefix}[price_data][unit_amount]")
    if not isinstance(amount, str) or not amount.isdigit():
        # Stripe takes minor units as integers only: "12.5" is refused, not rounded.
        raise _Invalid(f"Invalid integer: {amount}", "parameter_invalid_integer",
                       f"{prefix}[price_data][unit_amount]")
    product = price_data.get("product_data")
    name = product.get("name") if isinstance(product, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise _Invalid(f"Missing required param: {prefix}[price_data][product_data][name].",
                       "parameter_missing", f"{prefix}[price_data][product_data][name]")
    return currency

