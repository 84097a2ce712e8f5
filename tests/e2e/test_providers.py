"""The purchase with PIX, Stripe and Mercado Pago: links from local fakes of their APIs,
confirmations through their signed webhooks, into the real service over HTTP."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.e2e.test_conversation import option_ids, say
from tests.e2e.test_purchase import body_of, tap, wait_message
from tests.fakes.graph_api import FakeGraphApi
from tests.fakes.mercadopago_api import FakeMercadoPagoApi
from tests.fakes.stripe_api import FakeStripeApi
from tests.service import ServiceProcess
from tools.payments.brcode import parse_brcode
from tools.payments.signing import SIGNATURE_HEADER, sign

PIX_SECRET = "pix-relay-secret"
STORE = """
name: Loja Provedores
shipping:
  options:
    - {id: retirada, name: Retirar na loja, kind: pickup, price: "0", days: 0, address: Loja}
payment:
  methods:
    - {id: pix, name: PIX, provider: pix}
    - {id: cartao, name: Cartão (Stripe), provider: stripe}
    - {id: mp, name: Mercado Pago, provider: mercadopago}
  link_minutes: 60
"""


@pytest.fixture
def fakes() -> Iterator[tuple[FakeStripeApi, FakeMercadoPagoApi]]:
    with FakeStripeApi() as stripe, FakeMercadoPagoApi() as mercadopago:
        yield stripe, mercadopago


@pytest.fixture
def shop(service_env: dict[str, str], fakes, tmp_path: Path) -> Iterator[ServiceProcess]:
    stripe, mercadopago = fakes
    stores = tmp_path / "stores"
    stores.mkdir()
    (stores / "default.yaml").write_text(STORE)
    env = service_env | {
        "BALCAO_STORES_DIR": str(stores),
        "PIX_KEY": "loja@example.com", "PIX_MERCHANT_NAME": "Loja Provedores",
        "PIX_MERCHANT_CITY": "SAO PAULO", "PIX_WEBHOOK_SECRET": PIX_SECRET,
        "STRIPE_API_KEY": stripe.api_key, "STRIPE_WEBHOOK_SECRET": stripe.webhook_secret,
        "STRIPE_API_BASE_URL": stripe.base_url,
        "MERCADOPAGO_ACCESS_TOKEN": mercadopago.access_token,
        "MERCADOPAGO_WEBHOOK_SECRET": mercadopago.webhook_secret,
        "MERCADOPAGO_API_BASE_URL": mercadopago.base_url,
    }
    proc = ServiceProcess(env, tmp_path / "shop.log").start()
    yield proc
    proc.stop()


def buy_with(shop: ServiceProcess, graph_api: FakeGraphApi, method: str) -> str:
    """Checks out one bottle paying with `method`; returns the reply with the payment."""
    say(shop, graph_api, "tem garrafa termica?")
    say(shop, graph_api, "quero a primeira")
    say(shop, graph_api, "quero finalizar")
    say(shop, graph_api, "Ana Lima")
    say(shop, graph_api, "01310-100")
    say(shop, graph_api, "Av Paulista, 1000")
    methods = tap(shop, graph_api, "ship:retirada", "Retirar na loja")
    assert option_ids(methods) == ["pay:pix", "pay:cartao", "pay:mp"]
    summary = tap(shop, graph_api, f"pay:{method}", method)
    assert option_ids(summary)[0] == "order:confirm:1"
    return body_of(say(shop, graph_api, "sim"))


def order_total(db_url: str) -> tuple[str, Decimal]:
    with psycopg.connect(db_url) as conn:
        return conn.execute("SELECT status, total FROM orders").fetchone()


def post(shop: ServiceProcess, provider: str, body: bytes, headers: dict[str, str],
         params: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(f"{shop.url}/webhooks/payments/{provider}", content=body,
                      headers=headers, params=params)


def test_pix_copy_and_paste_code_and_its_webhook(
    shop: ServiceProcess, graph_api: FakeGraphApi, db_url: str
) -> None:
    reply = buy_with(shop, graph_api, "pix")
    code = next(line for line in reply.splitlines() if line.startswith("000201"))
    fields = parse_brcode(code)
    _, total = order_total(db_url)
    assert Decimal(fields["54"]) == total
    txid = fields["62"]["05"]

    webhook = json.dumps({"pix": [{"endToEndId": "E18236120202611221200s0123456789",
                                   "txid": txid, "valor": str(total),
                                   "horario": "2026-11-22T12:00:00.000Z"}]}).encode()
    refused = post(shop, "pix", webhook, {SIGNATURE_HEADER: sign(webhook, "wrong")})
    assert refused.status_code == 401
    sent = len(graph_api.messages())
    ok = post(shop, "pix", webhook, {SIGNATURE_HEADER: sign(webhook, PIX_SECRET)})
    assert ok.status_code == 200
    assert "aprovado" in body_of(wait_message(graph_api, sent + 1))
    assert order_total(db_url)[0] == "paid"


def test_stripe_checkout_session_and_signed_event(
    shop: ServiceProcess, graph_api: FakeGraphApi, fakes, db_url: str
) -> None:
    stripe, _ = fakes
    reply = buy_with(shop, graph_api, "cartao")
    (session_id, session), = stripe.sessions.items()
    assert session["url"] in reply
    assert session["amount_total"] == int(order_total(db_url)[1] * 100)

    completed = stripe.complete(session_id)
    body, headers = stripe.signed_event("checkout.session.completed", completed)
    sent = len(graph_api.messages())
    assert post(shop, "stripe", body, headers).status_code == 200
    assert "aprovado" in body_of(wait_message(graph_api, sent + 1))
    assert post(shop, "stripe", body, headers).status_code == 200  # redelivered: no effect
    time.sleep(1.0)
    assert len(graph_api.messages()) == sent + 1
    assert order_total(db_url)[0] == "paid"


def test_mercadopago_preference_and_signed_notification(
    shop: ServiceProcess, graph_api: FakeGraphApi, fakes, db_url: str
) -> None:
    _, mercadopago = fakes
    reply = buy_with(shop, graph_api, "mp")
    (preference_id, preference), = mercadopago.preferences.items()
    assert preference["init_point"] in reply
    assert re.search(r"https?://", reply)

    payment = mercadopago.pay(preference_id, "approved")
    body, headers, query = mercadopago.notification(str(payment["id"]))
    sent = len(graph_api.messages())
    assert post(shop, "mercadopago", body, headers, query).status_code == 200
    assert "aprovado" in body_of(wait_message(graph_api, sent + 1))
    assert order_total(db_url)[0] == "paid"
