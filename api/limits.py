"""Request body limits for every route, as a plain ASGI middleware (issue #18).

A body larger than its route's limit gets 413 before it is read whole: at once when its
`Content-Length` says so, or as soon as the streamed bytes pass the limit (chunked bodies,
or a length that lies). Webhooks carry a few MB at most; forms are small.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WEBHOOK_LIMIT = 3 * 1024 * 1024
"""WhatsApp and payment provider deliveries (a WhatsApp batch is well under 1 MB)."""
FORM_LIMIT = 16 * 1024
"""Sign-in and the payment page: a few short fields."""
DEFAULT_LIMIT = 256 * 1024
"""Everything else (console forms and fetches, FAQ edits)."""


def limit_for(path: str) -> int:
    """The largest body accepted on `path`."""
    if path.startswith("/webhooks/"):
        return WEBHOOK_LIMIT
    if path.startswith("/pay/") or path in ("/console/login", "/console/logout"):
        return FORM_LIMIT
    return DEFAULT_LIMIT


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses request bodies over `limit_for(path)` with 413."""

    def __init__(self, app: ASGIApp, limit: Callable[[str], int] = limit_for) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _refuse(send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body too large (limit {limit} bytes)"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
