"""A local fake of Evolution API v2, over real HTTP: its send endpoints, and its webhook side.

Send side, as evolution-api 2.3 answers `POST /message/{sendText,sendMedia,sendButtons,
sendList}/{instance}`: the `apikey` header must be the instance's token (401
`{"status", "error", "response": {"message"}}` otherwise), unknown instances get 404, bodies
are checked against the request schemas of `src/validate/message.schema.ts` and the limits of
`buttonMessage` (at most 3 reply buttons), and a send answers 201 with the sent message
(`key.id`). Outages can be injected (`fail_next`).

Webhook side: `webhook(...)` builds deliveries in the shape of tests/fixtures/evolution/ and
posts them as Evolution does, with the body's `apikey` and `Authorization: Bearer <JWT>`
signed with the instance's `jwt_key`.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.channels.evolution.verify import sign_jwt
from tests.fakes.server import LocalServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evolution"
_ENDPOINTS = ("sendText", "sendMedia", "sendButtons", "sendList")


def _error(status: int, error: str, message: Any) -> JSONResponse:
    return JSONResponse({"status": status, "error": error, "response": {"message": message}},
                        status_code=status)


class _Invalid(Exception):
    pass


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise _Invalid(message)


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_body(endpoint: str, body: dict[str, Any]) -> None:
    """The checks Evolution makes before sending (schema, then the service's own)."""
    _require(isinstance(body.get("number"), str), "number is required")
    if endpoint == "sendText":
        _require(_nonempty(body.get("text")), "Text is required")
    elif endpoint == "sendMedia":
        _require(body.get("mediatype") in ("image", "document", "video", "audio"),
                 "mediatype must be image, document, video or audio")
        _require(_nonempty(body.get("media")), "Owned media must be a url or base64")
    elif endpoint == "sendButtons":
        buttons = body.get("buttons") or []
        _require(len(buttons) > 0, "At least one button is required")
        _require(len(buttons) <= 3, "Maximum of 3 reply buttons allowed")
        for button in buttons:
            _require(button.get("type") == "reply", "Reply buttons cannot be mixed")
            _require(_nonempty(button.get("id")) and _nonempty(button.get("displayText")),
                     "reply buttons need id and displayText")
    else:
        for key in ("title", "footerText", "buttonText"):
            _require(isinstance(body.get(key), str), f"{key} is required")
        sections = body.get("sections") or []
        _require(len(sections) > 0, "sections must have at least one item")
        for section in sections:
            _require(_nonempty(section.get("title")), 'The "title" cannot be empty')
            rows = section.get("rows") or []
            _require(len(rows) > 0, "rows must have at least one item")
            for row in rows:
                _require(_nonempty(row.get("title")) and _nonempty(row.get("rowId")),
                         "rows need title and rowId")
                _require("description" not in row or _nonempty(row["description"]),
                         'The "description" cannot be empty')


class FakeEvolutionApi:
    """Evolution API with the given instances (`{name: token}`)."""

    def __init__(self, instances: dict[str, str], *, interactive: bool = True) -> None:
        """`interactive=False`: sendButtons and sendList answer 400, as on an instance whose
        WhatsApp does not take them."""
        self.instances = dict(instances)
        self.interactive = interactive
        self._sent: list[tuple[str, str, dict[str, Any]]] = []
        self._failures: list[int] = []
        self.attempts = 0
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server = LocalServer(self._app(), "fake Evolution API")

    def __enter__(self) -> FakeEvolutionApi:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    @property
    def base_url(self) -> str:
        return self._server.base_url

    def fail_next(self, count: int, status: int = 503) -> None:
        """The next `count` sends answer `status` (an outage, a rate limit)."""
        with self._lock:
            self._failures += [status] * count

    def sent(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(instance, endpoint, body) of every accepted send, in order."""
        with self._lock:
            return list(self._sent)

    def wait_for(self, count: int, timeout: float = 20) -> list[tuple[str, str, dict[str, Any]]]:
        deadline = time.monotonic() + timeout
        while len(sent := self.sent()) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(sent)} of {count} messages sent")
            time.sleep(0.02)
        return sent

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/message/{endpoint}/{instance}")
        async def send(endpoint: str, instance: str, request: Request) -> JSONResponse:
            with self._lock:
                self.attempts += 1
            if endpoint not in _ENDPOINTS:
                return _error(404, "Not Found", [f"Cannot POST /message/{endpoint}"])
            if instance not in self.instances:
                return _error(404, "Not Found", [f'The "{instance}" instance does not exist'])
            if request.headers.get("apikey") != self.instances[instance]:
                return _error(401, "Unauthorized", "Unauthorized")
            with self._lock:
                failure = self._failures.pop(0) if self._failures else None
            if failure is not None:
                return _error(failure, "Internal Server Error", ["Connection Closed"])
            body = json.loads(await request.body())
            try:
                _require(self.interactive or endpoint in ("sendText", "sendMedia"),
                         "interactive messages are not available on this instance")
                check_body(endpoint, body)
            except _Invalid as err:
                return _error(400, "Bad Request", [str(err)])
            number = body["number"]
            jid = number if "@" in number else f"{number}@s.whatsapp.net"
            message_id = f"BAE5{next(self._ids):012X}"
            with self._lock:
                self._sent.append((instance, endpoint, body))
            return JSONResponse({"key": {"remoteJid": jid, "fromMe": True, "id": message_id},
                                 "message": {}, "messageTimestamp": str(int(time.time())),
                                 "status": "PENDING"}, status_code=201)

        return app


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def upsert(instance: str, jid: str, message: dict[str, Any], *, name: str = "Maria",
           message_id: str | None = None) -> dict[str, Any]:
    """A `messages.upsert` delivery shaped like the fixtures, for one buyer message."""
    envelope = fixture("messages_upsert_conversation.json")
    envelope["instance"] = instance
    data = envelope["data"]
    data["key"] = {"remoteJid": jid, "fromMe": False,
                   "id": message_id or f"3EB0{secrets.token_hex(8).upper()}"}
    data["pushName"], data["message"] = name, message
    data["messageType"] = next(iter(message))
    data["messageTimestamp"] = int(time.time())
    return envelope


def post_webhook(url: str, envelope: dict[str, Any], *, apikey: str, jwt_key: str | None,
                 issued_at: int | None = None) -> httpx.Response:
    """Posts a delivery as Evolution does: `apikey` in the body, the JWT in a header."""
    body = {**envelope, "apikey": apikey}
    headers = {"Content-Type": "application/json"}
    if jwt_key is not None:
        token = sign_jwt(jwt_key, issued_at if issued_at is not None else int(time.time()))
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(url, content=json.dumps(body), headers=headers, timeout=10)
