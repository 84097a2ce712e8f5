"""`/console/dashboard`: conversations, funnel, escalations, latency and intents per day,
with bar charts drawn in HTML (no chart library, no build step)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.console.layout import csrf_field, esc, page, reason_label
from api.console.scope import ScopeDep, StoreScope
from api.deps import ResourcesDep
from api.reports.dashboard import dashboard
from tools.knowledge.unanswered import OpenQuestion, recent_unanswered

router = APIRouter()

UNANSWERED_SHOWN = 20
_FUNNEL = {"conversations": "Conversas", "cart": "Com carrinho", "order": "Com pedido",
           "paid": "Pagaram"}


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard_page(resources: ResourcesDep, operator: ScopeDep,
                         days: int = Query(14, ge=1, le=90)) -> Response:
    store_id = operator.store_id
    zone = resources.services.stores.get(store_id).escalation.hours.timezone
    async with resources.pool.connection() as conn:
        d = await dashboard(conn, store_id=store_id, timezone=zone, days=days,
                            now=resources.clock.now())
        unanswered = await recent_unanswered(conn, store_id, limit=UNANSWERED_SHOWN)
    rows = "".join(
        f'<tr><td>{r["day"][8:]}/{r["day"][5:7]}</td><td>{r["conversations"]}</td>'
        f'<td>{r["escalations"]}</td><td>{100 * r["escalation_rate"]:.0f}%</td>'
        f'<td>{r["orders"]}</td><td>{r["paid"]}</td><td>{_seconds(r["latency_p50"])}</td>'
        f'<td>{_seconds(r["latency_p90"])}</td><td>{_seconds(r["operator_p50"])}</td></tr>'
        for r in reversed(d.days))
    top = d.funnel[0][1] or 1
    funnel = "".join(
        f'<tr><td>{_FUNNEL[name]}</td><td>{count}</td><td style="width:60%">'
        f'<div style="background:#16a34a;height:.8rem;border-radius:3px;'
        f'width:{100 * count / top:.0f}%"></div></td></tr>' for name, count in d.funnel)
    body = (
        f"<h1>Painel · últimos {days} dias</h1>"
        f'<div class="card"><b>{d.totals["conversations"]}</b> conversas · '
        f'<b>{d.totals["escalations"]}</b> escalonadas '
        f'({100 * d.totals["escalation_rate"]:.0f}%)</div>'
        + _chart("Conversas por dia", [(r["day"], r["conversations"]) for r in d.days])
        + _chart("Escalonamentos por dia", [(r["day"], r["escalations"]) for r in d.days])
        + f'<div class="card"><h2>Funil de conversão</h2><table>{funnel}</table></div>'
        + _ranking("Motivos de escalonamento", [(reason_label(k), n) for k, n in d.reasons])
        + _ranking("Intenções mais frequentes", d.intents)
        + _unanswered(unanswered, operator, ZoneInfo(zone))
        + '<div class="card"><h2>Por dia</h2><div class="scroll"><table><tr><th>Dia</th>'
        "<th>Conversas</th><th>Escal.</th><th>Taxa</th><th>Pedidos</th><th>Pagos</th>"
        "<th>Resposta do bot (mediana)</th><th>p90</th><th>1ª resposta humana</th></tr>"
        f"{rows}</table></div></div>"
    )
    return HTMLResponse(page("Painel", body, operator=operator, active="dashboard"))


def _chart(title: str, points: list[tuple[str, int]]) -> str:
    peak = max((v for _, v in points), default=0) or 1
    bars = "".join(f'<div style="height:{100 * v / peak:.0f}%" title="{d}: {v}"></div>'
                   for d, v in points)
    first, last = points[0][0], points[-1][0]
    return (f'<div class="card"><h2>{esc(title)}</h2><div class="bars">{bars}</div>'
            f'<div class="meta" style="display:flex;justify-content:space-between">'
            f"<span>{first[8:]}/{first[5:7]}</span><span>{last[8:]}/{last[5:7]}</span></div>"
            "</div>")


def _ranking(title: str, items: list[tuple[str, int]]) -> str:
    lines = "".join(f"<tr><td>{esc(k)}</td><td>{n}</td></tr>" for k, n in items)
    return f'<div class="card"><h2>{esc(title)}</h2><table>{lines or "<tr><td>—</td></tr>"}' \
           "</table></div>"


def _unanswered(questions: list[OpenQuestion], operator: StoreScope, zone: ZoneInfo) -> str:
    """Questions nothing in the store's data answered, last asked first, for the FAQ to grow."""
    head = "<tr><th>Pergunta</th><th>Vezes</th><th>Última vez</th>"
    head += "<th></th></tr>" if operator.manages else "</tr>"
    rows = []
    for q in questions:
        row = (f"<tr><td>{esc(q.question)}</td><td>{q.count}</td>"
               f'<td>{q.asked_at.astimezone(zone).strftime("%d/%m %H:%M")}</td>')
        if operator.manages:
            row += (f'<td class="actions"><a href="/console/knowledge?pergunta={q.id}#nova">'
                    "Responder no FAQ</a>"
                    f'<form method="post" action="/console/knowledge/unanswered/{q.id}/dismiss">'
                    f'{csrf_field(operator)}<button class="secondary" type="submit">Resolvida'
                    "</button></form></td>")
        rows.append(row + "</tr>")
    note = ('<p class="meta">Perguntas que nada nos dados da loja respondeu (telefones, '
            "e-mails e CPFs trocados por marcadores). "
            + ('Responda-as no <a href="/console/knowledge">FAQ</a>.</p>' if operator.manages
               else "Quem administra a loja pode respondê-las no FAQ.</p>"))
    table = (f'<div class="scroll"><table>{head}{"".join(rows)}</table></div>' if rows
             else '<p class="meta">Nenhuma por enquanto.</p>')
    return f'<div class="card" id="sem-resposta"><h2>Perguntas sem resposta</h2>{note}{table}</div>'


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} s" if value < 120 else f"{value / 60:.0f} min"
