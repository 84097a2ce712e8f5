"""A local fake of the WhatsApp Cloud API messages endpoint, served over real HTTP.

It follows Meta's documented request and response shapes for
`POST /{version}/{phone_number_id}/messages`: Bearer token check (401, Graph code 190),
body validation (400, Graph code 100 / 131009), and the success answer with a fresh
`wamid`. Failures can be injected to exercise retry paths.

In tests::

    with FakeGraphApi(token="t") as graph:
        client = WhatsAppClient(graph.base_url, "v21.0", "PNID", "t", http)
        ...
        graph.wait_for(1)

For manual demos::

    python -m tests.fakes.graph_api --port 8765 --token demo-token
"""

from __future__ import annotations

import argparse
import itertools
import json
import secrets
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.fakes.server import LocalServer

DEFAULT_TOKEN = "test-token"

# Content limits Meta enforces on the messages the renderer produces; checking them here
# turns a rendering bug into a 400, as it would be in production.
_TEXT_MAX = 4096
_BUTTON_TITLE_MAX = 20
_BUTTON_ID_MAX = 256
_BUTTON_BODY_MAX = 1024
_LIST_BODY_MAX = 4096
_LIST_BUTTON_MAX = 20
_ROW_ID_MAX = 200
_ROW_TITLE_MAX = 24
_ROW_DESCRIPTION_MAX = 72
_CAPTION_MAX = 1024
_PRODUCT_BODY_MAX = 1024
_PRODUCT_LIST_HEADER_MAX = 60
_PRODUCT_LIST_SECTIONS_MAX = 10
_PRODUCT_LIST_ITEMS_MAX = 30
_SECTION_TITLE_MAX = 24

_DEFAULT_ERRORS: dict[int, dict[str, Any]] = {
    400: {
        "message": "(#100) Invalid parameter",
        "type": "OAuthException",
        "code": 100,
        "error_subcode": 2494010,
    },
    401: {
        "message": "Invalid OAuth access token - Cannot parse access token",
        "type": "OAuthException",
        "code": 190,
    },
    429: {
        "message": "(#130429) Rate limit hit",
        "type": "OAuthException",
        "code": 130429,
        "error_data": {
            "messaging_product": "whatsapp",
            "details": "Cloud API message throughput has been reached.",
        },
    },
    500: {
        "message": "An unknown error has occurred.",
        "type": "OAuthException",
        "code": 1,
        "is_transient": True,
    },
}


_MESSAGES_BY_CODE = {
    100: "(#100) Invalid parameter",
    131008: "(#131008) Required parameter is missing",
    131009: "(#131009) Parameter value is not valid",
}


