"""`/pay/{token}`: the sandbox checkout page, and the landing page of every payment link.

With the sandbox provider a person (or a test) pays or declines here, and the result is
applied exactly as a provider webhook would be. For other providers the page shows the
order and where to pay.

The sandbox marks orders paid on a click, so it works only in a deployment declared a demo
(BALCAO_DEMO_MODE=true); even there each page view carries a CSRF value (a cookie scoped to
this payment's path, double-submitted in the form) and a grant signed with the install's
sandbox secret for this payment and this view, and a post without both changes nothing.
"""

from __future__ import annotations

import hmac
import html
import secrets
from importlib import resources as package_files
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import ResourcesDep, TurnWakeDep
from api.routes.payments import settle
from balcao.money import format_money
from tools.orders.queries import load_order
from tools.payments.base import PaymentNotification

router = APIRouter(prefix="/pay")

PAY_CSRF_COOKIE = "balcao_pay_csrf"

_STATUS_TEXT = {
    "paid": "✅ Pagamento aprovado. Você já pode voltar ao WhatsApp.",
    "failed": "Pagamento recusado. Enviamos um novo link pelo WhatsApp.",
    "expired": "Este link expirou. Peça um novo pelo WhatsApp.",
}


@router.get("/{token}", response_class=HTMLResponse)
async def show(token: str, request: Request, resources: ResourcesDep) -> Response:
    found = await _payment_and_order(resources, token)
    if found is None:
        return HTMLResponse("<h1>Link de pagamento não encontrado</h1>", status_code=404)
    payment, order = found
    nonce = secrets.token_urlsafe(24)
    response = HTMLResponse(_page(resources, payment, order, nonce))
    if _sandbox_form_shown(resources, payment):
        response.set_cookie(PAY_CSRF_COOKIE, nonce, max_age=3600, path=f"/pay/{token}",
                            httponly=True, samesite="strict",
                            secure=resources.settings.public_is_https)
    return response


@router.post("/{token}")
async def decide(
    token: str, request: Request, resources: ResourcesDep, wake: TurnWakeDep,
    decision: str = Form(""), csrf: str = Form(""), grant: str = Form(""),
) -> Response:
    """The sandbox's pay / decline buttons (demo deployments only; CSRF and grant checked)."""
    if not resources.settings.sandbox_allowed:
        return HTMLResponse("<h1>Não encontrado</h1>", status_code=404)
    found = await _payment_and_order(resources, token)
    if found is None:
        return HTMLResponse("<h1>Link de pagamento não encontrado</h1>", status_code=404)
    payment, _ = found
    if payment["provider"] != "sandbox" or decision not in {"paid", "failed"}:
        return HTMLResponse("<h1>Operação não permitida</h1>", status_code=400)
    cookie = request.cookies.get(PAY_CSRF_COOKIE, "")
    provider = resources.services.gateway.provider("sandbox")
    if (
        not _same_origin(request, resources.settings.public_base_url)
        or not cookie
        or not hmac.compare_digest(cookie.encode(), csrf.encode("utf-8", "replace"))
        or not provider.check_page_grant(token, csrf, grant)
    ):
        return HTMLResponse("<h1>A página expirou; abra o link de novo.</h1>", status_code=403)
    if payment["status"] == "pending" and payment["expires_at"] <= resources.clock.now():
        return RedirectResponse(f"/pay/{token}", status_code=303)
    await settle(resources, "sandbox", PaymentNotification(
        event_id=f"{token}:{decision}", token=token, provider_ref=None, status=decision,
        amount=payment["amount"],
    ), wake)
    return RedirectResponse(f"/pay/{token}", status_code=303)


def _same_origin(request: Request, public_base_url: str) -> bool:
    """A browser's Origin, when sent, must be this site."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True
    parts = urlsplit(public_base_url)
    return origin in {f"{request.url.scheme}://{request.url.netloc}",
                      f"{parts.scheme}://{parts.netloc}"}


def _sandbox_form_shown(resources: Any, payment: dict) -> bool:
    return (payment["provider"] == "sandbox" and payment["status"] == "pending"
            and payment["expires_at"] > resources.clock.now()
            and resources.settings.sandbox_allowed)


async def _payment_and_order(resources: Any, token: str) -> tuple[dict, Any] | None:
    async with resources.pool.connection() as conn:
        cur = await conn.execute("SELECT * FROM payments WHERE token = %s", (token,))
        payment = await cur.fetchone()
        if payment is None:
            return None
        return payment, await load_order(conn, payment["order_id"])


def _page(resources: Any, payment: dict, order: Any, nonce: str) -> str:
    esc = html.escape
    config = resources.services.stores.get(order.store_id)
    lines = "".join(
        f"<tr><td>{line.quantity}× {esc(line.name)}"
        + (f" <small>({esc(' / '.join(line.variant.values()))})</small>" if line.variant else "")
        + f"</td><td class=\"amount\">{format_money(line.total)}</td></tr>"
        for line in order.lines
    )
    status = payment["status"]
    if status == "pending" and payment["expires_at"] <= resources.clock.now():
        status = "expired"
    if status != "pending":
        body = f'<p class="status {status}">{esc(_STATUS_TEXT.get(status, status))}</p>'
    elif payment["provider"] == "sandbox" and not resources.settings.sandbox_allowed:
        body = ('<p class="status failed">Pagamento de demonstração desativado nesta loja. '
                "Fale com a loja pelo WhatsApp.</p>")
    elif payment["provider"] == "sandbox":
        grant = resources.services.gateway.provider("sandbox").page_grant(payment["token"], nonce)
        body = _sandbox_form(format_money(order.total), nonce, grant)
    elif payment["pix_code"]:
        body = ("<p>Copie o código e pague no app do seu banco (Pix Copia e Cola):</p>"
                f"<code>{esc(payment['pix_code'])}</code>")
    else:
        body = f'<a href="{esc(payment["link_url"] or "")}"><button class="pay">Pagar</button></a>'
    template = (package_files.files("api") / "templates" / "pay.html").read_text("utf-8")
    shipping = order.shipping or {}
    return template.format(
        store=esc(config.name), number=esc(order.number), lines=lines,
        shipping_name=esc(shipping.get("name", "Frete")),
        shipping_price="Grátis" if not order.shipping_cost else format_money(order.shipping_cost),
        total=format_money(order.total), body=body,
    )


def _sandbox_form(total: str, nonce: str, grant: str) -> str:
    return f"""
    <form method="post">
      <input type="hidden" name="csrf" value="{html.escape(nonce)}">
      <input type="hidden" name="grant" value="{html.escape(grant)}">
      <label for="holder">Nome no cartão</label>
      <input id="holder" name="holder" autocomplete="cc-name" value="CLIENTE TESTE">
      <label for="number">Número do cartão</label>
      <input id="number" name="number" inputmode="numeric" value="4242 4242 4242 4242">
      <div class="row">
        <div><label for="exp">Validade</label><input id="exp" name="exp" value="12/30"></div>
        <div><label for="cvc">CVV</label><input id="cvc" name="cvc" value="123"></div>
      </div>
      <button class="pay" name="decision" value="paid" type="submit">Pagar {total}</button>
      <button class="decline" name="decision" value="failed" type="submit">
        Simular pagamento recusado</button>
    </form>"""
