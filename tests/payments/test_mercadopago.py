"""Mercado Pago Checkout Pro: preferences against the local fake; signed notifications."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
import pytest

from tests.fakes.mercadopago_api import FakeMercadoPagoApi
from tests.payments.conftest import make_request
from tools.payments.base import (
    InvalidSignature,
    MalformedNotification,
    PaymentItem,
    PaymentNotification,
    PaymentProviderError,
)
from tools.payments.mercadopago import MercadoPagoProvider, manifest, preference_body, sign
from tools.payments.money import json_dumps


def provider(fake: FakeMercadoPagoApi, http: httpx.AsyncClient) -> MercadoPagoProvider:
    return MercadoPagoProvider(fake.access_token, fake.webhook_secret, fake.base_url, http=http)


async def test_creates_a_preference_with_exact_prices(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient
) -> None:
    items = [PaymentItem("Camiseta", 3, Decimal("19.99")), PaymentItem("Boné", 1, Decimal("0.10"))]
    request = make_request(amount=Decimal("60.07"), items=items, provider="mercadopago")
    created = await provider(fake_mp, http).create(request)

    assert created.provider_ref in fake_mp.preferences
    assert created.link_url == (
        "https://www.mercadopago.com.br/checkout/v1/redirect?pref_id=" + created.provider_ref
    )
    [sent] = [r for r in fake_mp.requests if r["method"] == "POST"]
    assert sent["headers"]["x-idempotency-key"] == request.idempotency_key
    assert sent["headers"]["authorization"] == f"Bearer {fake_mp.access_token}"
    body = sent["json"]
    assert [(i["title"], i["quantity"], i["unit_price"], i["currency_id"]) for i in body["items"]] \
        == [("Camiseta", 3, Decimal("19.99"), "BRL"), ("Boné", 1, Decimal("0.10"), "BRL")]
    assert body["external_reference"] == request.token
    assert body["notification_url"] == request.notification_url
    assert body["back_urls"] == {"success": request.return_url, "pending": request.return_url,
                                 "failure": request.return_url}
    assert body["expires"] is True
    assert body["expiration_date_to"] == request.expires_at.isoformat(timespec="milliseconds")
    assert body["payer"] == {"name": "Maria Souza", "email": "maria@example.com"}


def test_unit_price_goes_out_as_an_exact_json_number() -> None:
    request = make_request(amount=Decimal("0.1") + Decimal("0.2"),
                           items=[PaymentItem("Bala", 3, Decimal("0.10"))])
    raw = json_dumps(preference_body(request))
    assert b'"unit_price":0.10,' in raw
    total = make_request(amount=Decimal("1299.90"),
                         items=[PaymentItem("Tênis", 1, Decimal("1200.00"))])  # + shipping
    [line] = preference_body(total)["items"]
    assert (line["title"], line["quantity"], line["unit_price"]) == (
        total.description, 1, Decimal("1299.90"))


async def test_same_idempotency_key_returns_the_same_preference(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient
) -> None:
    mp = provider(fake_mp, http)
    request = make_request(provider="mercadopago")
    first = await mp.create(request)
    assert await mp.create(request) == first
    assert len(fake_mp.preferences) == 1
    keys = [r["headers"]["x-idempotency-key"] for r in fake_mp.requests]
    assert keys == [request.idempotency_key] * 2
    assert (await mp.create(make_request(key="another"))).provider_ref != first.provider_ref


async def test_failures_are_sorted_into_retry_or_not(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient
) -> None:
    mp = provider(fake_mp, http)
    fake_mp.fail_next(503)
    with pytest.raises(PaymentProviderError) as caught:
        await mp.create(make_request())
    assert caught.value.retryable and caught.value.status == 503
    wrong = MercadoPagoProvider("TEST-wrong", "s", fake_mp.base_url, http=http)
    with pytest.raises(PaymentProviderError) as caught:
        await wrong.create(make_request())
    assert caught.value.status == 401 and not caught.value.retryable
    assert "TEST-wrong" not in str(caught.value)


async def test_fake_validates_like_mercado_pago(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient
) -> None:
    url = fake_mp.base_url + "/checkout/preferences"
    auth = {"Authorization": f"Bearer {fake_mp.access_token}"}
    as_string = await http.post(url, headers=auth, json={
        "items": [{"title": "x", "quantity": 1, "unit_price": "10.00"}]})
    assert as_string.status_code == 400
    assert set(as_string.json()) == {"message", "error", "status", "cause"}
    no_items = await http.post(url, headers=auth, json={"items": []})
    assert no_items.status_code == 400
    anonymous = await http.post(url, json={"items": []})
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "unauthorized"


# --- notifications -------------------------------------------------------------------------


async def _paid(fake: FakeMercadoPagoApi, http: httpx.AsyncClient, status: str) -> str:
    created = await provider(fake, http).create(make_request(amount=Decimal("1299.90")))
    assert created.provider_ref
    return str(fake.pay(created.provider_ref, status)["id"])


async def _notify(
    mp: MercadoPagoProvider, fake: FakeMercadoPagoApi, payment_id: str, **kwargs
) -> list[PaymentNotification]:
    body, headers, query = fake.notification(payment_id, **kwargs)
    return await mp.notification(headers, body, query)


@pytest.mark.parametrize(
    ("mp_status", "status"),
    [("approved", "paid"), ("rejected", "failed"), ("cancelled", "failed"),
     ("pending", "pending"), ("in_process", "pending")],
)
async def test_payment_statuses(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient, mp_status: str, status: str
) -> None:
    payment_id = await _paid(fake_mp, http, mp_status)
    body, headers, query = fake_mp.notification(payment_id)
    [note] = await provider(fake_mp, http).notification(headers, body, query)
    assert note.status == status
    assert note.event_id == f"{payment_id}:{mp_status}"
    assert note.token == make_request().token
    assert note.provider_ref is None
    assert note.amount == Decimal("1299.90")
    assert fake_mp.requests[-1]["path"] == f"/v1/payments/{payment_id}"


async def test_a_state_seen_twice_is_one_event(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient
) -> None:
    mp = provider(fake_mp, http)
    payment_id = await _paid(fake_mp, http, "pending")
    [pending] = await _notify(mp, fake_mp, payment_id, action="payment.created")
    fake_mp.set_status(payment_id, "approved")
    [first] = await _notify(mp, fake_mp, payment_id)
    [second] = await _notify(mp, fake_mp, payment_id)
    assert pending.status == "pending" and first.status == "paid"
    assert first.event_id == second.event_id != pending.event_id


async def test_refunds_other_topics_and_unknown_payments_are_ignored(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient
) -> None:
    mp = provider(fake_mp, http)
    payment_id = await _paid(fake_mp, http, "refunded")
    assert await _notify(mp, fake_mp, payment_id) == []
    body, headers, query = fake_mp.notification("123456")  # the dashboard's test id
    assert await mp.notification(headers, body, query) == []
    order = json.dumps({"type": "topic_merchant_order_wh", "data": {"id": "77"}}).encode()
    headers = {"x-request-id": "r1", "x-signature": sign(fake_mp.webhook_secret,
                                                        data_id="77", request_id="r1", ts="1")}
    assert await mp.notification(headers, order, {"data.id": "77"}) == []


async def test_signature_checks(fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient) -> None:
    mp = provider(fake_mp, http)
    payment_id = await _paid(fake_mp, http, "approved")
    body, headers, query = fake_mp.notification(payment_id)

    # The signature covers data.id from the query: another payment id does not pass.
    with pytest.raises(InvalidSignature):
        await mp.notification(headers, body, {**query, "data.id": "90000000999"})
    with pytest.raises(InvalidSignature):
        await mp.notification({**headers, "x-request-id": "other"}, body, query)
    with pytest.raises(InvalidSignature):
        await mp.notification({"x-request-id": headers["x-request-id"]}, body, query)
    _, wrong, _ = fake_mp.notification(payment_id, secret="not-the-secret")
    with pytest.raises(InvalidSignature):
        await mp.notification(wrong, body, query)
    # Without the query, data.id comes from the body.
    assert len(await mp.notification(headers, body)) == 1


async def test_signed_but_unreadable(fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient) -> None:
    headers = {"x-request-id": "r1",
               "x-signature": sign(fake_mp.webhook_secret, data_id="5", request_id="r1", ts="9")}
    with pytest.raises(MalformedNotification):
        await provider(fake_mp, http).notification(headers, b"{not json", {"data.id": "5"})


async def test_failed_payment_lookup_is_retryable(
    fake_mp: FakeMercadoPagoApi, http: httpx.AsyncClient
) -> None:
    payment_id = await _paid(fake_mp, http, "approved")
    fake_mp.fail_next(500)
    with pytest.raises(PaymentProviderError) as caught:
        await _notify(provider(fake_mp, http), fake_mp, payment_id)
    assert caught.value.retryable


def test_manifest_follows_the_documented_template() -> None:
    assert manifest("ABC123", "req-1", "1704908010") == "id:abc123;request-id:req-1;ts:1704908010;"
    assert manifest("a-B", None, "5") == "id:a-B;ts:5;"
    assert manifest(None, "r", "5") == "request-id:r;ts:5;"
