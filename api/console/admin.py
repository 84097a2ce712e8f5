"""`/console/admin/operators`: administrators list and add operators."""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.auth import AdminDep
from api.console.layout import csrf_field, esc, page
from api.deps import ResourcesDep
from api.operators.accounts import OperatorExists, create_operator, list_operators

router = APIRouter(prefix="/admin")


@router.get("/operators", response_class=HTMLResponse)
async def operators_page(resources: ResourcesDep, admin: AdminDep, msg: str = "") -> Response:
    async with resources.pool.connection() as conn:
        operators = await list_operators(conn)
    rows = "".join(f'<tr><td>{esc(o["name"])}</td><td>{esc(o["email"])}</td>'
                   f'<td>{esc(o["role"])}</td><td>{"" if o["active"] else "inativo"}</td></tr>'
                   for o in operators)
    flash = f'<p class="flash" role="status">{esc(msg)}</p>' if msg else ""
    body = (
        f'<h1>Operadores</h1>{flash}<div class="card"><div class="scroll"><table>{rows}</table>'
        '</div></div><div class="card"><h2>Novo operador</h2>'
        f'<form method="post" action="/console/admin/operators">{csrf_field(admin)}'
        '<label for="name">Nome</label><input id="name" name="name" required>'
        '<label for="email">E-mail</label><input id="email" name="email" type="email" required>'
        '<label for="password">Senha (mínimo 10 caracteres)</label>'
        '<input id="password" name="password" type="password" minlength="10" required>'
        '<label for="role">Papel</label><select id="role" name="role">'
        '<option value="operator">Operador</option><option value="admin">Administrador</option>'
        '</select><button type="submit">Criar</button></form></div>'
    )
    return HTMLResponse(page("Operadores", body, operator=admin, active="admin"))


@router.post("/operators")
async def add_operator(resources: ResourcesDep, admin: AdminDep, name: str = Form(""),
                       email: str = Form(""), password: str = Form(""),
                       role: str = Form("operator")) -> Response:
    async with resources.pool.connection() as conn:
        try:
            await create_operator(conn, email=email, name=name, password=password, role=role,
                                  clock=resources.clock)
            message = "Operador criado."
        except OperatorExists:
            message = "Já existe um operador com esse e-mail."
        except ValueError as err:
            message = f"Não foi possível criar: {err}"
    return RedirectResponse(f"/console/admin/operators?msg={message}", status_code=303)
