"""Security headers on the pages people open in a browser: the console and the payment page.

CSP allows only this site's own resources (the pages use inline styles; the console's
scripts are served from /console), no framing (clickjacking of the pay and console buttons),
no MIME sniffing, no referrer to other sites (payment tokens are in the path), no caching.
"""

from __future__ import annotations

import base64
import hashlib
import re

from api.limits import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: https:; connect-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
_MAX_BUFFERED = 4 * 1024 * 1024
HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]
_PREFIXES = ("/console", "/pay/")


def csp_for(html: bytes) -> str:
    """The policy for a page: its own inline scripts allowed by hash, nothing else inline."""
    hashes = "".join(
        " 'sha256-" + base64.b64encode(hashlib.sha256(code).digest()).decode() + "'"
        for code in _INLINE_SCRIPT.findall(html)
    )
    return CSP.format(scripts=hashes)


class SecurityHeadersMiddleware:
    """Adds `HEADERS` and a CSP to every response under /console and /pay/ (replacing its
    own). HTML pages are held until complete, so their inline scripts can be hashed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(_PREFIXES):
            await self.app(scope, receive, send)
            return
        held: dict[str, Message] = {}
        chunks: list[bytes] = []

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS} | {b"content-security-policy"}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + HEADERS}
                if _is_html(kept):
                    held["start"] = message
                    return
                message["headers"] = message["headers"] + [
                    (b"content-security-policy", CSP.format(scripts="").encode())]
                await send(message)
                return
            if message["type"] == "http.response.body" and "start" in held:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False) and sum(map(len, chunks)) < _MAX_BUFFERED:
                    return
                body = b"".join(chunks)
                chunks.clear()
                start = held.pop("start")
                start["headers"] = [*start["headers"],
                                    (b"content-security-policy", csp_for(body).encode())]
                await send(start)
                await send({**message, "body": body})
                return
            await send(message)

        await self.app(scope, receive, with_headers)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.lower().startswith(b"text/html")
               for k, v in headers)
