"""A local fake of Chatwoot's application API, over real HTTP, and its agent-bot webhook side.

API side, as Chatwoot answers under `/api/v1/accounts/{account}/conversations/{id}/`:
`messages` (201-like 200 with the created message and its `id`; bodies checked against
`create_message_payload.yml` and `ContentAttributeValidator`: `input_select` needs `items` of
only `title`/`value`), `toggle_status` (`open`, `resolved`, `pending`, `snoozed`), and
`labels` (GET the list; POST replaces it). Every call needs the `api_access_token` header
(401 `{"error": ...}` otherwise); unknown accounts get 404. Outages can be injected
(`fail_next`).

Webhook side: `message_created(...)` builds deliveries from tests/fixtures/chatwoot/ (the
docs' own samples) for one conversation, and `post_webhook` posts them as the agent bot's
`Webhooks::Trigger` does (JSON, no signature; the token rides in the URL).
"""

from __future__ import annotations

import copy
import itertools
import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.fakes.server import LocalServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "chatwoot"
_CONTENT_TYPES = ("text", "input_email", "cards", "input_select", "form", "article")
_STATUSES = ("open", "resolved", "pending", "snoozed")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def check_message(body: dict[str, Any]) -> str | None:
    """Why Chatwoot would refuse to create this message (422), or None."""
    content_type = body.get("content_type", "text")
    if content_type not in _CONTENT_TYPES:
        return f"content_type {content_type!r} is not included in the list"
    if not isinstance(body.get("content"), str) or not body["content"].strip():
        return "Content can't be blank"
    if body.get("message_type", "outgoing") not in ("outgoing", "incoming"):
        return "message_type is not included in the list"
    if content_type == "input_select":
        items = (body.get("content_attributes") or {}).get("items")
        if not isinstance(items, list) or not items:
            return "Content attributes At least one item is required."
        if any(set(item) - {"title", "value"} for item in items):
            return "Content attributes contains invalid keys for items"
    return None


class FakeChatwootApi:
    """Chatwoot with one account and its access token."""

    def __init__(self, account_id: int, token: str) -> None:
        self.account_id, self.token = account_id, token
        self.attempts = 0
        self._messages: list[tuple[int, dict[str, Any]]] = []
        self._statuses: list[tuple[int, str]] = []
        self._labels: dict[int, list[str]] = {}
        self._failures: list[int] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1000)
        self._server = LocalServer(self._app(), "fake Chatwoot API")

    def __enter__(self) -> FakeChatwootApi:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    @property
    def base_url(self) -> str:
        return self._server.base_url

    def fail_next(self, count: int, status: int = 503) -> None:
        """The next `count` calls answer `status` (an outage, a rate limit)."""
        with self._lock:
            self._failures += [status] * count

    def messages(self, conversation_id: int, *, private: bool = False) -> list[dict[str, Any]]:
        """The messages created in the conversation (public ones, or private notes), each
        with the `id` Chatwoot gave it."""
        with self._lock:
            return [body for cid, body in self._messages
                    if cid == conversation_id and bool(body.get("private")) == private]

    def statuses(self, conversation_id: int) -> list[str]:
        with self._lock:
            return [status for cid, status in self._statuses if cid == conversation_id]

    def labels(self, conversation_id: int) -> list[str]:
        with self._lock:
            return list(self._labels.get(conversation_id, []))

    def _refusal(self, account: int, request: Request) -> JSONResponse | None:
        """What Chatwoot answers before doing anything: an unknown account, a wrong token,
        or an injected outage; None when the call goes ahead."""
        with self._lock:
            self.attempts += 1
        if account != self.account_id:
            return _error(404, "Resource could not be found")
        if request.headers.get("api_access_token") != self.token:
            return _error(401, "You need to sign in or sign up before continuing.")
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        return _error(failure, "Internal Server Error") if failure else None

    def _app(self) -> FastAPI:
        app = FastAPI()
        base = "/api/v1/accounts/{account}/conversations/{cid}"
        guard = self._refusal

        @app.post(base + "/messages")
        async def create_message(account: int, cid: int, request: Request) -> JSONResponse:
            if (refused := guard(account, request)) is not None:
                return refused
            body = json.loads(await request.body())
            if (problem := check_message(body)) is not None:
                return _error(422, problem)
            message_id = next(self._ids)
            with self._lock:
                self._messages.append((cid, {**body, "id": message_id}))
            return JSONResponse({
                "id": message_id, "content": body["content"], "account_id": account,
                "conversation_id": cid, "message_type": 1, "private": bool(body.get("private")),
                "content_type": body.get("content_type", "text"),
                "content_attributes": body.get("content_attributes") or {},
                "created_at": int(time.time()), "status": "sent"})

        @app.post(base + "/toggle_status")
        async def toggle_status(account: int, cid: int, request: Request) -> JSONResponse:
            if (refused := guard(account, request)) is not None:
                return refused
            status = json.loads(await request.body()).get("status")
            if status not in _STATUSES:
                return _error(422, "status is not included in the list")
            with self._lock:
                self._statuses.append((cid, status))
            return JSONResponse({"meta": {}, "payload": {
                "success": True, "conversation_id": cid, "current_status": status,
                "snoozed_until": None}})

        @app.get(base + "/labels")
        async def list_labels(account: int, cid: int, request: Request) -> JSONResponse:
            if (refused := guard(account, request)) is not None:
                return refused
            return JSONResponse({"payload": self.labels(cid)})

        @app.post(base + "/labels")
        async def set_labels(account: int, cid: int, request: Request) -> JSONResponse:
            if (refused := guard(account, request)) is not None:
                return refused
            labels = json.loads(await request.body()).get("labels")
            if not isinstance(labels, list):
                return _error(422, "labels must be a list")
            with self._lock:
                self._labels[cid] = [str(label).lower() for label in labels]
            return JSONResponse({"payload": self.labels(cid)})

        return app


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


