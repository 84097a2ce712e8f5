"""The Evolution API webhook: verify, store, acknowledge. The graph never runs here.

`POST /webhooks/evolution/{instance}` (and `/{instance}/{event}`, the URLs Evolution uses
with `webhook_by_events`). The instance names the store (its file's `channels.evolution`);
the body's `apikey` and the HS256 JWT Evolution signs with the instance's `jwt_key` must
both be right, else 401 (which Evolution does not retry).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.channels.evolution.parse import parse_delivery, read_envelope
from api.channels.evolution.stores import store_for_instance
from api.channels.evolution.verify import refusal
from api.channels.whatsapp.payload import MalformedPayload
from api.deps import ResourcesDep, TurnWakeDep
from api.inbox import store_batch

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/evolution")


@router.post("/{instance}")
async def receive(instance: str, request: Request, resources: ResourcesDep,
                  wake: TurnWakeDep) -> JSONResponse:
    """Stores the delivery's buyer messages and statuses in the inbox and acknowledges."""
    settings = resources.settings
    found = store_for_instance(resources.services.stores, settings.default_store_id, instance)
    if found is None:
        return JSONResponse({"detail": "no store has this Evolution instance"}, status_code=404)
    store_id, channel = found
    try:
        envelope = read_envelope(await request.body())
    except MalformedPayload as err:
        return JSONResponse({"detail": f"malformed payload: {err.reason}"}, status_code=400)
    reason = refusal(envelope, request.headers.get("authorization"), channel,
                     resources.clock.now())
    if reason is not None:
        log.warning("evolution webhook of store %s refused: %s", store_id, reason)
        return JSONResponse({"detail": reason}, status_code=401)
    try:
        delivery = parse_delivery(envelope)
    except MalformedPayload as err:
        return JSONResponse({"detail": f"malformed payload: {err.reason}"}, status_code=400)
    if delivery.instance != instance:
        return JSONResponse({"detail": "the body's instance is not the URL's"}, status_code=400)
    if delivery.connection is not None:
        level = logging.INFO if delivery.connection in ("open", "connecting") else logging.WARNING
        log.log(level, "evolution instance of store %s: connection %s", store_id,
                delivery.connection)
    async with resources.pool.connection() as conn:
        stored = await store_batch(conn, delivery.batch, default_store_id=settings.default_store_id,
                                   clock=resources.clock, store_id=store_id)
    if stored.new:
        wake.set()
    answer: dict[str, object] = {"event": delivery.event, "received": stored.new,
                                 "duplicates": stored.duplicates, "statuses": stored.statuses,
                                 "ignored": delivery.ignored}
    if delivery.connection is not None:
        answer["connection"] = delivery.connection
    return JSONResponse(answer)


@router.post("/{instance}/{event}")
async def receive_by_event(instance: str, event: str, request: Request,
                           resources: ResourcesDep, wake: TurnWakeDep) -> JSONResponse:
    """The same, for `webhook_by_events` URLs (`.../messages-upsert`); the body names the
    event, so the path's is not needed."""
    return await receive(instance, request, resources, wake)
