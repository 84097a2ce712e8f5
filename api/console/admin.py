"""`/console/admin/operators`: a store's owner (or the platform administrator) lists and adds
the store's operators; `/console/admin/stores`: the platform administrator sees the stores;
`/console/store`: the store switcher."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.auth import SESSION_COOKIE
from api.console.layout import csrf_field, esc, page
from api.console.scope import ManagerDep, ScopeDep
from api.deps import ResourcesDep
from api.operators.accounts import OperatorExists, choose_session_store, create_operator
from api.operators.memberships import add_membership, store_operators
from tools.stores import list_stores

router = APIRouter()

_ROLES = {"owner": "Dono da loja", "agent": "Atendente"}


@router.get("/admin/operators", response_class=HTMLResponse)
async def operators_page(resources: ResourcesDep, admin: ManagerDep, msg: str = "") -> Response:
    async with resources.pool.connection() as conn:
        operators = await store_operators(conn, admin.store_id)
    rows = "".join(f'<tr><td>{esc(o["name"])}</td><td>{esc(o["email"])}</td>'
                   f'<td>{esc(_ROLES.get(o["role"], o["role"]))}</td>'
                   f'<td>{"" if o["active"] else "inativo"}</td></tr>' for o in operators)
    roles = '<option value="agent">Atendente</option><option value="owner">Dono da loja</option>'
    if admin.is_admin:
        roles += '<option value="admin">Administrador da plataforma</option>'
    flash = f'<p class="flash" role="status">{esc(msg)}</p>' if msg else ""
    body = (
        f"<h1>Operadores · {esc(admin.store_name)}</h1>{flash}"
        f'<div class="card"><div class="scroll"><table>{rows}</table></div></div>'
        '<div class="card"><h2>Novo operador</h2>'
        f'<form method="post" action="/console/admin/operators">{csrf_field(admin)}'
        '<label for="name">Nome</label><input id="name" name="name" required>'
        '<label for="email">E-mail</label><input id="email" name="email" type="email" required>'
        '<label for="password">Senha (mínimo 10 caracteres)</label>'
        '<input id="password" name="password" type="password" minlength="10" required>'
        f'<label for="role">Papel</label><select id="role" name="role">{roles}</select>'
        '<button type="submit">Criar</button></form></div>'
    )
    return HTMLResponse(page("Operadores", body, operator=admin, active="admin"))


@router.post("/admin/operators")
async def add_operator(resources: ResourcesDep, admin: ManagerDep, name: str = Form(""),
                       email: str = Form(""), password: str = Form(""),
                       role: str = Form("agent")) -> Response:
    """Creates an account in the shown store; only the platform administrator makes
    administrators ("operator", the old form's value, means an agent)."""
    role = "agent" if role == "operator" else role
    async with resources.pool.connection() as conn, conn.transaction():
        try:
            if role == "admin" and not admin.is_admin:
                raise ValueError("only the platform administrator creates administrators")
            operator_id = await create_operator(
                conn, email=email, name=name, password=password,
                role="admin" if role == "admin" else "operator", clock=resources.clock)
            if role != "admin":
                await add_membership(conn, operator_id, admin.store_id, role)
            message = "Operador criado."
        except OperatorExists:
            message = "Já existe um operador com esse e-mail."
        except ValueError as err:
            message = f"Não foi possível criar: {err}"
    return RedirectResponse(f"/console/admin/operators?msg={quote(message)}", status_code=303)


@router.get("/admin/stores", response_class=HTMLResponse)
async def stores_page(resources: ResourcesDep, scope: ScopeDep) -> Response:
    """The platform administrator's list of stores (created with `balcao stores create`)."""
    if not scope.is_admin:  # the page does not exist for anyone else
        raise HTTPException(404, "not found")
    async with resources.pool.connection() as conn:
        stores = await list_stores(conn)
    rows = "".join(f"<tr><td>{esc(s.id)}</td><td>{esc(s.name)}</td>"
                   f"<td>{esc(s.whatsapp_phone_number_id or '—')}</td></tr>" for s in stores)
    body = ("<h1>Lojas</h1>"
            '<div class="card"><div class="scroll"><table><tr><th>Id</th><th>Nome</th>'
            f"<th>Número (phone_number_id)</th></tr>{rows}</table></div>"
            '<p class="meta">Crie e altere lojas com <code>balcao stores create</code> e '
            "<code>balcao stores reload</code>.</p></div>")
    return HTMLResponse(page("Lojas", body, operator=scope, active="stores"))


@router.post("/store")
async def switch_store(request: Request, resources: ResourcesDep, scope: ScopeDep,
                       store: str = Form("")) -> Response:
    """The store switcher: the session shows `store` from now on (404 if not theirs)."""
    scope.require_store(store)
    async with resources.pool.connection() as conn:
        await choose_session_store(conn, request.cookies.get(SESSION_COOKIE, ""), store)
    return RedirectResponse("/console", status_code=303)