_message_ids = itertools.count(5000)


def message_created(account_id: int, conversation_id: int, content: str, *,
                    message_id: int | None = None, message_type: str = "incoming",
                    private: bool = False, sender_type: str = "contact") -> dict[str, Any]:
    """A `message_created` delivery shaped like the docs' sample, for one conversation."""
    body = copy.deepcopy(fixture("message_created.json"))
    body["id"] = message_id if message_id is not None else next(_message_ids)
    body["content"], body["message_type"], body["private"] = content, message_type, private
    body["sender"]["type"] = sender_type
    body["account"]["id"] = account_id
    in_conversation(body["conversation"], account_id, conversation_id)
    return body


def in_conversation(conversation: dict[str, Any], account_id: int,
                    conversation_id: int) -> dict[str, Any]:
    """A fixture's conversation object (in place) as conversation `conversation_id` of the
    account: its `id` and its latest message's `conversation_id` and `account_id`."""
    conversation["id"] = conversation_id
    for message in conversation.get("messages") or []:
        message["conversation_id"], message["account_id"] = conversation_id, account_id
    return conversation


def option_picked(account_id: int, conversation_id: int, message_id: int, title: str,
                  value: str) -> dict[str, Any]:
    """The `message_updated` the website widget causes when the buyer picks an option of an
    `input_select` message (`content_attributes.submitted_values`)."""
    body = message_created(account_id, conversation_id, title, message_id=message_id,
                           message_type="outgoing", sender_type="agent_bot")
    body["event"], body["content_type"] = "message_updated", "input_select"
    body["content_attributes"] = {"submitted_values": [{"title": title, "value": value}]}
    return body


def post_webhook(url: str, body: dict[str, Any], *, token: str | None) -> httpx.Response:
    """Posts a delivery as Chatwoot does; the token goes in the URL's query."""
    params = {"token": token} if token is not None else None
    return httpx.post(url, content=json.dumps(body), params=params,
                      headers={"Content-Type": "application/json"}, timeout=10)
