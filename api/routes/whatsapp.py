"""The WhatsApp Cloud API webhook: verify, store, acknowledge. The graph never runs here."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from api.buyer_limits import (
    FLOOD_REPLY,
    BuyerFloodGuard,
    buyer_pacer,
    leave_out_of_access_log,
    turns_worth,
)
from api.channels.whatsapp.parse import MalformedPayload, parse_webhook
from api.channels.whatsapp.render import plain_text_payload
from api.channels.whatsapp.signature import verify_signature
from api.delivery_failures import act_on_failures
from api.deps import SettingsDep, get_outbox_wake, get_resources, get_turn_wake
from api.inbox import StoredBatch, store_batch
from api.metrics import NamedRoute
from api.resources import Resources
from api.store_limits import Pacer, store_pacer
from api.worker.outbox import enqueue
from balcao.messages import InboundMessage, WebhookBatch
from tools.stores import store_for_number

log = logging.getLogger(__name__)

router = APIRouter(prefix="/webhooks/whatsapp")

T = TypeVar("T")


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


async def receive(request: Request) -> JSONResponse:
    """Stores every message of the delivery in the inbox and acknowledges it.

    A flood's deliveries must stay cheap, or the flooder slows every buyer (each runs on the
    event loop of their turns): this is a plain Starlette endpoint placed first among the
    app's routes (`delivery_route`: FastAPI's dependency solving and its matching through
    every included router cost twice what the delivery's own work does), and a delivery
    whose messages are all over their buyer's rate touches no database."""
    resources = get_resources(request)
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
        # One unreadable message is left out; the rest of the delivery is kept.
        batch = parse_webhook(raw, skip_bad_messages=True)
    except MalformedPayload as err:
        log.warning("webhook rejected: %s", err.reason)
        return JSONResponse({"detail": f"malformed payload: {err.reason}"}, status_code=400)
    batch.messages, warned, dropped = _admit(request, resources, batch.messages)
    stored, queued = StoredBatch(), 0
    if batch.messages or batch.statuses or warned:
        stored, queued = await _store(request, resources, batch, warned)
    elif dropped:
        leave_out_of_access_log()  # a flood's delivery: no log line for each
    if stored.new:
        get_turn_wake(request).set()
    if queued:
        get_outbox_wake(request).set()
    answer = {"received": stored.new, "duplicates": stored.duplicates,
              "statuses": stored.statuses}
    if stored.unrouted:
        answer["unrouted"] = stored.unrouted  # no store owns the number: kept, not answered
    if throttled := len(warned) + dropped:
        answer["throttled"] = throttled  # over a buyer's rate: acknowledged, not stored
    return JSONResponse(answer)


delivery_route = NamedRoute("/webhooks/whatsapp", receive, methods=["POST"])
"""`POST /webhooks/whatsapp`, for `create_app` to put first (the GET handshake is `router`'s)."""


async def _store(request: Request, resources: Resources, batch: WebhookBatch,
                 warned: list[tuple[InboundMessage, str]]) -> tuple[StoredBatch, int]:
    """Stores the delivery (each message paced by its store's and its buyer's rate), acts on
    delivery failures and queues the polite reply to each buyer told to slow down; returns
    what was stored and how many outbound messages were queued."""
    settings = resources.settings
    stores, buyers = _pacers(request, resources)
    now = resources.clock.now()

    def pace(store_id: str, message: InboundMessage) -> datetime | None:
        due = [t for t in (stores.schedule(store_id, now),
                           buyers.schedule(_buyer_key(message), now, turns_worth(message)))
               if t is not None]
        return max(due, default=None)

    async with resources.pool.connection() as conn:
        stored = await store_batch(
            conn, batch, default_store_id=settings.default_store_id, clock=resources.clock,
            default_number=settings.whatsapp_phone_number_id, pace=pace)
        # A reply WhatsApp could not deliver: retried once, or flagged on its conversation.
        queued = await act_on_failures(conn, batch.statuses, resources.clock)
        for message, window in warned:
            store_id = await store_for_number(conn, message.business_account_id,
                                              settings.default_store_id,
                                              settings.whatsapp_phone_number_id)
            if store_id is None:  # nobody's number: never answered from another store's
                continue
            queued += await enqueue(
                conn, store_id=store_id, conversation_id=None,
                channel=message.channel, recipient=message.buyer_id,
                payloads=[plain_text_payload(message.buyer_id, FLOOD_REPLY)],
                key_prefix=f"flood:{message.buyer_id}:{window}",
                clock=resources.clock)
    return stored, queued


def _per_process(request: Request, name: str, make: Callable[[], T]) -> T:
    """The app's one `name` (made on first use): limits count across requests."""
    kept = getattr(request.app.state, name, None)
    if kept is None:
        kept = make()
        setattr(request.app.state, name, kept)
    return kept


def _guard(request: Request, resources: Resources) -> BuyerFloodGuard:
    return _per_process(request, "buyer_flood_guard", lambda: BuyerFloodGuard(
        resources.settings.buyer_messages_per_minute))


def _pacers(request: Request, resources: Resources) -> tuple[Pacer, Pacer]:
    """The per-store and the per-buyer pacing of this process."""
    settings = resources.settings
    return (_per_process(request, "store_pacer",
                         lambda: store_pacer(settings.store_messages_per_minute)),
            _per_process(request, "buyer_pacer",
                         lambda: buyer_pacer(settings.buyer_messages_per_minute)))


def _buyer_key(message: InboundMessage) -> str:
    return f"{message.channel}:{message.business_account_id}:{message.buyer_id}"


def _admit(request: Request, resources: Resources, messages: list[InboundMessage]
           ) -> tuple[list[InboundMessage], list[tuple[InboundMessage, str]], int]:
    """The messages within their buyer's rate, those whose buyer must be told, once, to slow
    down, and how many more of a flood are acknowledged and not stored."""
    guard, now = _guard(request, resources), resources.clock.now()
    kept: list[InboundMessage] = []
    warned: list[tuple[InboundMessage, str]] = []
    dropped = 0
    for message in messages:
        key = _buyer_key(message)
        verdict = guard.admit(key, now, turns_worth(message))
        if verdict == "ok":
            kept.append(message)
        elif verdict == "warn":
            warned.append((message, guard.window_key(key)))
        else:
            dropped += 1
    if warned:  # once a buyer and minute: a flood must not cost a log line a delivery
        log.warning("webhook: %d buyer(s) over their rate; their further messages this minute"
                    " are not stored", len(warned))
    return kept, warned, dropped
