"""Payment test fixtures: a real HTTP client, local provider fakes, a request builder."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from balcao.clock import SystemClock
from tests.fakes.mercadopago_api import FakeMercadoPagoApi
from tests.fakes.stripe_api import FakeStripeApi
from tools.payments.base import PaymentItem, PaymentRequest

PUBLIC = "https://loja.example"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


@pytest.fixture(scope="session")
def stripe_server() -> Iterator[FakeStripeApi]:
    with FakeStripeApi() as fake:
        yield fake


@pytest.fixture
def fake_stripe(stripe_server: FakeStripeApi) -> FakeStripeApi:
    stripe_server.reset()
    return stripe_server


@pytest.fixture(scope="session")
def mp_server() -> Iterator[FakeMercadoPagoApi]:
    with FakeMercadoPagoApi() as fake:
        yield fake


@pytest.fixture
def fake_mp(mp_server: FakeMercadoPagoApi) -> FakeMercadoPagoApi:
    mp_server.reset()
    return mp_server


def make_request(
    *,
    token: str = "tok_3fJ9x-Qa_7LmN2pR8sT1uV",
    key: str = "order-1001-attempt-1",
    amount: Decimal = Decimal("1299.90"),
    items: list[PaymentItem] | None = None,
    provider: str = "stripe",
    expires_in: timedelta = timedelta(minutes=60),
    now: datetime | None = None,
) -> PaymentRequest:
    """A request for order 1001; lines default to one line at the total."""
    moment = now or SystemClock().now()
    return PaymentRequest(
        token=token,
        idempotency_key=key,
        order_number="1001",
        amount=amount,
        currency="BRL",
        description="Pedido 1001 - Loja Exemplo",
        items=items if items is not None else [PaymentItem("Tênis Corrida", 1, amount)],
        buyer_name="Maria Souza",
        buyer_email="maria@example.com",
        expires_at=(moment + expires_in).astimezone(UTC),
        return_url=f"{PUBLIC}/pay/{token}",
        notification_url=f"{PUBLIC}/webhooks/payments/{provider}",
    )
