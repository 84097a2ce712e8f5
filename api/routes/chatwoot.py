"""The Chatwoot agent-bot webhook: verify, store, acknowledge. The graph never runs here.

`POST /webhooks/chatwoot/{store}?token=<webhook_token>`: the URL the store gives its agent
bot in Chatwoot (and, for hand-backs by "mark as pending", an account webhook with
`conversation_status_changed`). Buyer messages go to the inbox like WhatsApp's; a
conversation resolved or set back to the bot hands an open escalation back to the graph.
A missing or wrong token gets 401 (Chatwoot does not retry; a bot conversation whose
webhook fails is opened for its agents).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.channels.chatwoot.handoff import hand_back
from api.channels.chatwoot.parse import HAND_BACK_STATUSES, buyer_id_of, parse_delivery
from api.channels.chatwoot.verify import TOKEN_HEADER, refusal
from api.channels.evolution.parse import read_envelope
from api.channels.whatsapp.payload import MalformedPayload
from api.deps import ResourcesDep, TurnWakeDep
from api.inbox import store_batch
from api.resources import Resources
from balcao.pii import pseudonym
from balcao.store_config_channels import ChatwootChannel

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/chatwoot")


@router.post("/{store}")
async def receive(store: str, request: Request, resources: ResourcesDep, wake: TurnWakeDep,
                  token: str | None = None) -> JSONResponse:
    """Stores the delivery's buyer message, or hands a conversation back, and acknowledges."""
    channel = _channel(resources, store)
    if channel is None:
        return JSONResponse({"detail": "no store here has a Chatwoot agent bot"},
                            status_code=404)
    reason = refusal(token or request.headers.get(TOKEN_HEADER), channel)
    if reason is not None:
        log.warning("chatwoot webhook of store %s refused: %s", store, reason)
        return JSONResponse({"detail": reason}, status_code=401)
    try:
        delivery = parse_delivery(read_envelope(await request.body()))
    except MalformedPayload as err:
        return JSONResponse({"detail": f"malformed payload: {err.reason}"}, status_code=400)
    if delivery.account_id is not None and delivery.account_id != channel.account_id:
        return JSONResponse({"detail": "the delivery is of another Chatwoot account"},
                            status_code=400)
    handed_back = False
    async with resources.pool.connection() as conn:
        if delivery.status in HAND_BACK_STATUSES and delivery.conversation_id is not None:
            buyer = buyer_id_of(delivery.conversation_id)
            handed_back = await hand_back(conn, store_id=store, buyer_id=buyer,
                                          clock=resources.clock)
            if handed_back:
                log.info("chatwoot conversation %s of store %s handed back (%s)",
                         pseudonym(buyer), store, delivery.status)
        stored = await store_batch(conn, delivery.batch,
                                   default_store_id=resources.settings.default_store_id,
                                   clock=resources.clock, store_id=store)
    if stored.new or handed_back:
        wake.set()
    return JSONResponse({"event": delivery.event, "received": stored.new,
                         "duplicates": stored.duplicates, "ignored": delivery.ignored,
                         "handed_back": handed_back})


def _channel(resources: Resources, store: str) -> ChatwootChannel | None:
    """The store's Chatwoot settings; None for a store with no file (or no Chatwoot)."""
    stores = resources.services.stores
    if store not in (*stores.file_ids(), resources.settings.default_store_id):
        return None
    try:
        return stores.get(store).channels.chatwoot
    except ValueError:
        return None  # a broken file is logged where it is loaded
