"""The sandbox provider: Balcão's own payment page, where a person or a test picks the outcome.

`create` makes no outside call: the link is `{public_base_url}/pay/{token}`. The page (or a
test) reports the outcome to `/webhooks/payments/sandbox` as JSON `{"token", "status"}` with
`X-Balcao-Signature: sha256=<hex HMAC-SHA256 of the body>` under BALCAO_SANDBOX_SECRET;
`signed_outcome` builds exactly that request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import get_args

from tools.payments import signing
from tools.payments.base import (
    CreatedPayment,
    InvalidSignature,
    MalformedNotification,
    PaymentNotification,
    PaymentRequest,
    PaymentStatus,
    header,
)
from tools.payments.money import json_loads
from tools.payments.refunds import RefundRequest, RefundResult, short_id

_OUTCOMES: frozenset[PaymentStatus] = frozenset(get_args(PaymentStatus)) - {"pending"}
_REF_PREFIX_CHARS = 12


class SandboxProvider:
    """Payments settled on Balcão's own page; the default provider."""

    name = "sandbox"

    def __init__(self, public_base_url: str, secret: str | Callable[[], str]) -> None:
        """Binds the provider to this service's public address.

        Args:
            public_base_url: PUBLIC_BASE_URL; links point at `/pay/{token}` under it.
            secret: BALCAO_SANDBOX_SECRET, shared by the page that reports outcomes; or a
                function that returns it (the per-install secret in the data folder, read
                on first signing, so `create` never touches the disk from the event loop).
        """
        if not secret:
            raise ValueError("sandbox secret is empty")
        self._base = public_base_url.rstrip("/")
        self._secret_source = secret
        self._secret_value = secret if isinstance(secret, str) else ""

    @property
    def _secret(self) -> str:
        if not self._secret_value:
            assert callable(self._secret_source)
            value = self._secret_source()
            if not value:
                raise ValueError("sandbox secret is empty")
            self._secret_value = value
        return self._secret_value

    async def create(self, request: PaymentRequest) -> CreatedPayment:
        """Returns the link to our payment page; idempotent by construction."""
        return CreatedPayment(
            provider_ref=f"sbx_{request.token[:_REF_PREFIX_CHARS]}",
            link_url=f"{self._base}/pay/{request.token}",
            pix_code=None,
        )

    def page_grant(self, token: str, nonce: str) -> str:
        """The signed token the payment page's buttons carry: good for this payment and this
        page view (`nonce` is the view's CSRF value), under this install's secret."""
        message = f"balcao-pay-page\x00{token}\x00{nonce}".encode()
        return hmac.new(self._secret.encode(), message, hashlib.sha256).hexdigest()

    def check_page_grant(self, token: str, nonce: str, grant: str) -> bool:
        """Whether `grant` is `page_grant(token, nonce)`, in constant time; never raises."""
        if not token or not nonce or not grant:
            return False
        return hmac.compare_digest(self.page_grant(token, nonce).encode(),
                                   grant.encode("utf-8", "replace"))

    async def refund(self, request: RefundRequest) -> RefundResult:
        """Refunds on the sandbox: nothing leaves the building; the same key, the same refund."""
        if request.amount < 0:
            raise ValueError("a refund amount cannot be negative")
        return RefundResult(refund_ref=f"sbx_rf_{short_id(request.idempotency_key, 16)}",
                            status="done")

    def signed_outcome(self, token: str, status: str) -> tuple[bytes, dict[str, str]]:
        """The body and headers the payment page posts for an outcome.

        Args:
            token: The payment token.
            status: "paid", "failed" or "expired".
        """
        if status not in _OUTCOMES:
            raise ValueError(f"sandbox status must be one of {sorted(_OUTCOMES)}")
        body = json.dumps({"token": token, "status": status}).encode()
        headers = {
            signing.SIGNATURE_HEADER: signing.sign(body, self._secret),
            "Content-Type": "application/json",
        }
        return body, headers

    async def notification(
        self,
        headers: Mapping[str, str],
        body: bytes,
        query: Mapping[str, str] | None = None,
    ) -> list[PaymentNotification]:
        """Reads an outcome posted by the payment page.

        Returns:
            One notification with `event_id` = "{token}:{status}" (so a double click is one
            event) and no amount (the page shows the stored amount; nothing to compare).
        """
        if not signing.verify(body, header(headers, signing.SIGNATURE_HEADER), self._secret):
            raise InvalidSignature("sandbox: bad or missing signature")
        try:
            payload = json_loads(body)
        except ValueError:
            raise MalformedNotification("sandbox: body is not JSON") from None
        if not isinstance(payload, dict):
            raise MalformedNotification("sandbox: body is not an object")
        token, status = payload.get("token"), payload.get("status")
        if not isinstance(token, str) or not token:
            raise MalformedNotification("sandbox: token is missing")
        if status not in _OUTCOMES:
            raise MalformedNotification("sandbox: status must be paid, failed or expired")
        return [
            PaymentNotification(
                event_id=f"{token}:{status}",
                token=token,
                provider_ref=f"sbx_{token[:_REF_PREFIX_CHARS]}",
                status=status,
                amount=None,
            )
        ]
