"""Payment provider webhooks: verify, settle the payment once, queue the conversation's turn."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import ResourcesDep, TurnWakeDep
from api.inbox import enqueue_payment_event
from tools.orders.payments import apply_notification
from tools.payments.base import (
    InvalidSignature,
    MalformedNotification,
    PaymentNotification,
    PaymentProviderError,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/payments")

PROVIDERS = {"sandbox", "pix", "stripe", "mercadopago"}


@router.post("/pix/pix", include_in_schema=False)
async def pix_webhook_alias(request: Request, resources: ResourcesDep,
                            wake: TurnWakeDep) -> JSONResponse:
    """API Pix PSPs append `/pix` to the registered webhook address."""
    return await payment_webhook("pix", request, resources, wake)


@router.post("/{provider}")
async def payment_webhook(
    provider: str, request: Request, resources: ResourcesDep, wake: TurnWakeDep
) -> JSONResponse:
    if provider not in PROVIDERS or (provider == "sandbox"
                                     and not resources.settings.sandbox_allowed):
        # The sandbox settles nothing outside a declared demo (BALCAO_DEMO_MODE=true).
        return JSONResponse({"detail": "not found"}, 404)
    try:
        client = resources.services.gateway.provider(provider)
    except ValueError as err:  # its settings are missing: nothing can be verified
        # Which keys are missing goes to the log, never to whoever is calling.
        log.warning("payment webhook %s refused: %s", provider, err)
        return JSONResponse({"detail": "payment provider not configured"}, 503)
    raw = await request.body()
    try:
        notifications = await client.notification(request.headers, raw, request.query_params)
    except InvalidSignature:
        log.warning("payment webhook %s refused: bad signature", provider)
        return JSONResponse({"detail": "invalid signature"}, 401)
    except MalformedNotification as err:
        return JSONResponse({"detail": f"malformed notification: {err}"}, 400)
    except PaymentProviderError as err:  # e.g. the status lookup failed: let them retry
        log.warning("payment webhook %s: provider lookup failed (%s)", provider, err)
        return JSONResponse({"detail": "provider unavailable, retry later"}, 503)
    results = [await settle(resources, provider, n, wake) for n in notifications]
    return JSONResponse({"results": results} if results else {"status": "ignored"})


async def settle(
    resources: Any, provider: str, notification: PaymentNotification, wake: asyncio.Event
) -> dict[str, Any]:
    """Applies a verified notification once; shared with the sandbox payment page."""
    async with resources.pool.connection() as conn, conn.transaction():
        outcome = await apply_notification(conn, provider, notification, resources.clock)
        if outcome is None:
            return {"status": "duplicate_or_unknown"}
        if outcome.changed and outcome.order.conversation_id is not None:
            await enqueue_payment_event(
                conn,
                conversation_id=outcome.order.conversation_id,
                event_key=f"{provider}:{notification.event_id}",
                payment={"order_id": outcome.order.id, "payment_id": outcome.payment.id,
                         "status": outcome.payment.status,
                         **({"difference": True} if outcome.difference else {})},
                clock=resources.clock,
            )
    if outcome.changed:
        wake.set()
    return {"status": outcome.payment.status, "order": outcome.order.number}
