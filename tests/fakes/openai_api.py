"""A local fake of an OpenAI-compatible chat endpoint, served over real HTTP.

It follows OpenAI's documented shapes for what Balcão uses:

- `POST /v1/chat/completions`: Bearer auth (401 `invalid_api_key` otherwise), `model` and a
  non-empty `messages` list required (400 `invalid_request_error`), `stream: true` refused
  (Balcão never streams). `response_format: {"type": "json_schema", "json_schema": {name,
  schema, strict}}` and `tools` / `tool_choice` are accepted as sent. The answer is a
  `chat.completion` object: one choice whose message has `content` (a JSON string for
  structured output) or `tool_calls` (`finish_reason: "tool_calls"`), and `usage` with
  `prompt_tokens`, `completion_tokens`, `total_tokens`.
- `GET /v1/models`: `{"object": "list", "data": [{"id", "object": "model", ...}]}`.
- Errors: `{"error": {"message", "type", "param", "code"}}` with the HTTP status (429
  `rate_limit_exceeded`, 500 `server_error`, ...).

Each test scripts the replies in order (`reply_json`, `reply_text`, `reply_tool_call`,
`fail`, `delay`, `trickle`); the requests received are kept in `requests`. A request with nothing
scripted gets a 500, so a test never passes on a default.

    with FakeOpenAiApi() as api:
        api.reply_json({"intent": "greeting", ...})
        endpoint = LlmEndpoint(api.base_url + "/v1", api.model, api.api_key)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

from tests.fakes.server import LocalServer

DEFAULT_API_KEY = "sk-fake-balcao-0000"
DEFAULT_MODEL = "fake-gpt-mini"


@dataclass
class _Scripted:
    content: str | None = None
    tool_call: tuple[str, str] | None = None
    status: int = 200
    error_type: str = ""
    delay: float = 0.0
    trickle: float = 0.0
    pieces: int = 1
    prompt_tokens: int = 120
    completion_tokens: int = 18


def openai_error(status: int, message: str, error_type: str,
                 code: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": error_type, "param": None,
                                   "code": code}}, status_code=status)


class FakeOpenAiApi:
    """An OpenAI-compatible `/v1` on 127.0.0.1, answering what each test scripts."""

    def __init__(self, api_key: str = DEFAULT_API_KEY, model: str = DEFAULT_MODEL) -> None:
        self.api_key = api_key
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self._script: deque[_Scripted] = deque()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = LocalServer(self._build_app(), "fake OpenAI API")

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>/v1`, what `BALCAO_LLM_BASE_URL` would hold."""
        return self._server.base_url + "/v1"

    def __enter__(self) -> FakeOpenAiApi:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    # --- scripting -------------------------------------------------------------------------
    def reply_json(self, value: dict[str, Any], *, tokens: tuple[int, int] = (120, 18)) -> None:
        """The next completion's content is this object as JSON (structured output)."""
        self._push(_Scripted(content=json.dumps(value), prompt_tokens=tokens[0],
                             completion_tokens=tokens[1]))

    def reply_text(self, content: str) -> None:
        """The next completion's content as given (not JSON, for instance)."""
        self._push(_Scripted(content=content))

    def reply_tool_call(self, name: str, arguments: dict[str, Any]) -> None:
        """The next completion calls a tool with these arguments."""
        self._push(_Scripted(tool_call=(name, json.dumps(arguments))))

    def fail(self, status: int, error_type: str) -> None:
        """The next request gets this HTTP error."""
        self._push(_Scripted(status=status, error_type=error_type))

    def delay(self, seconds: float, value: dict[str, Any]) -> None:
        """The next completion arrives only after `seconds` (for a client's timeout)."""
        self._push(_Scripted(content=json.dumps(value), delay=seconds))

    def trickle(self, gap: float, value: dict[str, Any], pieces: int = 6) -> None:
        """The next completion arrives in `pieces` parts, `gap` seconds apart: each wait is
        short, the whole answer slow (an endpoint that dribbles)."""
        self._push(_Scripted(content=json.dumps(value), trickle=gap, pieces=pieces))

    def _push(self, scripted: _Scripted) -> None:
        with self._lock:
            self._script.append(scripted)

    def _next(self) -> _Scripted | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    # --- the API ---------------------------------------------------------------------------
    def _build_app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/models")
        async def models(request: Request) -> JSONResponse:
            if (refused := self._auth(request)) is not None:
                return refused
            return JSONResponse({"object": "list", "data": [
                {"id": self.model, "object": "model", "created": 1_700_000_000,
                 "owned_by": "balcao-tests"}]})

        @app.post("/v1/chat/completions")
        async def completions(request: Request) -> JSONResponse:
            if (refused := self._auth(request)) is not None:
                return refused
            body = await request.json()
            if not body.get("model") or not body.get("messages"):
                return openai_error(400, "model and messages are required",
                                    "invalid_request_error")
            if body.get("stream"):
                return openai_error(400, "streaming is not supported here",
                                    "invalid_request_error")
            self.requests.append(body)
            scripted = self._next()
            if scripted is None:
                return openai_error(500, "nothing scripted for this request", "server_error")
            if scripted.delay:
                await asyncio.sleep(scripted.delay)
            if scripted.status != 200:
                return openai_error(scripted.status, f"scripted {scripted.status}",
                                    scripted.error_type, scripted.error_type)
            completion = self._completion(body["model"], scripted)
            if scripted.trickle:
                return _dribbled(json.dumps(completion).encode(), scripted.trickle,
                                 scripted.pieces)
            return JSONResponse(completion)

        return app

    def _auth(self, request: Request) -> JSONResponse | None:
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return openai_error(401, "Incorrect API key provided", "invalid_request_error",
                                "invalid_api_key")
        return None

    def _completion(self, model: str, scripted: _Scripted) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": scripted.content,
                                   "refusal": None}
        finish = "stop"
        if scripted.tool_call is not None:
            name, arguments = scripted.tool_call
            message["content"] = None
            message["tool_calls"] = [{"id": f"call_{next(self._ids)}", "type": "function",
                                      "function": {"name": name, "arguments": arguments}}]
            finish = "tool_calls"
        prompt, completion = scripted.prompt_tokens, scripted.completion_tokens
        return {
            "id": f"chatcmpl-fake{next(self._ids)}", "object": "chat.completion",
            "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                      "total_tokens": prompt + completion},
        }


def _dribbled(body: bytes, gap: float, pieces: int) -> StreamingResponse:
    size = -(-len(body) // pieces)

    async def parts() -> Any:
        for start in range(0, len(body), size):
            yield body[start:start + size]
            await asyncio.sleep(gap)

    return StreamingResponse(parts(), media_type="application/json")
