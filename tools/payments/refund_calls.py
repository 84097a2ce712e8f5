"""The refund calls of the HTTP providers, over their documented APIs (no SDKs).

- Stripe: `POST /v1/refunds` (form: `payment_intent`, `amount` in minor units, `reason`),
  `Idempotency-Key` header. A Checkout Session id (`cs_...`, what Balcão keeps) is first read
  with `GET /v1/checkout/sessions/{id}` for its `payment_intent`. Refund `status`:
  `succeeded` is done, `pending`/`requires_action` pending, `failed`/`canceled` refused.
- Mercado Pago: `POST /v1/payments/{id}/refunds` (JSON `{"amount": 10.50}`),
  `X-Idempotency-Key` header. `status`: `approved` done, `in_process` pending, `rejected` refused.
- API Pix (Banco Central): `PUT /pix/{e2eid}/devolucao/{id}` (JSON `{"valor": "10.50"}`); the
  `id` ([a-zA-Z0-9]{1,35}) is the idempotency key. `status`: `DEVOLVIDO` done,
  `EM_PROCESSAMENTO` pending, `NAO_REALIZADO` refused.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from tools.payments._http import error_for, json_body, send
from tools.payments.base import PaymentProviderError
from tools.payments.money import json_dumps, to_minor_units
from tools.payments.refunds import RefundRequest, RefundResult, RefundStatus, short_id

_STRIPE: dict[str, RefundStatus | None] = {
    "succeeded": "done", "pending": "pending", "requires_action": "pending",
    "failed": None, "canceled": None,
}
_MERCADOPAGO: dict[str, RefundStatus | None] = {
    "approved": "done", "in_process": "pending", "rejected": None,
}
_PIX: dict[str, RefundStatus | None] = {
    "DEVOLVIDO": "done", "EM_PROCESSAMENTO": "pending", "NAO_REALIZADO": None,
}


def _result(provider: str, body: Any, statuses: dict[str, RefundStatus | None],
            status_code: int) -> RefundResult:
    ref = body.get("id") if isinstance(body, dict) else None
    raw = body.get("status") if isinstance(body, dict) else None
    if ref is None or raw not in statuses:
        raise PaymentProviderError(f"{provider}: refund without id or known status",
                                   retryable=False, status=status_code)
    status = statuses[raw]
    if status is None:
        raise PaymentProviderError(f"{provider}: refund {raw}", retryable=False,
                                   status=status_code)
    return RefundResult(refund_ref=str(ref), status=status)


async def stripe_refund(http: httpx.AsyncClient, base_url: str, auth: dict[str, str],
                        request: RefundRequest) -> RefundResult:
    """Refunds a Stripe payment intent (or the one a Checkout Session made)."""
    base = base_url.rstrip("/")
    intent: Any = request.payment_ref
    if request.payment_ref.startswith("cs_"):
        response = await send(http, "stripe", "GET",
                              f"{base}/v1/checkout/sessions/{quote(intent, safe='')}",
                              headers=auth)
        body = json_body(response)
        if not response.is_success:
            raise error_for("stripe", response)
        intent = body.get("payment_intent") if isinstance(body, dict) else None
        if isinstance(intent, dict):
            intent = intent.get("id")
        if not isinstance(intent, str) or not intent:
            raise PaymentProviderError("stripe: session has no payment intent", retryable=False)
    form = {
        "payment_intent": intent,
        "amount": str(to_minor_units(request.amount, request.currency.lower())),
        "reason": "requested_by_customer",
        "metadata[idempotency_key]": request.idempotency_key,
    }
    headers = {**auth, "Idempotency-Key": request.idempotency_key}
    response = await send(http, "stripe", "POST", f"{base}/v1/refunds", data=form,
                          headers=headers)
    body = json_body(response)
    if not response.is_success:
        error = body.get("error") if isinstance(body, dict) else None
        detail = " ".join(str(error.get(k)) for k in ("type", "code") if error.get(k)) \
            if isinstance(error, dict) else ""
        raise error_for("stripe", response, detail)
    return _result("stripe", body, _STRIPE, response.status_code)


async def mercadopago_refund(http: httpx.AsyncClient, base_url: str, auth: dict[str, str],
                             request: RefundRequest) -> RefundResult:
    """Refunds (part of) a Mercado Pago payment."""
    url = f"{base_url.rstrip('/')}/v1/payments/{quote(request.payment_ref, safe='')}/refunds"
    headers = {**auth, "X-Idempotency-Key": request.idempotency_key,
               "Content-Type": "application/json"}
    response = await send(http, "mercadopago", "POST", url,
                          content=json_dumps({"amount": request.amount}), headers=headers)
    body = json_body(response)
    if not response.is_success:
        detail = str(body.get("message") or body.get("error") or "") \
            if isinstance(body, dict) else ""
        raise error_for("mercadopago", response, detail)
    return _result("mercadopago", body, _MERCADOPAGO, response.status_code)


async def pix_devolucao(http: httpx.AsyncClient, base_url: str, auth: dict[str, str],
                        request: RefundRequest) -> RefundResult:
    """Asks the PSP for a devolução of a received pix (its endToEndId)."""
    devolucao_id = short_id(request.idempotency_key)
    url = (f"{base_url.rstrip('/')}/pix/{quote(request.payment_ref, safe='')}"
           f"/devolucao/{devolucao_id}")
    body_out: dict[str, Any] = {"valor": f"{request.amount:.2f}"}
    if request.reason:
        body_out["descricao"] = request.reason[:140]
    response = await send(http, "pix", "PUT", url, content=json_dumps(body_out),
                          headers={**auth, "Content-Type": "application/json"})
    body = json_body(response)
    if not response.is_success:
        detail = str(body.get("title") or body.get("type") or "") \
            if isinstance(body, dict) else ""
        raise error_for("pix", response, detail)
    return _result("pix", body, _PIX, response.status_code)
