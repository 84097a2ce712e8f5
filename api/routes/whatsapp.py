"""The WhatsApp Cloud API webhook: verify, store, acknowledge. The graph never runs here."""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from api.channels.whatsapp.parse import MalformedPayload, parse_webhook
from api.channels.whatsapp.signature import verify_signature
from api.deps import ResourcesDep, SettingsDep, TurnWakeDep
from api.inbox import store_batch

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/whatsapp")


@router.get("")
async def verify_subscription(
    settings: SettingsDep,
    mode: str | None = Query(default=None, alias="hub.mode"),
    token: str | None = Query(default=None, alias="hub.verify_token"),
    challenge: str | None = Query(default=None, alias="hub.challenge"),
) -> PlainTextResponse:
    """Meta's verification handshake: echo the challenge when the token matches."""
    expected = settings.whatsapp_verify_token
    if (
        mode == "subscribe"
        and expected is not None
        and token is not None
        and hmac.compare_digest(token.encode(), expected.get_secret_value().encode())
        and challenge is not None
    ):
        return PlainTextResponse(challenge)
    return PlainTextResponse("verification failed", status_code=403)


@router.post("")
async def receive(request: Request, resources: ResourcesDep, wake: TurnWakeDep) -> JSONResponse:
    """Stores every message of the delivery in the inbox and acknowledges it."""
    settings = resources.settings
    if not settings.webhook_enabled:
        return JSONResponse(
            {"detail": "webhook disabled: set WHATSAPP_APP_SECRET "
             "(or BALCAO_INSECURE_DEV_WEBHOOK=true for local development)"},
            status_code=503,
        )
    raw = await request.body()
    if settings.whatsapp_app_secret is not None and not verify_signature(
        raw,
        request.headers.get("X-Hub-Signature-256"),
        settings.whatsapp_app_secret.get_secret_value(),
    ):
        log.warning("webhook refused: bad or missing signature")
        return JSONResponse({"detail": "invalid signature"}, status_code=401)
    try:
        batch = parse_webhook(raw)
    except MalformedPayload as err:
        log.warning("webhook rejected: %s", err.reason)
        return JSONResponse({"detail": f"malformed payload: {err.reason}"}, status_code=400)
    async with resources.pool.connection() as conn:
        stored = await store_batch(
            conn, batch, default_store_id=settings.default_store_id, clock=resources.clock
        )
    if stored.new:
        wake.set()
    return JSONResponse(
        {"received": stored.new, "duplicates": stored.duplicates, "statuses": stored.statuses}
    )
