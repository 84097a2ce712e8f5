"""`/console/login` and `/console/logout`."""

from __future__ import annotations

import hmac
import logging
import math
import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.auth import (
    COOKIE_PATH,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    OperatorDep,
    check_same_origin,
    set_cookie,
)
from api.console.layout import esc, page
from api.deps import ResourcesDep
from api.operators.accounts import authenticate, close_session, open_session, session_operator
from api.operators.passwords import MAX_LENGTH, HashingBusy
from api.operators.throttle import LoginThrottle

log = logging.getLogger(__name__)

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, resources: ResourcesDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        async with resources.pool.connection() as conn:
            if await session_operator(conn, token, resources.clock) is not None:
                return RedirectResponse("/console", status_code=303)
    return _form(request, "")


@router.post("/login")
async def login(request: Request, resources: ResourcesDep, email: str = Form(""),
                password: str = Form(""), csrf: str = Form("")) -> Response:
    await check_same_origin(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf.encode(), expected.encode()):
        return _form(request, "A página expirou; tente de novo.", status=403)
    throttle = _throttle(request)
    account = email.strip().lower()[:254]
    address = request.client.host if request.client else "?"
    now = resources.clock.now()
    wait = throttle.wait(account, address, now)
    if wait > 0:
        log.info("console sign-in throttled")
        return _form(request, f"Muitas tentativas. Tente de novo em {_human(wait)}.",
                     status=429, email=email, retry_after=wait)
    try:
        operator_id = (None if len(password) > MAX_LENGTH or len(email) > 254
                       else await authenticate(resources.pool, email, password))
    except ValueError:
        operator_id = None
    except HashingBusy:
        return _form(request, "Muitas tentativas no momento. Tente de novo em instantes.",
                     status=503, email=email, retry_after=5)
    if operator_id is None:
        log.info("console sign-in refused")
        throttle.failed(account, address, now)
        return _form(request, "E-mail ou senha incorretos.", status=401, email=email)
    throttle.succeeded(account)
    async with resources.pool.connection() as conn:
        hours = resources.settings.console_session_hours
        token = await open_session(conn, operator_id, hours=hours, clock=resources.clock)
    response = RedirectResponse("/console", status_code=303)
    set_cookie(response, request, SESSION_COOKIE, token, int(hours * 3600))
    response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/logout")
async def logout(request: Request, resources: ResourcesDep, operator: OperatorDep) -> Response:
    async with resources.pool.connection() as conn:
        await close_session(conn, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    return response


def _throttle(request: Request) -> LoginThrottle:
    """This app's sign-in throttle (one per application instance)."""
    throttle = getattr(request.app.state, "login_throttle", None)
    if throttle is None:
        throttle = request.app.state.login_throttle = LoginThrottle()
    return throttle


def _human(seconds: float) -> str:
    if seconds < 60:
        return f"{math.ceil(seconds)} s"
    return f"{math.ceil(seconds / 60)} min"


def _form(request: Request, message: str, *, status: int = 200, email: str = "",
          retry_after: float | None = None) -> Response:
    token = secrets.token_urlsafe(24)
    flash = f'<p class="flash" role="alert">{esc(message)}</p>' if message else ""
    body = f"""<div class="login card"><h1>Balcão · Atendimento</h1>{flash}
    <form method="post" action="/console/login">
      <input type="hidden" name="csrf" value="{token}">
      <label for="email">E-mail</label>
      <input id="email" name="email" type="email" autocomplete="username" required
             maxlength="254" value="{esc(email)}">
      <label for="password">Senha</label>
      <input id="password" name="password" type="password" autocomplete="current-password"
             maxlength="{MAX_LENGTH}" required>
      <button type="submit">Entrar</button>
    </form></div>"""
    response = HTMLResponse(page("Entrar", body), status_code=status)
    set_cookie(response, request, LOGIN_COOKIE, token, 3600)
    if retry_after is not None:
        response.headers["Retry-After"] = str(math.ceil(retry_after))
    return response