def graph_error(status: int, error: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Graph-style error body: `{"error": {message, type, code, ..., fbtrace_id}}`.

    Args:
        status: The HTTP status it goes with; picks the default error fields.
        error: Fields that replace the defaults (e.g. `{"code": 131026}`); when given,
            the default subcode and extras are dropped so they cannot contradict it.
    """
    default = _DEFAULT_ERRORS.get(status, _DEFAULT_ERRORS[500 if status >= 500 else 400])
    if error is None:
        body = dict(default)
    else:
        body = {"message": default["message"], "type": default["type"], "code": default["code"]}
        body.update(error)
    body.setdefault("fbtrace_id", "A" + secrets.token_hex(10))
    return {"error": body}


class _Invalid(Exception):
    def __init__(self, details: str, code: int = 100) -> None:
        super().__init__(details)
        self.details = details
        self.code = code


def _check_text(content: dict[str, Any]) -> None:
    body = content.get("body")
    if not isinstance(body, str) or not body.strip():
        raise _Invalid("text.body is required", 131008)
    if len(body) > _TEXT_MAX:
        raise _Invalid(f"text.body is longer than {_TEXT_MAX} characters", 131009)


def _check_image(content: dict[str, Any]) -> None:
    # Meta: an image is sent by `link` (http/https URL) or by uploaded media `id`.
    link, media_id = content.get("link"), content.get("id")
    if not (isinstance(link, str) and link.startswith(("https://", "http://"))) and not (
        isinstance(media_id, str) and media_id
    ):
        raise _Invalid("image.link or image.id is required", 131008)
    caption = content.get("caption")
    if caption is not None and (not isinstance(caption, str) or len(caption) > _CAPTION_MAX):
        raise _Invalid(f"image.caption must be at most {_CAPTION_MAX} characters", 131009)


def _check_product(content: dict[str, Any], action: dict[str, Any]) -> None:
    # Single-product message: body optional (≤ 1024), no header, catalog and retailer id.
    if "header" in content:
        raise _Invalid("a product message takes no header", 131009)
    body = content.get("body")
    if body is not None:
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text or len(text) > _PRODUCT_BODY_MAX:
            raise _Invalid(f"interactive.body.text must be 1 to {_PRODUCT_BODY_MAX}", 131009)
    _check_catalog(action)
    retailer_id = action.get("product_retailer_id")
    if not isinstance(retailer_id, str) or not retailer_id:
        raise _Invalid("action.product_retailer_id is required", 131008)


def _check_product_list(content: dict[str, Any], action: dict[str, Any]) -> None:
    # Multi-product message: text header and body required; 1-10 titled sections holding
    # 1-30 products in all.
    header = content.get("header")
    if not isinstance(header, dict) or header.get("type") != "text":
        raise _Invalid("a product_list needs a text header", 131008)
    title = header.get("text")
    if not isinstance(title, str) or not title or len(title) > _PRODUCT_LIST_HEADER_MAX:
        raise _Invalid(f"header.text must be 1 to {_PRODUCT_LIST_HEADER_MAX} chars", 131009)
    text = (content.get("body") or {}).get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > _PRODUCT_BODY_MAX:
        raise _Invalid(f"interactive.body.text must be 1 to {_PRODUCT_BODY_MAX}", 131009)
    _check_catalog(action)
    sections = action.get("sections")
    if not isinstance(sections, list) or not 1 <= len(sections) <= _PRODUCT_LIST_SECTIONS_MAX:
        raise _Invalid("action.sections must hold 1 to 10 sections", 131009)
    items = []
    for section in sections:
        name = section.get("title") if isinstance(section, dict) else None
        if not isinstance(name, str) or not name or len(name) > _SECTION_TITLE_MAX:
            raise _Invalid(f"sections[].title must be 1 to {_SECTION_TITLE_MAX} chars", 131009)
        products = section.get("product_items")
        if not isinstance(products, list) or not products:
            raise _Invalid("sections[].product_items is required", 131008)
        for product in products:
            rid = product.get("product_retailer_id") if isinstance(product, dict) else None
            if not isinstance(rid, str) or not rid:
                raise _Invalid("product_items[].product_retailer_id is required", 131008)
            items.append(rid)
    if len(items) > _PRODUCT_LIST_ITEMS_MAX:
        raise _Invalid("a product_list holds at most 30 products", 131009)


def _check_catalog(action: dict[str, Any]) -> None:
    if not isinstance(action.get("catalog_id"), str) or not action["catalog_id"]:
        raise _Invalid("action.catalog_id is required", 131008)


def _check_interactive(content: dict[str, Any]) -> None:
    kind = content.get("type")
    action = content.get("action")
    if kind in {"product", "product_list"}:
        if not isinstance(action, dict):
            raise _Invalid("interactive.action is required", 131008)
        check = _check_product if kind == "product" else _check_product_list
        check(content, action)
        return
    body = content.get("body")
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise _Invalid("interactive.body.text is required", 131008)
    if not isinstance(action, dict):
        raise _Invalid("interactive.action is required", 131008)
    if kind == "button":
        _check_buttons(text, action)
    elif kind == "list":
        _check_list(text, action)
    else:
        raise _Invalid("interactive.type is not supported by this fake", 131009)


def _check_buttons(text: str, action: dict[str, Any]) -> None:
    if len(text) > _BUTTON_BODY_MAX:
        raise _Invalid(f"interactive.body.text is longer than {_BUTTON_BODY_MAX}", 131009)
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        raise _Invalid("interactive.action.buttons must hold 1 to 3 buttons", 131009)
    ids, titles = [], []
    for button in buttons:
        reply = button.get("reply") if isinstance(button, dict) else None
        if button.get("type") != "reply" or not isinstance(reply, dict):
            raise _Invalid("buttons[].type must be 'reply' with a reply object", 131009)
        bid, title = reply.get("id"), reply.get("title")
        if not isinstance(bid, str) or not bid or len(bid) > _BUTTON_ID_MAX:
            raise _Invalid(f"buttons[].reply.id must be 1 to {_BUTTON_ID_MAX} chars", 131009)
        if not isinstance(title, str) or not title or len(title) > _BUTTON_TITLE_MAX:
            raise _Invalid(f"buttons[].reply.title must be 1 to {_BUTTON_TITLE_MAX} chars", 131009)
        ids.append(bid)
        titles.append(title)
    if len(set(ids)) != len(ids) or len(set(titles)) != len(titles):
        raise _Invalid("button ids and titles must be unique", 131009)


def _check_list(text: str, action: dict[str, Any]) -> None:
    if len(text) > _LIST_BODY_MAX:
        raise _Invalid(f"interactive.body.text is longer than {_LIST_BODY_MAX}", 131009)
    label = action.get("button")
    if not isinstance(label, str) or not label or len(label) > _LIST_BUTTON_MAX:
        raise _Invalid(f"action.button must be 1 to {_LIST_BUTTON_MAX} chars", 131009)
    sections = action.get("sections")
    if not isinstance(sections, list) or not sections:
        raise _Invalid("action.sections is required", 131008)
    rows = []
    for section in sections:
        section_rows = section.get("rows") if isinstance(section, dict) else None
        if not isinstance(section_rows, list) or not section_rows:
            raise _Invalid("sections[].rows is required", 131008)
        if len(sections) > 1 and not section.get("title"):
            raise _Invalid("sections[].title is required with several sections", 131008)
        rows.extend(section_rows)
    if len(rows) > 10:
        raise _Invalid("a list holds at most 10 rows", 131009)
    for row in rows:
        if not isinstance(row, dict):
            raise _Invalid("rows[] must be objects", 131009)
        rid, title, desc = row.get("id"), row.get("title"), row.get("description")
        if not isinstance(rid, str) or not rid or len(rid) > _ROW_ID_MAX:
            raise _Invalid(f"rows[].id must be 1 to {_ROW_ID_MAX} chars", 131009)
        if not isinstance(title, str) or not title or len(title) > _ROW_TITLE_MAX:
            raise _Invalid(f"rows[].title must be 1 to {_ROW_TITLE_MAX} chars", 131009)
        if desc is not None and (not isinstance(desc, str) or len(desc) > _ROW_DESCRIPTION_MAX):
            raise _Invalid(f"rows[].description must be at most {_ROW_DESCRIPTION_MAX}", 131009)
    row_ids = [row["id"] for row in rows]
    if len(set(row_ids)) != len(row_ids):
        raise _Invalid("row ids must be unique", 131009)


_CONTENT_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "text": _check_text,
    "interactive": _check_interactive,
    "image": _check_image,
}


def validate_message(body: Any) -> None:
    """Checks a send request the way the Cloud API does, for what this project sends.

    Raises:
        _Invalid: With Graph-like details when the request would be rejected.
    """
    if not isinstance(body, dict):
        raise _Invalid("request body must be a JSON object")
    if body.get("messaging_product") != "whatsapp":
        raise _Invalid("messaging_product must be 'whatsapp'", 131008)
    # Since the 2026 username rollout a business may address a buyer by BSUID
    # (`recipient`) instead of phone (`to`).
    to = body.get("to") or body.get("recipient")
    if not isinstance(to, str) or not to:
        raise _Invalid("'to' is required", 131008)
    msg_type = body.get("type", "text")
    if not isinstance(msg_type, str) or not msg_type:
        raise _Invalid("'type' is required", 131008)
    content = body.get(msg_type)
    if not isinstance(content, dict):
        raise _Invalid(f"'{msg_type}' object is required for type '{msg_type}'", 131008)
    check = _CONTENT_CHECKS.get(msg_type)
    if check:
        check(content)


class FakeGraphApi:
    """The fake, running on 127.0.0.1 in a background thread while in use.

    Attributes:
        token: The access token it accepts.
        requests: Every request received, in order, as dicts with `path`, `headers`
            (lowercase names), `json` (the body, or None if it was not JSON), `status`
            (what the fake answered) and `wamid` (the id given, when accepted).
    """

    def __init__(self, token: str = DEFAULT_TOKEN, *, echo: bool = False,
                 json_lines: bool = False) -> None:
        """Prepares the fake; `start()` or `with` runs it.

        Args:
            token: The Bearer token to accept.
            echo: Print each accepted message to stdout (for manual demos).
            json_lines: Print each accepted message to stdout as one JSON line
                (`{"wamid": ..., "json": body}`), for a program reading them as they come.
        """
        self.token = token
        self.requests: list[dict[str, Any]] = []
        self._echo = echo
        self._json_lines = json_lines
        self._failures: list[tuple[int, dict[str, Any] | None]] = []
        self._counter = itertools.count(1)
        self._changed = threading.Condition()
        self.app = self._build_app()
        self._local = LocalServer(self.app, "FakeGraphApi")

    # --- control -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`; pass it to `WhatsAppClient` as `base_url`."""
        return self._local.base_url

    def fail_next(self, status: int, times: int = 1, error: dict[str, Any] | None = None) -> None:
        """Makes the next `times` requests fail with `status` and a Graph-style error.

        Args:
            status: The HTTP status to answer (e.g. 429, 500, 400).
            times: How many requests in a row fail.
            error: Fields to put in the `error` object (e.g. `{"code": 131026}`);
                defaults match what Meta sends for that status.
        """
        with self._changed:
            self._failures.extend([(status, error)] * times)

    def reset(self) -> None:
        """Forgets recorded requests and pending injected failures."""
        with self._changed:
            self.requests.clear()
            self._failures.clear()

    def messages(self) -> list[dict[str, Any]]:
        """The accepted message bodies, in order."""
        with self._changed:
            return [r["json"] for r in self.requests if r["wamid"]]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Waits until at least `count` messages were accepted.

        Returns:
            The accepted message bodies (all of them, maybe more than `count`).

        Raises:
            TimeoutError: When fewer than `count` arrived within `timeout` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                accepted = [r["json"] for r in self.requests if r["wamid"]]
                if len(accepted) >= count:
                    return accepted
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"got {len(accepted)} of {count} messages in {timeout}s")
                self._changed.wait(remaining)

    def start(self) -> FakeGraphApi:
        """Starts serving on a free port; returns once it accepts connections."""
        self._local.start()
        return self

    def stop(self) -> None:
        """Stops the server and waits for its thread."""
        self._local.stop()

    def __enter__(self) -> FakeGraphApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- HTTP ----------------------------------------------------------------------------

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="Fake WhatsApp Cloud API", openapi_url=None, docs_url=None)

        @app.post("/{version}/{phone_number_id}/messages")
        async def send_message(version: str, phone_number_id: str, request: Request):
            raw = await request.body()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            status, answer, wamid = self._answer(request.headers.get("authorization"), body)
            self._record(request, body, status, wamid)
            return JSONResponse(answer, status_code=status)

        return app

    def _answer(self, authorization: str | None, body: Any) -> tuple[int, dict[str, Any], str]:
        """Decides the response; an injected failure wins over everything else."""
        with self._changed:
            injected = self._failures.pop(0) if self._failures else None
        if injected:
            status, error = injected
            return status, graph_error(status, error), ""
        if authorization != f"Bearer {self.token}":
            return 401, graph_error(401), ""
        try:
            validate_message(body)
        except _Invalid as invalid:
            error = {
                "message": _MESSAGES_BY_CODE.get(invalid.code, "Invalid parameter"),
                "code": invalid.code,
                "error_data": {"messaging_product": "whatsapp", "details": invalid.details},
            }
            return 400, graph_error(400, error), ""
        to = body.get("to") or body.get("recipient")
        wamid = f"wamid.FAKE{next(self._counter):06d}{secrets.token_hex(6).upper()}"
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": wamid}],
        }
        return 200, answer, wamid

    def _record(self, request: Request, body: Any, status: int, wamid: str) -> None:
        entry = {
            "path": request.url.path,
            "headers": {k.lower(): v for k, v in request.headers.items()},
            "json": body,
            "status": status,
            "wamid": wamid,
        }
        with self._changed:
            self.requests.append(entry)
            self._changed.notify_all()
        if self._echo:
            print(_describe(entry), flush=True)
        if self._json_lines and wamid:
            print(json.dumps({"wamid": wamid, "json": body}), flush=True)


