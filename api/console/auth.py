"""Who is signed in: a server-side session behind an HttpOnly, SameSite=Strict cookie, and a
per-session CSRF token that every state-changing request must carry (form field `csrf` or
header `X-CSRF-Token`). Anonymous requests get 401, or a redirect to sign in for pages."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Response

from api.deps import ResourcesDep
from api.operators.accounts import Operator, session_operator

SESSION_COOKIE = "balcao_session"
LOGIN_COOKIE = "balcao_login"
"""Double-submit token of the sign-in form (there is no session yet to hold one)."""
COOKIE_PATH = "/console"


async def current_operator(request: Request, resources: ResourcesDep) -> Operator:
    """The signed-in operator; refuses anonymous and cross-site requests."""
    token = request.cookies.get(SESSION_COOKIE)
    operator = None
    if token:
        async with resources.pool.connection() as conn:
            operator = await session_operator(conn, token, resources.clock)
    if operator is None:
        if request.method in ("GET", "HEAD") and not request.url.path.startswith("/console/api/"):
            raise HTTPException(303, "sign in first", headers={"Location": "/console/login"})
        raise HTTPException(401, "sign in first")
    if request.method not in ("GET", "HEAD"):
        await check_same_origin(request)
        sent = request.headers.get("x-csrf-token") or str((await request.form()).get("csrf")
                                                          or "")
        if not hmac.compare_digest(sent.encode(), operator.csrf_token.encode()):
            raise HTTPException(403, "missing or wrong CSRF token")
    return operator


async def admin_operator(operator: Annotated[Operator, Depends(current_operator)]) -> Operator:
    """The signed-in operator, who must be an admin."""
    if not operator.is_admin:
        raise HTTPException(403, "administrators only")
    return operator


OperatorDep = Annotated[Operator, Depends(current_operator)]
AdminDep = Annotated[Operator, Depends(admin_operator)]


async def check_same_origin(request: Request) -> None:
    """A browser's Origin (when sent) must be this site: a second line behind SameSite."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return
    own = {f"{request.url.scheme}://{request.url.netloc}"}
    public = request.state.resources.settings.public_base_url
    parts = urlsplit(public)
    own.add(f"{parts.scheme}://{parts.netloc}")
    if origin not in own:
        raise HTTPException(403, "cross-site request refused")


def set_cookie(response: Response, request: Request, name: str, value: str,
               max_age: int) -> None:
    """An HttpOnly, SameSite=Strict cookie for the console's paths (Secure over HTTPS)."""
    secure = request.state.resources.settings.public_base_url.startswith("https://")
    response.set_cookie(name, value, max_age=max_age, path=COOKIE_PATH, httponly=True,
                        samesite="strict", secure=secure)
