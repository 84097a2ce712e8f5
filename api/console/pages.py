"""The console's pages: the queue and one conversation (server-rendered, refreshed live)."""

from __future__ import annotations

import json
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.console.layout import (
    STATUSES,
    csrf_field,
    esc,
    minutes_label,
    page,
    reason_label,
    script,
)
from api.console.scope import ScopeDep
from api.deps import ResourcesDep
from balcao.money import format_money
from tools.crm.base import CrmError, CustomerProfile
from tools.handoff.escalations import NEXT_STEPS
from tools.handoff.queue import customer_history, display_phone, escalation_detail, queue

router = APIRouter()

_PART_LABELS = {"urgency": "urgência", "sentiment": "sentimento", "cart": "carrinho",
                "customer": "cliente", "waiting": "espera"}
_NEXT_STEP_LABELS = {"none": "Nada em especial", "checkout": "Finalizar a compra",
                     "cart": "Ver o carrinho", "browse": "Ver produtos"}


async def queue_page(resources: ResourcesDep, operator: ScopeDep) -> Response:
    """`/console`: the queue (mounted by the console's router: a sub-router has no empty path)."""
    async with resources.pool.connection() as conn:
        entries = await queue(conn, operator.store_id, resources.clock.now())
    body = ('<h1>Fila de atendimento</h1><ul class="queue" id="queue">'
            + "".join(_entry_html(e, operator.id) for e in entries["open"])
            + "</ul>"
            + ('<p class="meta" id="empty">Nenhuma conversa esperando.</p>'
               if not entries["open"] else "")
            + '<h2>Sem resposta (voltaram ao bot)</h2><ul class="queue" id="missed">'
            + "".join(_entry_html(e, operator.id) for e in entries["missed"]) + "</ul>"
            + '<h2>Desistiram de esperar (seguiram com o bot)</h2>'
            '<ul class="queue" id="withdrawn">'
            + "".join(_entry_html(e, operator.id) for e in entries["withdrawn"]) + "</ul>")
    return HTMLResponse(page("Fila", body, operator=operator, active="queue",
                             script=script("queue.js")))


def _entry_html(entry: dict[str, Any], me: int) -> str:
    tags = f'<span class="tag">{esc(reason_label(entry["reason"]))}</span>'
    if entry["vip"]:
        tags += '<span class="tag vip">VIP</span>'
    if entry["status"] == "assigned":
        who = "você" if entry["assigned_to"] == me else entry["assigned_name"]
        tags += f'<span class="tag assigned">com {esc(who)}</span>'
    cart = (f'{entry["cart_items"]} item(ns) · {format_money(entry["cart_subtotal"])}'
            if entry["cart_subtotal"] else "sem carrinho")
    return (f'<li class="card"><a class="entry" href="/console/escalations/{entry["id"]}">'
            f'<span class="score" title="prioridade">{entry["priority"]:.0f}</span>'
            f'<span><b class="name">{esc(entry["name"])}</b><br>{tags}</span>'
            f'<span class="right meta">espera {minutes_label(entry["waiting_minutes"])}'
            f"<br>{esc(cart)}</span></a></li>")




