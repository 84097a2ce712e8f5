"""A local fake of the three refund APIs Balcão calls, over real HTTP, with their documented
shapes (the payment fakes beside it stay about payments):

- Stripe `POST /v1/refunds` (form: `payment_intent`, `amount` in minor units, `reason`,
  `metadata[...]`; Bearer key; `Idempotency-Key`: same key, same refund, with
  `Idempotent-Replayed: true`) and `GET /v1/checkout/sessions/{id}` (its `payment_intent`).
- Mercado Pago `POST /v1/payments/{id}/refunds` (JSON `{"amount"}`; `X-Idempotency-Key`
  required, 400 without it as Mercado Pago documents; 201 `{"id", "payment_id", "amount",
  "status": "approved"}`).
- API Pix `PUT /pix/{e2eid}/devolucao/{id}` (JSON `{"valor": "10.00"}`; 201 with
  `{"id", "rtrId", "valor", "horario": {"solicitacao"}, "status"}`; the same id returns the
  same devolução).

`fail_next(n, status)` makes the next n calls fail with that status (not remembered, as a
provider that failed before acting); `refunds` lists every refund made, once each.
"""

from __future__ import annotations

import itertools
import json
import secrets
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.fakes.server import LocalServer

API_KEY = "sk_test_fake_refunds"


class FakeRefundsApi:
    """Stripe, Mercado Pago and API Pix refunds on one local server."""

    def __init__(self, *, pix_status: str = "DEVOLVIDO") -> None:
        self.refunds: list[dict[str, Any]] = []
        self.calls = 0
        self.pix_status = pix_status
        self._by_key: dict[tuple[str, str], dict[str, Any]] = {}
        self._failures: list[int] = []
        self._ids = itertools.count(9_000_001)
        self._server = LocalServer(self._app(), "fake refunds API")

    def __enter__(self) -> FakeRefundsApi:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return self._server.base_url

    def fail_next(self, times: int = 1, status: int = 500) -> None:
        """The next `times` calls answer `status` without acting."""
        self._failures += [status] * times

    def _remember(self, provider: str, key: str, refund: dict[str, Any]) -> dict[str, Any]:
        self._by_key[(provider, key)] = refund
        self.refunds.append({"provider": provider, "key": key, **refund})
        return refund

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def failures(request: Request, call_next: Any) -> Any:
            self.calls += 1
            if self._failures:
                status = self._failures.pop(0)
                return JSONResponse({"error": {"type": "api_error", "message": "injected"}},
                                    status_code=status)
            return await call_next(request)

        @app.get("/v1/checkout/sessions/{session_id}")
        async def session(session_id: str) -> Any:
            return {"id": session_id, "object": "checkout.session",
                    "payment_intent": f"pi_{session_id.removeprefix('cs_')}"}

        @app.post("/v1/refunds")
        async def stripe_refund(request: Request) -> Any:
            if request.headers.get("authorization") != f"Bearer {API_KEY}":
                return JSONResponse({"error": {"type": "invalid_request_error"}}, 401)
            form = dict((await request.form()).items())
            key = request.headers.get("idempotency-key", "")
            if (old := self._by_key.get(("stripe", key))) is not None:
                return JSONResponse(old, headers={"Idempotent-Replayed": "true"})
            intent, amount = form.get("payment_intent"), str(form.get("amount", ""))
            if not str(intent).startswith("pi_") or not amount.isdigit():
                return JSONResponse({"error": {"type": "invalid_request_error",
                                               "code": "parameter_invalid"}}, 400)
            return self._remember("stripe", key, {
                "id": f"re_{secrets.token_hex(8)}", "object": "refund", "amount": int(amount),
                "payment_intent": intent, "reason": form.get("reason"),
                "status": "succeeded"})

        @app.post("/v1/payments/{payment_id}/refunds")
        async def mp_refund(payment_id: str, request: Request) -> Any:
            key = request.headers.get("x-idempotency-key")
            if not key:
                return JSONResponse({"message": "Header-X-Idempotency-Key-can't-be-null",
                                     "status": 400}, 400)
            if (old := self._by_key.get(("mercadopago", key))) is not None:
                return JSONResponse(old, 201)
            body = json.loads(await request.body(), parse_float=Decimal)
            refund = self._remember("mercadopago", key, {
                "id": next(self._ids), "payment_id": int(payment_id),
                "amount": str(body.get("amount")), "status": "approved"})
            return JSONResponse(refund, 201)

        @app.put("/pix/{e2eid}/devolucao/{devolucao_id}")
        async def pix_refund(e2eid: str, devolucao_id: str, request: Request) -> Any:
            if (old := self._by_key.get(("pix", devolucao_id))) is not None:
                return JSONResponse(old, 201)
            body = json.loads(await request.body())
            refund = self._remember("pix", devolucao_id, {
                "id": devolucao_id, "rtrId": "D" + secrets.token_hex(15).upper()[:31],
                "valor": body["valor"], "e2eid": e2eid,
                "horario": {"solicitacao": "2026-03-02T15:00:00.000Z"},
                "status": self.pix_status})
            return JSONResponse(refund, 201)

        return app
