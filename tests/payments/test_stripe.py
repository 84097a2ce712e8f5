"""Stripe Checkout: sessions against the local fake over HTTP; signed webhooks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from balcao.clock import FrozenClock
from tests.fakes.stripe_api import FakeStripeApi
from tests.payments.conftest import make_request
from tools.payments.base import InvalidSignature, PaymentItem, PaymentProviderError
from tools.payments.stripe import StripeProvider, checkout_session_form, sign_payload


def provider(fake: FakeStripeApi, http: httpx.AsyncClient, **kwargs) -> StripeProvider:
    return StripeProvider(
        fake.api_key, fake.webhook_secret, fake.base_url, http=http, clock=fake.clock, **kwargs
    )


async def test_creates_a_session_with_exact_minor_units(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient
) -> None:
    items = [PaymentItem("Camiseta", 3, Decimal("19.99")), PaymentItem("Boné", 1, Decimal("0.1"))]
    request = make_request(amount=Decimal("59.97") + Decimal("0.1"), items=items)
    created = await provider(fake_stripe, http).create(request)

    assert created.provider_ref and created.provider_ref.startswith("cs_test_")
    assert created.link_url == f"https://checkout.stripe.com/c/pay/{created.provider_ref}"
    assert created.pix_code is None
    [sent] = fake_stripe.created()
    form = sent["form"]
    assert sent["headers"]["idempotency-key"] == request.idempotency_key
    assert sent["headers"]["authorization"] == f"Bearer {fake_stripe.api_key}"
    assert form["mode"] == "payment"
    assert form["client_reference_id"] == request.token
    assert form["metadata"] == {"token": request.token, "order_number": "1001"}
    assert form["success_url"] == form["cancel_url"] == request.return_url
    assert form["customer_email"] == "maria@example.com"
    assert form["expires_at"] == str(int(request.expires_at.timestamp()))
    assert [
        (li["quantity"], li["price_data"]["unit_amount"], li["price_data"]["currency"])
        for li in form["line_items"]
    ] == [("3", "1999", "brl"), ("1", "10", "brl")]
    assert fake_stripe.sessions[created.provider_ref]["amount_total"] == 6007


async def test_same_idempotency_key_returns_the_same_session(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient
) -> None:
    stripe = provider(fake_stripe, http)
    request = make_request()
    first = await stripe.create(request)
    again = await stripe.create(request)
    assert again == first
    assert len(fake_stripe.sessions) == 1
    posts = fake_stripe.created()
    assert [p["headers"]["idempotency-key"] for p in posts] == [request.idempotency_key] * 2
    other = await stripe.create(make_request(key="order-1001-attempt-2"))
    assert other.provider_ref != first.provider_ref


async def test_reused_key_with_other_params_is_refused(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient
) -> None:
    stripe = provider(fake_stripe, http)
    await stripe.create(make_request(amount=Decimal("10.00")))
    with pytest.raises(PaymentProviderError) as caught:
        await stripe.create(make_request(amount=Decimal("11.00")))
    assert caught.value.status == 400 and not caught.value.retryable
    assert "idempotency_error" in str(caught.value)


def test_lines_fall_back_to_the_total_when_they_do_not_add_up() -> None:
    # Shipping makes the total larger than the lines: the total is what the buyer owes.
    request = make_request(amount=Decimal("119.80"),
                           items=[PaymentItem("Camiseta", 2, Decimal("49.90"))])
    form = checkout_session_form(request)
    assert form["line_items[0][price_data][unit_amount]"] == "11980"
    assert form["line_items[0][quantity]"] == "1"
    assert form["line_items[0][price_data][product_data][name]"] == request.description
    assert "line_items[1][quantity]" not in form


def test_form_is_deterministic() -> None:
    request = make_request()
    assert checkout_session_form(request) == checkout_session_form(request)


async def test_failures_are_sorted_into_retry_or_not(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient
) -> None:
    stripe = provider(fake_stripe, http)
    fake_stripe.fail_next(429)
    with pytest.raises(PaymentProviderError) as caught:
        await stripe.create(make_request())
    assert caught.value.retryable and caught.value.status == 429
    fake_stripe.fail_next(500)
    with pytest.raises(PaymentProviderError) as caught:
        await stripe.create(make_request())
    assert caught.value.retryable
    # Refused before running, so not remembered: the retry with the same key succeeds.
    assert (await stripe.create(make_request())).provider_ref

    bad_key = StripeProvider("sk_test_wrong_key_9999", "whsec_x", fake_stripe.base_url,
                             http=http, clock=fake_stripe.clock)
    with pytest.raises(PaymentProviderError) as caught:
        await bad_key.create(make_request())
    assert caught.value.status == 401 and not caught.value.retryable
    assert "9999" not in str(caught.value) and "sk_test" not in str(caught.value)


async def test_connection_failure_is_retryable(http: httpx.AsyncClient) -> None:
    stripe = StripeProvider("sk_test_x", "whsec_x", "http://127.0.0.1:9", http=http)
    with pytest.raises(PaymentProviderError) as caught:
        await stripe.create(make_request())
    assert caught.value.retryable and caught.value.status is None


@pytest.mark.parametrize("minutes", [29, 24 * 60 + 1])
async def test_expiry_outside_stripes_window_is_refused_before_calling(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient, minutes: int
) -> None:
    request = make_request(expires_in=timedelta(minutes=minutes))
    with pytest.raises(PaymentProviderError, match="30 minutes to 24 hours") as caught:
        await provider(fake_stripe, http).create(request)
    assert not caught.value.retryable
    assert fake_stripe.requests == []


async def test_fake_validates_like_stripe(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient
) -> None:
    url = fake_stripe.base_url + "/v1/checkout/sessions"
    auth = {"Authorization": f"Bearer {fake_stripe.api_key}"}
    missing = await http.post(url, data={"mode": "payment"}, headers=auth)
    assert missing.status_code == 400
    assert missing.json()["error"]["param"] == "line_items"
    fractional = await http.post(url, headers=auth, data={
        "mode": "payment", "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "brl",
        "line_items[0][price_data][unit_amount]": "12.5",
        "line_items[0][price_data][product_data][name]": "x",
    })
    assert fractional.json()["error"]["code"] == "parameter_invalid_integer"
    unknown = await http.post(url, data={"mode": "payment", "colour": "red"}, headers=auth)
    assert unknown.json()["error"]["code"] == "parameter_unknown"
    anonymous = await http.post(url, data={"mode": "payment"})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["type"] == "invalid_request_error"
    lookup = await http.get(url + "/cs_test_nope", headers=auth)
    assert lookup.status_code == 404 and lookup.json()["error"]["code"] == "resource_missing"


# --- webhooks ------------------------------------------------------------------------------


async def _session(fake: FakeStripeApi, http: httpx.AsyncClient, **kwargs) -> str:
    created = await provider(fake, http).create(make_request(**kwargs))
    assert created.provider_ref
    return created.provider_ref


@pytest.mark.parametrize(
    ("event_type", "paid", "status"),
    [
        ("checkout.session.completed", True, "paid"),
        ("checkout.session.completed", False, "pending"),
        ("checkout.session.async_payment_succeeded", True, "paid"),
        ("checkout.session.async_payment_failed", False, "failed"),
    ],
)
async def test_session_events_map_to_statuses(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient, event_type: str, paid: bool, status: str
) -> None:
    session_id = await _session(fake_stripe, http, amount=Decimal("1299.90"))
    session = fake_stripe.complete(session_id, paid=paid)
    body, headers = fake_stripe.signed_event(event_type, session)
    [note] = await provider(fake_stripe, http).notification(headers, body)
    assert note.status == status
    assert note.event_id == json.loads(body)["id"]
    assert note.token == make_request().token
    assert note.provider_ref == session_id
    assert note.amount == Decimal("1299.90")


async def test_expired_and_ignored_events(
    fake_stripe: FakeStripeApi, http: httpx.AsyncClient
) -> None:
    stripe = provider(fake_stripe, http)
    session_id = await _session(fake_stripe, http)
    expired = fake_stripe.expire(session_id)
    body, headers = fake_stripe.signed_event("checkout.session.expired", expired)
    [note] = await stripe.notification(headers, body)
    assert note.status == "expired"
    body, headers = fake_stripe.signed_event("payment_intent.created", session_id)
    assert await stripe.notification(headers, body) == []


async def test_webhook_signatures(fake_stripe: FakeStripeApi, http: httpx.AsyncClient) -> None:
    stripe = provider(fake_stripe, http)
    session_id = await _session(fake_stripe, http)
    body, headers = fake_stripe.signed_event("checkout.session.completed", session_id)
    assert len(await stripe.notification(headers, body)) == 1

    with pytest.raises(InvalidSignature):
        await stripe.notification(headers, body.replace(b"unpaid", b"paid"))
    with pytest.raises(InvalidSignature):
        await stripe.notification({}, body)
    with pytest.raises(InvalidSignature):
        await stripe.notification({"Stripe-Signature": "garbage"}, body)
    _, wrong = fake_stripe.signed_event("checkout.session.completed", session_id, secret="whsec_no")
    with pytest.raises(InvalidSignature):
        await stripe.notification(wrong, body)


async def test_stale_timestamps_are_refused(http: httpx.AsyncClient) -> None:
    clock = FrozenClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    with FakeStripeApi(clock=clock) as fake:
        stripe = provider(fake, http)
        session_id = await _session(fake, http, now=clock.now())
        now = int(clock.now().timestamp())
        body, headers = fake.signed_event("checkout.session.completed", session_id,
                                          timestamp=now - 301)
        with pytest.raises(InvalidSignature, match="tolerance"):
            await stripe.notification(headers, body)
        body, headers = fake.signed_event("checkout.session.completed", session_id,
                                          timestamp=now - 299)
        assert len(await stripe.notification(headers, body)) == 1
        # The same request, replayed ten minutes later, no longer passes.
        clock.advance(minutes=10)
        with pytest.raises(InvalidSignature):
            await stripe.notification(headers, body)


async def test_any_v1_may_match_while_secrets_roll(http: httpx.AsyncClient) -> None:
    clock = FrozenClock(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    stripe = StripeProvider("sk_test_x", "whsec_new", http=http, clock=clock)
    body = json.dumps({"id": "evt_1", "type": "checkout.session.expired",
                       "data": {"object": {"id": "cs_1", "client_reference_id": "tok"}}}).encode()
    now = int(clock.now().timestamp())
    old = sign_payload(body, "whsec_old", now).split(",")[1]
    new = sign_payload(body, "whsec_new", now).split(",")[1]
    [note] = await stripe.notification({"Stripe-Signature": f"t={now},{old},{new}"}, body)
    assert (note.token, note.status, note.amount) == ("tok", "expired", None)
