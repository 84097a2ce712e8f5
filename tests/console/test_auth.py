"""Every console route refuses anonymous access; sign-in, CSRF, sessions, admin-only pages."""

from __future__ import annotations

import re

import pytest

from api.console import router as console_router
from tests.console.conftest import PASSWORD, csrf_of, sign_in

_PUBLIC = {("GET", "/console/login"), ("POST", "/console/login")}


def _walk(router, outer: str = ""):
    """(path, methods) of every route, through included routers (FastAPI keeps them nested)."""
    for route in router.routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner, outer + router.prefix)
        else:
            yield outer + route.path, route.methods or set()


def _console_routes() -> list[tuple[str, str]]:
    found = []
    for path, methods in _walk(console_router):
        for method in methods:
            if method != "HEAD" and (method, path) not in _PUBLIC:
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(found)


def test_every_console_and_admin_route_refuses_anonymous_access(app_client) -> None:
    routes = _console_routes()
    assert ("GET", "/console") in routes and ("GET", "/console/admin/operators") in routes
    assert ("POST", "/console/escalations/1/return") in routes and len(routes) >= 12
    for method, path in routes:
        response = app_client.request(method, path, follow_redirects=False)
        if method == "GET" and not path.startswith("/console/api/"):
            assert response.status_code == 303, (method, path)
            assert response.headers["location"] == "/console/login", (method, path)
        else:
            assert response.status_code == 401, (method, path, response.status_code)


def test_a_wrong_password_or_unknown_email_is_refused_alike(app_client, db) -> None:
    db.operator()
    for email, password in (("ana@loja.com", "wrong password!"), ("nobody@x.com", PASSWORD)):
        form = app_client.get("/console/login")
        response = app_client.post("/console/login", data={
            "email": email, "password": password, "csrf": csrf_of(form.text)})
        assert response.status_code == 401
        assert "E-mail ou senha incorretos" in response.text
    assert "balcao_session" not in app_client.cookies


def test_sign_in_needs_the_forms_token(app_client, db) -> None:
    db.operator()
    app_client.get("/console/login")
    response = app_client.post("/console/login", data={
        "email": "ana@loja.com", "password": PASSWORD, "csrf": "forged"})
    assert response.status_code == 403


def test_signed_in_the_session_cookie_is_httponly_and_strict(app_client, db) -> None:
    db.operator()
    form = app_client.get("/console/login")
    response = app_client.post("/console/login", data={
        "email": "ANA@loja.com ", "password": PASSWORD, "csrf": csrf_of(form.text)},
        follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "balcao_session=" in cookie and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Path=/console" in cookie
    assert app_client.get("/console").status_code == 200
    stored = db.rows("SELECT token_hash FROM operator_sessions")[0]["token_hash"]
    assert stored != app_client.cookies["balcao_session"]  # only a hash is stored


def test_posts_without_the_csrf_token_or_from_another_site_are_refused(app_client, db) -> None:
    db.operator()
    escalation = db.escalation("5511911112222")
    sign_in(app_client)
    page = app_client.get(f"/console/escalations/{escalation}")
    token = csrf_of(page.text)
    url = f"/console/escalations/{escalation}/assign"
    assert app_client.post(url, data={}).status_code == 403
    assert app_client.post(url, data={"csrf": "x" * 43}).status_code == 403
    assert app_client.post(url, data={"csrf": token},
                           headers={"Origin": "https://evil.example"}).status_code == 403
    assert app_client.post(url, data={"csrf": token}, follow_redirects=False).status_code == 303
    assert db.rows("SELECT status FROM escalations")[0]["status"] == "assigned"


def test_sessions_expire_and_sign_out_ends_them(app_client, db, clock) -> None:
    db.operator()
    sign_in(app_client)
    token = csrf_of(app_client.get("/console").text)
    assert app_client.post("/console/logout", data={"csrf": token},
                           follow_redirects=False).status_code == 303
    assert app_client.get("/console/api/queue").status_code == 401
    sign_in(app_client)
    clock.advance(hours=13)
    assert app_client.get("/console/api/queue").status_code == 401


def test_only_admins_manage_operators(app_client, db) -> None:
    db.operator()
    db.operator("bia@loja.com", role="operator", name="Bia")
    sign_in(app_client, "bia@loja.com")
    assert app_client.get("/console/admin/operators").status_code == 403
    app_client.cookies.clear()
    sign_in(app_client)
    token = csrf_of(app_client.get("/console/admin/operators").text)
    response = app_client.post("/console/admin/operators", data={
        "csrf": token, "name": "Caio", "email": "caio@loja.com", "password": "short",
        "role": "operator"})
    assert "Não foi possível criar" in response.text
    app_client.post("/console/admin/operators", data={
        "csrf": token, "name": "Caio", "email": "caio@loja.com", "password": "long enough pw",
        "role": "operator"})
    assert [r["email"] for r in db.rows("SELECT email FROM operators ORDER BY id")] == [
        "ana@loja.com", "bia@loja.com", "caio@loja.com"]


@pytest.mark.parametrize("path", ["/console", "/console/dashboard", "/console/admin/operators"])
def test_pages_fit_a_phone_screen(app_client, db, path: str) -> None:
    db.operator()
    sign_in(app_client)
    page = app_client.get(path).text
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert "@media(max-width:760px)" in page