def _describe(entry: dict[str, Any]) -> str:
    """One line per request for the demo console."""
    body = entry["json"] if isinstance(entry["json"], dict) else {}
    head = f"[{entry['status']}] {entry['path']} to={body.get('to')} type={body.get('type')}"
    if entry["status"] != 200:
        return head
    return f"{head} {entry['wamid']}\n{json.dumps(body, ensure_ascii=False, indent=2)}"


def main(argv: list[str] | None = None) -> int:
    """Runs the fake in the foreground, printing every message it receives."""
    parser = argparse.ArgumentParser(description="Fake WhatsApp Cloud API messages endpoint")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--json-lines", action="store_true",
                        help="on a free port: print 'listening <url>', then one JSON line per "
                        "accepted message (evals/load/graph_process.py reads them)")
    args = parser.parse_args(argv)
    if args.json_lines:
        fake = FakeGraphApi(token=args.token, json_lines=True).start()
        print(f"listening {fake.base_url}", flush=True)
        threading.Event().wait()  # until the reading program terminates this process
        return 0
    fake = FakeGraphApi(token=args.token, echo=True)
    print(
        f"Fake Graph API on http://{args.host}:{args.port} "
        f"(POST /<version>/<phone_number_id>/messages)",
        flush=True,
    )
    uvicorn.run(fake.app, host=args.host, port=args.port, log_level="warning", lifespan="off")
    return 0


if __name__ == "__main__":
    sys.exit(main())
