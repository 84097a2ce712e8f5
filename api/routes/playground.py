"""The playground: `/` is a chat page where a store owner talks to the bot as a buyer would.

It is the same graph, database and rendering as WhatsApp: the page's messages go into the
inbox as the `playground` channel, the worker answers them, and the page reads the replies
from the outbox exactly as they were rendered for WhatsApp (buttons and lists become chips).

Who may open it: anyone on a deployment declared a demo (`BALCAO_DEMO_MODE=true`, which
`./dev serve` sets), at `/`, talking to the default store; signed-in console operators at
`/console/playground`, talking to the bot of the store the console shows them (their
`ScopeDep`: one of their own stores, never another's). Otherwise `/` and `/playground/...`
answer 404: never open to the internet by default.
"""

from __future__ import annotations

import html
from importlib import resources as package_files
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from api.channels.playground.inbound import BUYER_ID, new_buyer, receive
from api.channels.playground.transcript import last_turn, transcript
from api.console.auth import check_same_origin
from api.console.scope import ScopeDep
from api.deps import ResourcesDep, TurnWakeDep
from api.security_headers import HEADERS, csp_for

DEMO_BASE, CONSOLE_BASE = "/playground", "/console/playground"


async def demo_only(request: Request, resources: ResourcesDep) -> None:
    """Open only on a declared demo deployment; elsewhere the playground does not exist."""
    if resources.settings.demo_mode is not True:
        raise HTTPException(404, "Not Found")
    if request.method not in ("GET", "HEAD"):
        await check_same_origin(request)


async def demo_store(resources: ResourcesDep) -> str:
    """The demo's playground talks to the default store."""
    return resources.settings.default_store_id


async def operator_store(scope: ScopeDep) -> str:
    """A signed-in operator (and, for POSTs, the session's CSRF token) talks to the bot of
    the store their console shows."""
    return scope.store_id


class PlaygroundMessage(BaseModel):
    buyer: str = Field(pattern=BUYER_ID.pattern)
    text: str | None = Field(default=None, max_length=4096)
    reply_id: str | None = Field(default=None, max_length=256)
    tapped: Literal["button", "list"] | None = None
    """Set when the buyer tapped a chip of a button or list message."""


def _page(base: str, csrf: str) -> HTMLResponse:
    template = (package_files.files("api") / "templates" / "playground.html").read_text("utf-8")
    body = template.replace("{{API}}", html.escape(base)).replace("{{CSRF}}", html.escape(csrf))
    response = HTMLResponse(body)
    for name, value in HEADERS:
        response.headers[name.decode()] = value.decode()
    response.headers["content-security-policy"] = csp_for(body.encode())
    return response


def _script() -> Response:
    code = (package_files.files("api") / "templates" / "playground.js").read_text("utf-8")
    return Response(code, media_type="text/javascript",
                    headers={k.decode(): v.decode() for k, v in HEADERS})


async def create_buyer() -> JSONResponse:
    return JSONResponse({"buyer": new_buyer()})


async def post_message(message: PlaygroundMessage, store_id: str, resources: ResourcesDep,
                       wake: TurnWakeDep) -> JSONResponse:
    if not (message.text or "").strip() and not message.reply_id:
        return JSONResponse({"detail": "empty message"}, status_code=422)
    async with resources.pool.connection() as conn:
        stored = await receive(conn, store_id=store_id, buyer=message.buyer,
                               text=message.text, reply_id=message.reply_id,
                               tapped=message.tapped, clock=resources.clock)
    if stored:
        wake.set()
    return JSONResponse({"stored": stored})


async def get_conversation(store_id: str, resources: ResourcesDep,
                           buyer: Annotated[str, Query(pattern=BUYER_ID.pattern)],
                           trace: bool = False) -> JSONResponse:
    async with resources.pool.connection() as conn:
        result: dict[str, Any] = await transcript(conn, store_id, buyer)
    if trace and result["thread_id"]:
        result["trace"] = await last_turn(resources.graph, result["thread_id"])
    return JSONResponse(result, headers={"cache-control": "no-store"})


def _router(base: str, guard: Any, store_of: Any, csrf_of: Any) -> APIRouter:
    """The playground's routes at `base`; `store_of` names the store its bot answers for."""
    router = APIRouter(prefix=base, include_in_schema=False, dependencies=[Depends(guard)])

    # (defaults, not Annotated: annotations are strings here, and the dependencies are local)
    async def page(csrf: str = Depends(csrf_of)) -> HTMLResponse:  # noqa: B008
        return _page(base, csrf)

    async def message(message: PlaygroundMessage, resources: ResourcesDep, wake: TurnWakeDep,
                      store_id: str = Depends(store_of)) -> JSONResponse:  # noqa: B008
        return await post_message(message, store_id, resources, wake)

    async def conversation(resources: ResourcesDep,
                           buyer: Annotated[str, Query(pattern=BUYER_ID.pattern)],
                           trace: bool = False,
                           store_id: str = Depends(store_of)) -> JSONResponse:  # noqa: B008
        return await get_conversation(store_id, resources, buyer, trace)

    router.add_api_route("", page, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route("/playground.js", _script, methods=["GET"])
    router.add_api_route("/api/buyers", create_buyer, methods=["POST"])
    router.add_api_route("/api/messages", message, methods=["POST"])
    router.add_api_route("/api/conversation", conversation, methods=["GET"])
    return router


async def _no_csrf() -> str:
    return ""  # demo: no session; POSTs are same-origin JSON


async def _operator_csrf(scope: ScopeDep) -> str:
    return scope.csrf_token


demo_router = _router(DEMO_BASE, demo_only, demo_store, _no_csrf)
console_router = _router(CONSOLE_BASE, operator_store, operator_store, _operator_csrf)
root_router = APIRouter(include_in_schema=False)


@root_router.get("/", response_class=HTMLResponse, dependencies=[Depends(demo_only)])
async def home() -> HTMLResponse:
    """The playground on a demo deployment; 404 elsewhere."""
    return _page(DEMO_BASE, "")