@router.get("/escalations/{escalation_id}", response_class=HTMLResponse)
async def conversation_page(escalation_id: int, request: Request, resources: ResourcesDep,
                            operator: ScopeDep) -> Response:
    now = resources.clock.now()
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        e = await escalation_detail(conn, escalation_id, now)
        if e is None:
            return HTMLResponse(page("Não encontrada", "<h1>Conversa não encontrada</h1>",
                                     operator=operator), status_code=404)
        history = await customer_history(conn, e["store_id"], e["buyer_id"],
                                         e["conversation_id"])
    try:
        profile = await resources.services.crm.profile(e["store_id"], e["buyer_id"])
    except CrmError:  # an outside CRM that is down must not hide the conversation
        profile = CustomerProfile(buyer_id=e["buyer_id"])
    zone = ZoneInfo(resources.services.stores.get(e["store_id"]).escalation
                    .hours.timezone)
    flash = request.query_params.get("msg")
    body = (
        f'<h1>{esc(e["name"])} <span class="meta">{esc(display_phone(e["buyer_id"]))}</span></h1>'
        + (f'<p class="flash" role="status">{esc(flash)}</p>' if flash else "")
        + '<div class="grid"><div>'
        + _summary(e, profile)
        + '<div class="card"><h2>Conversa</h2><div class="transcript" id="transcript"></div>'
        + _reply_box(e, operator) + "</div>"
        + "</div><div>"
        + _actions(e, operator)
        + _customer(e, profile, history, zone, operator,
                    writable_vip=hasattr(resources.services.crm, "set_vip"))
        + "</div></div>"
    )
    code = (f"const ESCALATION = {int(escalation_id)};\n"
            f"const STATUS = {json.dumps(e['status'])};\n"
            f"const ZONE = {json.dumps(zone.key)};\n" + script("conversation.js"))
    return HTMLResponse(page(f"Conversa {e['name']}", body, operator=operator, active="queue",
                             script=code))


def _summary(e: dict[str, Any], profile: Any) -> str:
    summary = e["summary"] or {}
    wants = "".join(f"<li>{esc(w)}</li>" for w in summary.get("wants") or []) or "<li>—</li>"
    cart = summary.get("cart")
    cart_html = "—"
    if cart:
        cart_html = "<ul>" + "".join(
            f'<li>{line["quantity"]}× {esc(line["name"])} — {format_money(line["total"])}</li>'
            for line in cart["lines"]) + f"</ul><b>Subtotal: {format_money(cart['subtotal'])}</b>"
    order = summary.get("order")
    order_html = (f'Pedido {esc(order["number"])} · {esc(order["status"])} · '
                  f'{format_money(order["total"])}') if order else "—"
    reasons = ", ".join(reason_label(r) for r in e["reasons"] or [e["reason"]])
    notes = "".join(f"<li>{esc(n)}</li>" for n in summary.get("operator_notes") or [])
    left = (f'<dt>Recado deixado</dt><dd class="left">{esc(e["left_message"])}</dd>'
            if e["left_message"] else "")
    parts = ", ".join(f"{_PART_LABELS.get(k, k)} {v:.0f}" for k, v in e["priority_parts"].items())
    return (
        '<div class="card" id="summary"><h2>Resumo para o atendimento</h2><dl>'
        f'<dt>Motivo</dt><dd class="reason">{esc(reasons)}</dd>'
        f'<dt>Situação</dt><dd class="status">{esc(STATUSES.get(e["status"], e["status"]))}'
        + (f' · {esc(e["assigned_name"])}' if e["assigned_name"] else "") + "</dd>"
        f'<dt>Espera</dt><dd>{minutes_label(e["waiting_minutes"])}</dd>'
        f'<dt>Prioridade</dt><dd>{e["priority"]:.0f} <span class="meta">({esc(parts)})</span></dd>'
        f"<dt>O que quer</dt><dd><ul>{wants}</ul></dd>"
        f"<dt>Carrinho</dt><dd>{cart_html}</dd>"
        f"<dt>Último pedido</dt><dd>{order_html}</dd>"
        + (f"<dt>Notas anteriores</dt><dd><ul>{notes}</ul></dd>" if notes else "")
        + left + "</dl></div>"
    )


def _reply_box(e: dict[str, Any], operator: Any) -> str:
    if e["status"] == "withdrawn":
        return ('<p class="meta">O cliente desistiu de esperar e seguiu com o bot'
                " antes de alguém assumir.</p>")
    if e["status"] not in ("waiting", "assigned", "timed_out"):
        return '<p class="meta">Esta conversa voltou ao bot.</p>'
    if e["status"] == "assigned" and e["assigned_to"] != operator.id:
        return f'<p class="meta">Em atendimento com {esc(e["assigned_name"])}.</p>'
    return (
        f'<form method="post" action="/console/escalations/{e["id"]}/reply" id="reply-form">'
        f'{csrf_field(operator)}<input type="hidden" name="nonce" value="{secrets.token_hex(8)}">'
        '<label for="reply">Responder pelo WhatsApp</label>'
        '<textarea id="reply" name="text" rows="3" maxlength="4096" required></textarea>'
        '<button type="submit">Enviar</button></form>'
    )


