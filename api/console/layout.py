"""The console's page shell: one inline stylesheet, readable on a phone, no build step."""

from __future__ import annotations

import functools
import html
from importlib import resources

from api.console.scope import StoreScope
from api.operators.accounts import Operator

REASONS = {
    "asked_for_human": "Pediu atendente",
    "complaint": "Reclamação",
    "negative_sentiment": "Insatisfeito",
    "not_understood": "Bot não entendeu",
    "high_value_cart": "Carrinho alto parado",
    "vip": "Cliente VIP",
    "repeated_problem": "Problema repetido",
    "privacy_request": "Pedido LGPD: apagar dados",
}
STATUSES = {"waiting": "Na fila", "assigned": "Em atendimento", "returned": "Devolvida ao bot",
            "timed_out": "Sem resposta", "closed": "Arquivada",
            "withdrawn": "Cliente desistiu de esperar (seguiu com o bot)"}

_CSS = """
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,
sans-serif;background:#f4f5f7;color:#1d2330}a{color:#0b5cad}header{background:#14532d;color:#fff;
display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;padding:.6rem 1rem}header b{
font-size:1.05rem}header nav{display:flex;gap:.8rem;flex-wrap:wrap;flex:1}header a{color:#fff;
text-decoration:none;opacity:.85}header a.on{opacity:1;border-bottom:2px solid #fff}header form{
margin:0}main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.05rem;margin:1.2rem 0 .5rem}.card{background:#fff;border-radius:10px;padding:
.8rem 1rem;box-shadow:0 1px 2px #0002;margin-bottom:.7rem}.queue{list-style:none;padding:0;
margin:0}.entry{display:grid;grid-template-columns:auto 1fr auto;gap:.2rem .8rem;align-items:
center;text-decoration:none;color:inherit}.score{font-weight:700;font-size:1.2rem;min-width:3.2rem;
text-align:center;background:#ecfdf5;color:#14532d;border-radius:8px;padding:.3rem}.meta{color:
#5b6474;font-size:.88rem}.tag{display:inline-block;background:#fee2e2;color:#991b1b;border-radius:
99px;padding:0 .5rem;font-size:.8rem;margin-right:.3rem}.tag.vip{background:#fef3c7;color:#92400e}
.tag.assigned{background:#dbeafe;color:#1e40af}.grid{display:grid;grid-template-columns:
minmax(0,2fr) minmax(0,1fr);gap:1rem}@media(max-width:760px){.grid{grid-template-columns:1fr}
.entry{grid-template-columns:auto 1fr}.entry .right{grid-column:2}}.transcript{max-height:55vh;
overflow-y:auto;display:flex;flex-direction:column;gap:.4rem}.msg{max-width:85%;padding:.45rem
.7rem;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}.msg small{display:block;color:
#5b6474;font-size:.75rem}.buyer{background:#fff;border:1px solid #d9dde3;align-self:flex-start}
.bot{background:#e7f5ec;align-self:flex-end}.operator{background:#dbeafe;align-self:flex-end}
textarea,input,select{width:100%;font:inherit;padding:.5rem;border:1px solid #c5cbd3;
border-radius:8px;margin:.2rem 0 .6rem}button{font:inherit;padding:.55rem 1rem;border:0;
border-radius:8px;background:#14532d;color:#fff;cursor:pointer}button.secondary{background:
#e5e7eb;color:#1d2330}.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.actions form{margin:0}.flash{background:#fef3c7;padding:.6rem 1rem;border-radius:8px;margin-bottom:
.8rem}table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{text-align:left;padding:
.3rem .4rem;border-bottom:1px solid #e5e7eb}.scroll{overflow-x:auto}.bars{display:flex;
align-items:flex-end;gap:3px;height:120px}.bars div{flex:1;background:#16a34a;min-height:1px;
border-radius:3px 3px 0 0}.login{max-width:360px;margin:10vh auto}dl{display:grid;
grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:0}dt{color:#5b6474}dd{margin:0}
summary{cursor:pointer}details[open]>summary{margin-bottom:.6rem}
"""


def esc(value: object) -> str:
    """HTML-escaped text of any value ("" for None)."""
    return "" if value is None else html.escape(str(value))


def page(title: str, body: str, *, operator: StoreScope | Operator | None = None,
         active: str = "", script: str = "") -> str:
    """A whole HTML page; the header (navigation, the store switcher, sign out) only for a
    signed-in operator."""
    header = ""
    if operator is not None:
        links = [("queue", "/console", "Fila"), ("orders", "/console/orders", "Pedidos"),
                 ("dashboard", "/console/dashboard", "Painel")]
        if isinstance(operator, StoreScope) and operator.manages:
            links.append(("knowledge", "/console/knowledge", "Conhecimento"))
            links.append(("admin", "/console/admin/operators", "Operadores"))
        if operator.is_admin:
            links.append(("stores", "/console/admin/stores", "Lojas"))
        nav = "".join(f'<a href="{href}" class="{"on" if key == active else ""}">{label}</a>'
                      for key, href, label in links)
        header = (f"<header><b>Balcão</b><nav>{nav}</nav>{_switcher(operator)}"
                  f"<span>{esc(operator.name)}</span>"
                  f'<form method="post" action="/console/logout">{csrf_field(operator)}'
                  '<button class="secondary" type="submit">Sair</button></form></header>')
    csrf_meta = (f'<meta name="csrf-token" content="{esc(operator.csrf_token)}">'
                 if operator else "")
    return (
        '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{csrf_meta}<title>{esc(title)} · Balcão</title><style>{_CSS}</style></head>"
        f"<body>{header}<main>{body}</main>"
        + (f"<script>{script}</script>" if script else "")
        + "</body></html>"
    )


def _switcher(operator: StoreScope | Operator) -> str:
    """The store shown, and a switcher for people with several stores."""
    if not isinstance(operator, StoreScope):
        return ""
    if len(operator.stores) == 1:
        return f'<span class="store">{esc(operator.store_name)}</span>'
    options = "".join(
        f'<option value="{esc(m.store_id)}"'
        f'{" selected" if m.store_id == operator.store_id else ""}>{esc(m.store_name)}</option>'
        for m in operator.stores)
    return ('<form method="post" action="/console/store" style="display:flex;gap:.3rem;'
            f'align-items:center">{csrf_field(operator)}<label for="store">Loja</label>'
            '<select id="store" name="store" style="width:auto;margin:0">'
            f"{options}</select>"
            '<button class="secondary" type="submit">Trocar</button></form>')


def csrf_field(operator: StoreScope | Operator) -> str:
    return f'<input type="hidden" name="csrf" value="{esc(operator.csrf_token)}">'


def reason_label(reason: str) -> str:
    return REASONS.get(reason, reason.replace("_", " "))


def minutes_label(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


@functools.cache
def script(name: str) -> str:
    """A page script from `api/console/scripts/`, read once, inlined into the page."""
    return (resources.files("api.console") / "scripts" / name).read_text("utf-8")
