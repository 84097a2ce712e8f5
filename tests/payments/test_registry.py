"""Registry: the provider named by configuration, or a clear error naming missing keys."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from balcao.clock import SystemClock
from balcao.settings import Settings
from balcao.store_config import PaymentConfig
from tools.payments.base import InvalidSignature
from tools.payments.mercadopago import MercadoPagoProvider
from tools.payments.pix import PixProvider
from tools.payments.registry import ProviderConfigError, build_provider
from tools.payments.sandbox import SandboxProvider
from tools.payments.stripe import StripeProvider

FULL = {
    "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    "PIX_KEY": "pix@loja.example",
    "PIX_MERCHANT_NAME": "Loja Exemplo",
    "PIX_MERCHANT_CITY": "Recife",
    "PIX_WEBHOOK_SECRET": "pix-secret",
    "STRIPE_API_KEY": "sk_test_123",
    "STRIPE_WEBHOOK_SECRET": "whsec_123",
    "MERCADOPAGO_ACCESS_TOKEN": "TEST-123",
    "MERCADOPAGO_WEBHOOK_SECRET": "mp-secret",
}


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def no_payment_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [*FULL, "BALCAO_SANDBOX_SECRET"]:
        monkeypatch.delenv(key, raising=False)


async def test_builds_each_provider() -> None:
    async with httpx.AsyncClient() as http:
        config = settings(**FULL)
        kinds = {
            "sandbox": SandboxProvider, "pix": PixProvider,
            "stripe": StripeProvider, "mercadopago": MercadoPagoProvider,
        }
        for name, kind in kinds.items():
            built = build_provider(name, config, http, SystemClock())
            assert isinstance(built, kind) and built.name == name
        assert isinstance(build_provider(" Stripe ", config, http, SystemClock()), StripeProvider)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("pix", "PIX_KEY, PIX_MERCHANT_NAME, PIX_MERCHANT_CITY, PIX_WEBHOOK_SECRET"),
        ("stripe", "STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET"),
        ("mercadopago", "MERCADOPAGO_ACCESS_TOKEN, MERCADOPAGO_WEBHOOK_SECRET"),
    ],
)
def test_missing_keys_are_all_named(name: str, keys: str) -> None:
    with pytest.raises(ProviderConfigError, match=keys):
        build_provider(name, settings(), httpx.AsyncClient(), SystemClock())


def test_blank_keys_count_as_missing_and_secrets_stay_out_of_messages() -> None:
    config = settings(**{**FULL, "STRIPE_WEBHOOK_SECRET": "  "})
    with pytest.raises(ProviderConfigError) as caught:
        build_provider("stripe", config, httpx.AsyncClient(), SystemClock())
    assert "STRIPE_WEBHOOK_SECRET" in str(caught.value)
    assert "sk_test_123" not in str(caught.value)


def test_unknown_provider() -> None:
    with pytest.raises(ProviderConfigError, match="sandbox, pix, stripe, mercadopago"):
        build_provider("paypal", settings(), httpx.AsyncClient(), SystemClock())


@pytest.mark.parametrize("minutes", [30, 1441])
def test_stripe_needs_link_minutes_in_its_window(minutes: int) -> None:
    # Link lifetime is store configuration; a store file that Stripe could not honour is
    # refused when it is loaded.
    with pytest.raises(ValidationError, match="link_minutes"):
        PaymentConfig(methods=[{"id": "card", "name": "Cartão", "provider": "stripe"}],
                      link_minutes=minutes)


def test_bad_pix_values_are_reported_as_configuration() -> None:
    config = settings(**{**FULL, "PIX_MERCHANT_CITY": "Cidade Com Nome Longo Demais"})
    with pytest.raises(ProviderConfigError, match="city"):
        build_provider("pix", config, httpx.AsyncClient(), SystemClock())


async def test_sandbox_secret_unset_is_random_per_install(tmp_path: Path) -> None:
    """No fixed default (issue #18): unset means a random secret kept in the data folder."""
    config = settings(BALCAO_SANDBOX_SECRET="", PUBLIC_BASE_URL="https://loja.example",
                      BALCAO_DATA_DIR=str(tmp_path / "a"))
    assert config.sandbox_secret is None
    sandbox = build_provider("sandbox", config, httpx.AsyncClient(), SystemClock())
    again = build_provider("sandbox", config, httpx.AsyncClient(), SystemClock())
    other = build_provider("sandbox", settings(BALCAO_DATA_DIR=str(tmp_path / "b")),
                           httpx.AsyncClient(), SystemClock())
    body, headers = sandbox.signed_outcome("tok", "paid")  # type: ignore[attr-defined]
    assert len(await again.notification(headers, body)) == 1
    with pytest.raises(InvalidSignature):
        await other.notification(headers, body)
    # The old public default signs nothing this install accepts.
    _, forged = SandboxProvider("x", "balcao-sandbox-dev-secret").signed_outcome("tok", "paid")
    with pytest.raises(InvalidSignature):
        await sandbox.notification(forged, body)
