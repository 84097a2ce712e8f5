"""Finding 2: an oversized body is refused with 413 before it is read whole, on every route,
whether its Content-Length says so or it streams without one."""

from __future__ import annotations

import asyncio

from api.limits import FORM_LIMIT, WEBHOOK_LIMIT, BodyLimitMiddleware
from tests.security.conftest import AppFactory


def test_oversized_bodies_get_413_on_webhooks_forms_and_the_console(
    make_client: AppFactory,
) -> None:
    client = make_client(BALCAO_INSECURE_DEV_WEBHOOK="true")
    huge = b"x" * (WEBHOOK_LIMIT + 1)
    assert client.post("/webhooks/whatsapp", content=huge).status_code == 413
    assert client.post("/webhooks/payments/stripe", content=huge).status_code == 413
    form = {"email": "a@b.c", "password": "p" * (FORM_LIMIT + 1), "csrf": "x"}
    assert client.post("/console/login", data=form).status_code == 413
    assert client.post("/pay/tok", data={"decision": "p" * FORM_LIMIT}).status_code == 413
    assert client.post("/console/api/anything", content=b"y" * 300_000).status_code == 413
    # Within the limit the route answers as before.
    assert client.post("/webhooks/whatsapp", content=b"{}").status_code == 400


def test_a_streamed_body_is_cut_off_once_past_the_limit() -> None:
    """No Content-Length (chunked): the app stops reading at the limit and answers 413."""
    read_chunks = 0

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        nonlocal read_chunks
        while True:
            message = await receive()
            read_chunks += 1
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict] = []
    chunks = iter([{"type": "http.request", "body": b"z" * 1024, "more_body": True}] * 100_000)

    async def receive():  # type: ignore[no-untyped-def]
        return next(chunks)

    async def send(message):  # type: ignore[no-untyped-def]
        sent.append(message)

    middleware = BodyLimitMiddleware(app, limit=lambda path: 10 * 1024)
    asyncio.run(middleware({"type": "http", "path": "/webhooks/x", "headers": []},
                           receive, send))
    assert sent[0]["status"] == 413
    assert read_chunks <= 11  # about 10 KiB read of the 100 MB on offer
