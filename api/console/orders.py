"""`/console/orders`: the store's orders (filtered by status) and one order: its lines and
totals, delivery, payments and refunds, its history with who changed what, and what an
operator may do to it now (the forms post to `orders_actions.py`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.console.layout import csrf_field, esc, page
from api.console.scope import ScopeDep, StoreScope
from api.deps import ResourcesDep
from balcao.money import format_money
from tools.orders.lifecycle import NOT_SHIPPED, history, order_id_of
from tools.orders.owed import owed
from tools.orders.queries import load_order
from tools.orders.refunds import ledger
from tools.orders.returns import open_requests

router = APIRouter(prefix="/orders")

ORDER_STATUSES = {
    "pending_payment": "Aguardando pagamento", "payment_failed": "Pagamento recusado",
    "paid": "Pago", "preparing": "Em preparação", "shipped": "Enviado",
    "delivered": "Entregue", "exchange_requested": "Troca pedida",
    "return_requested": "Devolução pedida", "completed": "Concluído",
    "cancelled": "Cancelado", "expired": "Expirado",
}
_ACTIONS = {"ship": "Enviado", "deliver": "Entregue", "cancel": "Cancelado",
            "status": "Situação", "prepare": "Em preparação", "modify_items": "Itens trocados",
            "modify_address": "Endereço mudado", "request_exchange": "Troca pedida",
            "request_return": "Devolução pedida", "complete_exchange": "Troca aprovada",
            "complete_return": "Devolução aprovada", "refuse_exchange": "Troca recusada",
            "refuse_return": "Devolução recusada", "refund_sent": "Reembolso feito",
            "difference_paid": "Diferença paga", "difference_unpaid": "Diferença não paga"}
# Why a payment or refund of the ledger was made, as the team reads it.
_MONEY_REASONS = {"items changed": "diferença: itens trocados",
                  "shipping changed": "diferença: frete do novo endereço",
                  "cancelled": "cancelamento", "return": "devolução",
                  "exchange": "diferença: troca"}
PAGE_SIZE = 100


def status_label(status: str | None) -> str:
    return ORDER_STATUSES.get(status or "", status or "—")


@router.get("", response_class=HTMLResponse)
async def orders_page(resources: ResourcesDep, scope: ScopeDep,
                      status: str = Query("")) -> Response:
    store_id = scope.store_id
    zone = _zone(resources, store_id)
    async with resources.pool.connection() as conn:
        cur = await conn.execute(
            "SELECT o.number, o.status, o.total, o.created_at, c.name FROM orders o"
            " LEFT JOIN customers c ON c.id = o.customer_id WHERE o.store_id = %s"
            " AND (%s = '' OR o.status = %s) ORDER BY o.id DESC LIMIT %s",
            (store_id, status, status, PAGE_SIZE))
        orders = await cur.fetchall()
    options = "".join(
        f'<option value="{key}"{" selected" if key == status else ""}>{label}</option>'
        for key, label in [("", "Todos"), *ORDER_STATUSES.items()])
    rows = "".join(
        f'<tr><td><a href="/console/orders/{quote(o["number"])}">{esc(o["number"])}</a></td>'
        f'<td>{o["created_at"].astimezone(zone):%d/%m %H:%M}</td><td>{esc(o["name"])}</td>'
        f'<td class="status">{esc(status_label(o["status"]))}</td>'
        f'<td>{format_money(o["total"])}</td></tr>' for o in orders
    ) or '<tr><td colspan="5">Nenhum pedido</td></tr>'
    body = (
        '<h1>Pedidos</h1><form method="get" class="card actions" id="filter">'
        f'<label for="status">Situação</label><select id="status" name="status">{options}'
        '</select><button class="secondary" type="submit">Filtrar</button></form>'
        '<div class="card scroll"><table id="orders"><tr><th>Pedido</th><th>Data</th>'
        f"<th>Cliente</th><th>Situação</th><th>Total</th></tr>{rows}</table></div>"
    )
    return HTMLResponse(page("Pedidos", body, operator=scope, active="orders"))


@router.get("/{number}", response_class=HTMLResponse)
async def order_page(number: str, request: Request, resources: ResourcesDep,
                     scope: ScopeDep) -> Response:
    """One order of the store shown (another store's number is not found here)."""
    store_id = scope.store_id
    zone = _zone(resources, store_id)
    async with resources.pool.connection() as conn:
        try:
            order_id = await order_id_of(conn, store_id=store_id, number=number)
        except LookupError:
            return HTMLResponse(page("Não encontrado", "<h1>Pedido não encontrado</h1>",
                                     operator=scope, active="orders"), status_code=404)
        order = await load_order(conn, order_id)
        cur = await conn.execute("SELECT carrier, tracking_code, cancel_reason FROM orders"
                                 " WHERE id = %s", (order_id,))
        delivery = dict(await cur.fetchone() or {})
        cur = await conn.execute("SELECT provider, status, amount, created_at FROM payments"
                                 " WHERE order_id = %s ORDER BY id", (order_id,))
        payments = await cur.fetchall()
        money = await ledger(conn, order_id)
        changes = await history(conn, order_id)
        requests = [r for r in await open_requests(conn, order_id) if r["status"] == "open"]
        due = await owed(conn, order_id)
    flash = request.query_params.get("msg")
    body = (
        f'<h1>Pedido {esc(order.number)} · <span id="order-status">'
        f"{esc(status_label(order.status))}</span></h1>"
        + (f'<p class="flash" role="status">{esc(flash)}</p>' if flash else "")
        + '<div class="grid"><div>'
        # What to do first: on a phone the columns stack and the history is long.
        + _owed(due) + _actions(order.number, order.status, requests, scope, held=bool(due))
        + _lines(order) + _payments(payments, money, zone) + _history(changes, zone)
        + "</div><div>" + _delivery(order, delivery) + "</div></div>"
    )
    return HTMLResponse(page(f"Pedido {order.number}", body, operator=scope,
                             active="orders"))


def _zone(resources: Any, store_id: str) -> ZoneInfo:
    return ZoneInfo(resources.services.stores.get(store_id).escalation.hours.timezone)


def _lines(order: Any) -> str:
    lines = "".join(
        f"<tr><td>{line.quantity}×</td><td>{esc(line.name)}"
        + (f' <span class="meta">{esc(" / ".join(line.variant.values()))}</span>'
           if line.variant else "")
        + f"</td><td>{format_money(line.total)}</td></tr>" for line in order.lines)
    totals = [("Subtotal", order.subtotal), ("Frete", order.shipping_cost)]
    if order.discount:
        totals.append(("Desconto", -order.discount))
    totals.append(("<b>Total</b>", order.total))
    return ('<div class="card" id="lines"><h2>Itens</h2><div class="scroll"><table>' + lines
            + "".join(f'<tr><td></td><td>{label}</td><td>{format_money(value)}</td></tr>'
                      for label, value in totals) + "</table></div></div>")


def _payments(payments: list[dict[str, Any]], money: list[dict[str, Any]],
              zone: ZoneInfo) -> str:
    rows = "".join(
        f'<tr><td>{p["created_at"].astimezone(zone):%d/%m %H:%M}</td><td>pagamento</td>'
        f'<td>{esc(p["provider"])}</td><td>{format_money(p["amount"])}</td>'
        f'<td>{esc(p["status"])}</td></tr>' for p in payments)
    rows += "".join(
        f'<tr><td>{t["created_at"].astimezone(zone):%d/%m %H:%M}</td>'
        f'<td>{"reembolso" if t["kind"] == "refund" else "cobrança"}'
        f'{_reason(t["reason"])}</td>'
        f'<td>{esc(t["provider"])} {esc(t["method_id"] or "")}</td>'
        f'<td>{format_money(t["amount"])}</td><td>{esc(t["status"])}</td></tr>' for t in money)
    return ('<div class="card" id="payments"><h2>Pagamentos</h2><div class="scroll"><table>'
            + (rows or '<tr><td colspan="5">Nenhum</td></tr>') + "</table></div></div>")


def _reason(reason: str | None) -> str:
    """What a ledger row was for ("diferença: frete do novo endereço"), after its kind."""
    return f" ({esc(_MONEY_REASONS.get(reason, reason))})" if reason else ""


def _history(changes: list[dict[str, Any]], zone: ZoneInfo) -> str:
    def details(d: dict[str, Any]) -> str:
        return ", ".join(f"{k}: {v}" for k, v in d.items() if v not in (None, "", []))

    rows = "".join(
        f'<tr><td>{c["occurred_at"].astimezone(zone):%d/%m %H:%M}</td>'
        f'<td>{esc(_ACTIONS.get(c["action"], c["action"]))}</td>'
        f'<td>{esc(status_label(c["to_status"]))}</td><td class="actor">{esc(c["actor"])}</td>'
        f'<td class="meta">{esc(details(c["details"]))}</td></tr>' for c in changes)
    return ('<div class="card" id="history"><h2>Histórico</h2><div class="scroll"><table>'
            "<tr><th>Quando</th><th>O quê</th><th>Situação</th><th>Quem</th><th></th></tr>"
            + rows + "</table></div></div>")


def _delivery(order: Any, delivery: dict[str, Any]) -> str:
    address = order.address or {}
    where = " — ".join(str(v) for v in (address.get("street"), address.get("cep"),
                                        address.get("uf")) if v)
    tracking = (f'{esc(delivery.get("carrier") or "")} <b>{esc(delivery["tracking_code"])}</b>'
                if delivery.get("tracking_code") else "—")
    return ('<div class="card" id="delivery"><h2>Entrega</h2><dl>'
            f'<dt>Endereço</dt><dd>{esc(where) or "—"}</dd>'
            f'<dt>Rastreio</dt><dd class="tracking">{tracking}</dd>'
            + (f'<dt>Cancelado</dt><dd>{esc(delivery["cancel_reason"])}</dd>'
               if delivery.get("cancel_reason") else "") + "</dl></div>")


def _owed(due: dict[str, Any] | None) -> str:
    """A difference the buyer has not paid yet: what was changed waits for it."""
    if due is None:
        return ""
    what = "o novo item da troca" if due["reason"] == "exchange" else "o pedido"
    return (f'<p class="flash" id="difference-owed" role="status">Diferença de '
            f'{format_money(due["amount"])} a receber{_reason(due["reason"])}: {what} só é'
            f' enviado depois do pagamento (o cliente recebeu o link).</p>')


def _actions(number: str, status: str, requests: list[dict[str, Any]],
             scope: StoreScope, *, held: bool = False) -> str:
    def form(action: str, inner: str, label: str, cls: str = "") -> str:
        return (f'<form method="post" action="/console/orders/{quote(number)}/{action}"'
                f' id="{action}-form">{csrf_field(scope)}{inner}'
                f'<button class="{cls}" type="submit">{label}</button></form>')

    parts = []
    if status in ("paid", "preparing") and not held:
        parts.append(form("ship", '<h2>Marcar como enviado</h2><label for="tracking_code">'
                          'Código de rastreio</label><input id="tracking_code"'
                          ' name="tracking_code" required maxlength="64"><label for="carrier">'
                          'Transportadora</label><input id="carrier" name="carrier"'
                          ' maxlength="64" placeholder="Correios">', "Marcar enviado"))
    if status == "shipped":
        parts.append(form("deliver", "<h2>Entrega</h2>", "Marcar entregue"))
    for r in requests:
        kind = "Troca" if r["kind"] == "exchange" else "Devolução"
        asked = ", ".join(r["items"]) + (" → " + ", ".join(r["new_items"])
                                         if r["new_items"] else "")
        parts.append(f'<div id="request"><h2>{kind} pedida</h2><p>{esc(asked)} · diferença '
                     f'{format_money(r["price_difference"])} · {esc(r["method_id"])}</p>')
        parts.append(form("approve", "", f"Aprovar {kind.lower()}"))
        parts.append(form("refuse", '<label for="refuse-reason">Motivo (vai para o cliente)'
                          '</label><input id="refuse-reason" name="reason" required'
                          ' maxlength="300">', "Recusar", "secondary") + "</div>")
    if status in (*NOT_SHIPPED, "payment_failed"):
        refund = " O que foi pago é devolvido." if status != "pending_payment" else ""
        parts.append(form("cancel", f'<h2>Cancelar</h2><p class="meta">{refund}</p>'
                          '<label for="cancel-reason">Motivo</label><input id="cancel-reason"'
                          ' name="reason" required maxlength="300">', "Cancelar pedido",
                          "secondary"))
    return ('<div class="card" id="actions"><h2>Ações</h2>'
            + ("".join(parts) or '<p class="meta">Nada a fazer nesta situação.</p>') + "</div>")
