"""Refunds through each provider's documented HTTP API, against a local fake: once per key,
a failure, and a retry with the same key that refunds exactly once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from decimal import Decimal

import httpx
import pytest

from tests.fakes.refunds_api import API_KEY, FakeRefundsApi
from tools.payments.base import PaymentProviderError
from tools.payments.mercadopago import MercadoPagoProvider
from tools.payments.pix import PixProvider
from tools.payments.refunds import RefundRequest
from tools.payments.sandbox import SandboxProvider
from tools.payments.stripe import StripeProvider


@pytest.fixture
def fake() -> Iterator[FakeRefundsApi]:
    with FakeRefundsApi() as api:
        yield api


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


def _request(ref: str, key: str = "order-7-cancel-refund-1") -> RefundRequest:
    return RefundRequest(idempotency_key=key, payment_ref=ref, amount=Decimal("129.90"),
                         currency="BRL", reason="cancelled")


async def test_stripe_refunds_the_session_payment_intent_once(fake, http) -> None:
    stripe = StripeProvider(API_KEY, "whsec_x", fake.base_url, http=http)
    first = await stripe.refund(_request("cs_test_abc"))
    again = await stripe.refund(_request("cs_test_abc"))
    assert first == again and first.status == "done"
    assert [(r["payment_intent"], r["amount"]) for r in fake.refunds] == [("pi_test_abc", 12990)]


async def test_mercadopago_failure_then_retry_refunds_once(fake, http) -> None:
    mp = MercadoPagoProvider("TEST-token", "secret", fake.base_url, http=http)
    fake.fail_next(1, 503)
    with pytest.raises(PaymentProviderError) as failed:
        await mp.refund(_request("123456"))
    assert failed.value.retryable and failed.value.status == 503
    done = await mp.refund(_request("123456"))
    assert done.status == "done"
    assert await mp.refund(_request("123456")) == done
    assert [(r["payment_id"], r["amount"]) for r in fake.refunds] == [(123456, "129.90")]


async def test_pix_devolucao_is_a_put_with_a_stable_id(fake, http) -> None:
    pix = PixProvider("loja@example.com", "Loja", "Sao Paulo", "s", api_base_url=fake.base_url,
                      access_token="t", http=http)
    first = await pix.refund(_request("E12345678202603021500abcdef12345"))
    assert first == await pix.refund(_request("E12345678202603021500abcdef12345"))
    assert [(r["e2eid"], r["valor"]) for r in fake.refunds] == [
        ("E12345678202603021500abcdef12345", "129.90")]
    assert first.refund_ref.isalnum() and len(first.refund_ref) <= 35


async def test_pix_in_processing_is_pending_and_refusals_are_not_retryable(http) -> None:
    with FakeRefundsApi(pix_status="EM_PROCESSAMENTO") as fake:
        pix = PixProvider("loja@example.com", "Loja", "Sao Paulo", "s",
                          api_base_url=fake.base_url, access_token="t", http=http)
        assert (await pix.refund(_request("E1"))).status == "pending"
        fake.fail_next(1, 422)
        with pytest.raises(PaymentProviderError) as refused:
            await pix.refund(_request("E1", key="another"))
        assert not refused.value.retryable


async def test_pix_without_a_psp_api_refuses_clearly() -> None:
    pix = PixProvider("loja@example.com", "Loja", "Sao Paulo", "s")
    with pytest.raises(PaymentProviderError, match="no PSP API"):
        await pix.refund(_request("E1"))


async def test_sandbox_refund_is_local_and_stable() -> None:
    sandbox = SandboxProvider("http://127.0.0.1:8000", "secret")
    assert await sandbox.refund(_request("sbx_1")) == await sandbox.refund(_request("sbx_1"))