def _actions(e: dict[str, Any], operator: Any) -> str:
    def button(action: str, label: str, cls: str = "") -> str:
        return (f'<form method="post" action="/console/escalations/{e["id"]}/{action}">'
                f'{csrf_field(operator)}<button class="{cls}" type="submit">{label}</button>'
                "</form>")

    mine = e["assigned_to"] == operator.id
    buttons = []
    if e["status"] in ("waiting", "timed_out") or (e["status"] == "assigned" and not mine):
        buttons.append(button("assign", "Assumir"))
    if e["status"] == "assigned" and mine:
        buttons.append(button("release", "Liberar", "secondary"))
    if e["status"] == "timed_out":
        buttons.append(button("dismiss", "Arquivar", "secondary"))
    html_ = '<div class="card"><h2>Ações</h2><div class="actions">' + "".join(buttons) + "</div>"
    if e["status"] in ("waiting", "assigned") and (mine or e["status"] == "waiting"):
        options = "".join(f'<option value="{step}">{_NEXT_STEP_LABELS[step]}</option>'
                          for step in NEXT_STEPS)
        html_ += (
            f'<form method="post" action="/console/escalations/{e["id"]}/return" id="return-form">'
            f'{csrf_field(operator)}<h2>Devolver ao bot</h2>'
            '<label for="notes">Notas (ficam na conversa)</label>'
            '<textarea id="notes" name="notes" rows="2" maxlength="2000"></textarea>'
            '<label for="next_step">O bot oferece em seguida</label>'
            f'<select id="next_step" name="next_step">{options}</select>'
            '<button type="submit">Devolver ao bot</button></form>'
        )
    return html_ + "</div>"


def _customer(e: dict[str, Any], profile: Any, history: dict[str, Any], zone: ZoneInfo,
              operator: Any, *, writable_vip: bool) -> str:
    orders = "".join(
        f'<tr><td>{esc(o["number"])}</td><td>{o["created_at"].astimezone(zone):%d/%m}</td>'
        f'<td>{esc(o["status"])}</td><td>{format_money(o["total"])}</td></tr>'
        for o in history["orders"]) or '<tr><td colspan="4">Nenhum pedido</td></tr>'
    earlier = "".join(
        f'<li>{e["created_at"].astimezone(zone):%d/%m %H:%M} · {esc(reason_label(e["reason"]))}'
        f' · {esc(STATUSES.get(e["status"], e["status"]))}'
        + (f' — <i>{esc(e["notes"])}</i>' if e["notes"] else "") + "</li>"
        for e in history["escalations"])
    vip = "sim" if profile.vip else "não"
    if writable_vip:
        vip += (f'<form method="post" action="/console/escalations/{e["id"]}/vip">'
                f'{csrf_field(operator)}<input type="hidden" name="vip" '
                f'value="{"" if profile.vip else "1"}"><button class="secondary" type="submit">'
                f'{"Tirar VIP" if profile.vip else "Marcar VIP"}</button></form>')
    return (
        '<div class="card" id="customer"><h2>Cliente</h2><dl>'
        f'<dt>VIP</dt><dd class="vip">{vip}</dd>'
        f"<dt>Pedidos pagos</dt><dd>{profile.orders}</dd>"
        f"<dt>Total gasto</dt><dd>{format_money(profile.spend)}</dd></dl>"
        f'<h2>Pedidos</h2><div class="scroll"><table>{orders}</table></div>'
        f"<h2>Atendimentos</h2><ul>{earlier}</ul></div>"
    )
