"""Low findings of issue #18 on money: a Stripe payment in another currency settles nothing,
and a second PIX to a charge already paid is flagged for a refund, not recorded silently.
Both performed through the real webhook routes with correctly signed provider payloads."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from tests.security.conftest import NOW, AppFactory, payment_status, pending_payment
from tools.payments.pix import txid_for
from tools.payments.signing import SIGNATURE_HEADER, sign
from tools.payments.stripe import SIGNATURE_HEADER as STRIPE_HEADER
from tools.payments.stripe import sign_payload

STRIPE_SECRET = "whsec_test_flags"
PIX_SECRET = "pix-relay-secret"
PIX_ENV = {"PIX_KEY": "123e4567-e12b-12d1-a456-426655440000",
           "PIX_MERCHANT_NAME": "Loja Exemplo", "PIX_MERCHANT_CITY": "Sao Paulo",
           "PIX_WEBHOOK_SECRET": PIX_SECRET}


def refund_flags(db_url: str) -> list[dict[str, Any]]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        rows = conn.execute("SELECT o.status, h.details FROM order_history h JOIN orders o"
                            " ON o.id = h.order_id WHERE h.action = 'refund_needed'"
                            " ORDER BY h.id").fetchall()
    return [{"order_status": status, **details} for status, details in rows]


def stripe_completed(token: str, *, amount_total: int, currency: str) -> bytes:
    """A `checkout.session.completed` event as Stripe sends it (fields Balcão reads)."""
    return json.dumps({
        "id": f"evt_{currency}_{amount_total}", "object": "event",
        "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_test_a1", "object": "checkout.session",
                            "amount_total": amount_total, "currency": currency,
                            "client_reference_id": token, "payment_status": "paid",
                            "status": "complete"}}}).encode()


def test_a_stripe_payment_in_another_currency_settles_nothing(make_client: AppFactory,
                                                             db_url: str) -> None:
    client = make_client(STRIPE_API_KEY="sk_test_x", STRIPE_WEBHOOK_SECRET=STRIPE_SECRET)
    pending_payment(db_url, token="tok_stripe_1", provider="stripe")  # R$ 100.00
    # US$ 100.00: the same number as the order's R$ 100.00, in another currency.
    body = stripe_completed("tok_stripe_1", amount_total=10000, currency="usd")
    headers = {STRIPE_HEADER: sign_payload(body, STRIPE_SECRET, int(NOW.timestamp())),
               "Content-Type": "application/json"}
    response = client.post("/webhooks/payments/stripe", content=body, headers=headers)
    assert response.status_code == 200
    assert payment_status(db_url, "tok_stripe_1") == "failed"
    [flag] = refund_flags(db_url)
    assert flag["order_status"] != "paid"
    assert (flag["reason"], flag["currency"], flag["amount"]) == (
        "currency paid differs from the order's", "USD", "100.00")
    # A currency Balcão cannot even read (no amount) settles nothing either.
    pending_payment(db_url, token="tok_stripe_3", provider="stripe")
    body = stripe_completed("tok_stripe_3", amount_total=100, currency="jpy")
    headers[STRIPE_HEADER] = sign_payload(body, STRIPE_SECRET, int(NOW.timestamp()))
    client.post("/webhooks/payments/stripe", content=body, headers=headers)
    assert payment_status(db_url, "tok_stripe_3") == "failed"
    # The same amount in reais does settle a fresh order.
    pending_payment(db_url, token="tok_stripe_2", provider="stripe")
    body = stripe_completed("tok_stripe_2", amount_total=10000, currency="brl")
    headers[STRIPE_HEADER] = sign_payload(body, STRIPE_SECRET, int(NOW.timestamp()))
    client.post("/webhooks/payments/stripe", content=body, headers=headers)
    assert payment_status(db_url, "tok_stripe_2") == "paid"
    assert len(refund_flags(db_url)) == 2  # the dollars and the yen, not the reais


def pix_received(token: str, end_to_end: str) -> tuple[bytes, dict[str, str]]:
    """An "API Pix" webhook (Banco Central's shape) for a pix of R$ 100.00 to our txid."""
    body = json.dumps({"pix": [{"endToEndId": end_to_end, "txid": txid_for(token),
                                "valor": "100.00", "horario": "2026-11-23T15:00:00.000Z",
                                "infoPagador": "pedido"}]}).encode()
    return body, {SIGNATURE_HEADER: sign(body, PIX_SECRET), "Content-Type": "application/json"}


def test_a_second_pix_on_a_paid_charge_is_flagged_for_a_refund(make_client: AppFactory,
                                                                db_url: str) -> None:
    client = make_client(**PIX_ENV)
    pending_payment(db_url, token="tok_pix_1", provider="pix")
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("UPDATE payments SET provider_ref = %s WHERE token = 'tok_pix_1'",
                     (txid_for("tok_pix_1"),))
    body, headers = pix_received("tok_pix_1", "E12345678202611231500aaaaaaaaaaa")
    assert client.post("/webhooks/payments/pix", content=body, headers=headers).json()[
        "results"][0]["status"] == "paid"
    assert refund_flags(db_url) == []
    # The PSP repeating the same pix is a duplicate, not money.
    client.post("/webhooks/payments/pix", content=body, headers=headers)
    assert refund_flags(db_url) == []
    # The buyer pays the same code again: a second transfer, flagged for a person.
    body, headers = pix_received("tok_pix_1", "E12345678202611231501bbbbbbbbbbb")
    client.post("/webhooks/payments/pix", content=body, headers=headers)
    [flag] = refund_flags(db_url)
    assert flag["reason"] == "pix received on a payment already paid"
    assert (flag["event_id"], flag["amount"], flag["order_status"]) == (
        "E12345678202611231501bbbbbbbbbbb", "100.00", "paid")
    assert payment_status(db_url, "tok_pix_1") == "paid"
