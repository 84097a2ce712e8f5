"""`/console/login` and `/console/logout`."""

from __future__ import annotations

import hmac
import logging
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
    async with resources.pool.connection() as conn:
        try:
            operator_id = await authenticate(conn, email, password)
        except ValueError:
            operator_id = None
        if operator_id is None:
            log.info("console sign-in refused")
            return _form(request, "E-mail ou senha incorretos.", status=401, email=email)
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


def _form(request: Request, message: str, *, status: int = 200, email: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    flash = f'<p class="flash" role="alert">{esc(message)}</p>' if message else ""
    body = f"""<div class="login card"><h1>Balcão · Atendimento</h1>{flash}
    <form method="post" action="/console/login">
      <input type="hidden" name="csrf" value="{token}">
      <label for="email">E-mail</label>
      <input id="email" name="email" type="email" autocomplete="username" required
             value="{esc(email)}">
      <label for="password">Senha</label>
      <input id="password" name="password" type="password" autocomplete="current-password"
             required>
      <button type="submit">Entrar</button>
    </form></div>"""
    response = HTMLResponse(page("Entrar", body), status_code=status)
    set_cookie(response, request, LOGIN_COOKIE, token, 3600)
    return response
