"""Builds the payment provider a store's configuration names, from the service settings."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
from pydantic import SecretStr

from balcao.clock import Clock
from balcao.settings import Settings, install_secret
from tools.payments.base import PaymentProvider
from tools.payments.mercadopago import MercadoPagoProvider
from tools.payments.pix import PixProvider
from tools.payments.sandbox import SandboxProvider
from tools.payments.stripe import StripeProvider

log = logging.getLogger(__name__)

PROVIDERS = ("sandbox", "pix", "stripe", "mercadopago")


class ProviderConfigError(ValueError):
    """A provider cannot be built from the settings; the message names the keys to set."""


def build_provider(
    name: str, settings: Settings, http: httpx.AsyncClient, clock: Clock
) -> PaymentProvider:
    """The provider called `name`, configured from `settings`.

    Args:
        name: "sandbox", "pix", "stripe" or "mercadopago".
        settings: The service settings (keys listed in `.env.example`, "Payments").
        http: The shared HTTP client for providers that call out.
        clock: Time for expiry checks and webhook timestamp tolerance.

    Raises:
        ProviderConfigError: For an unknown name, missing keys (all of them named) or a
            value the provider cannot use. Never quotes a secret.
    """
    builder = _BUILDERS.get(name.strip().lower())
    if builder is None:
        raise ProviderConfigError(
            f"unknown payment provider {name!r}; use one of {', '.join(PROVIDERS)}"
        )
    try:
        return builder(settings, http, clock)
    except ValueError as exc:
        if isinstance(exc, ProviderConfigError):
            raise
        raise ProviderConfigError(f"payment provider {name!r}: {exc}") from None


def _sandbox(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> PaymentProvider:
    # No fixed default: unset means a random secret generated once for this install.
    configured = _secret(settings.sandbox_secret)
    data_dir = settings.data_dir
    return SandboxProvider(settings.public_base_url,
                           configured or (lambda: install_secret(data_dir, "sandbox_secret")))


def sandbox_refusal(settings: Settings, provider_names: set[str]) -> str | None:
    """Why the service must not start with these payment providers, or None.

    The sandbox marks orders paid on a click: a store whose only way to pay is the sandbox,
    reachable over https and not declared a demo (BALCAO_DEMO_MODE=true), would hand out
    goods for free.
    """
    if provider_names and provider_names <= {"sandbox"} and not settings.sandbox_allowed \
            and settings.public_is_https:
        return (
            "the store's only payment method is the sandbox, which lets anyone mark orders "
            "paid, and PUBLIC_BASE_URL is https: configure a real provider (pix, stripe, "
            "mercadopago) in the store's payment methods, or set BALCAO_DEMO_MODE=true if "
            "this really is a demo deployment"
        )
    return None


def _pix(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> PaymentProvider:
    _require(
        "pix",
        PIX_KEY=settings.pix_key,
        PIX_MERCHANT_NAME=settings.pix_merchant_name,
        PIX_MERCHANT_CITY=settings.pix_merchant_city,
        PIX_WEBHOOK_SECRET=settings.pix_webhook_secret,
    )
    return PixProvider(
        key=settings.pix_key or "",
        merchant_name=settings.pix_merchant_name or "",
        merchant_city=settings.pix_merchant_city or "",
        webhook_secret=_secret(settings.pix_webhook_secret),
    )


def _stripe(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> PaymentProvider:
    _require(
        "stripe",
        STRIPE_API_KEY=settings.stripe_api_key,
        STRIPE_WEBHOOK_SECRET=settings.stripe_webhook_secret,
    )
    return StripeProvider(
        _secret(settings.stripe_api_key),
        _secret(settings.stripe_webhook_secret),
        settings.stripe_api_base_url,
        http=http,
        clock=clock,
    )


def _mercadopago(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> PaymentProvider:
    _require(
        "mercadopago",
        MERCADOPAGO_ACCESS_TOKEN=settings.mercadopago_access_token,
        MERCADOPAGO_WEBHOOK_SECRET=settings.mercadopago_webhook_secret,
    )
    return MercadoPagoProvider(
        _secret(settings.mercadopago_access_token),
        _secret(settings.mercadopago_webhook_secret),
        settings.mercadopago_api_base_url,
        http=http,
    )


_BUILDERS: dict[str, Callable[[Settings, httpx.AsyncClient, Clock], PaymentProvider]] = {
    "sandbox": _sandbox,
    "pix": _pix,
    "stripe": _stripe,
    "mercadopago": _mercadopago,
}


def _require(provider: str, **values: str | SecretStr | None) -> None:
    missing = [key for key, value in values.items() if not _secret(value)]
    if missing:
        raise ProviderConfigError(
            f"payment provider {provider!r} needs {', '.join(missing)} (see .env.example)"
        )


def _secret(value: str | SecretStr | None) -> str:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return (value or "").strip()


def _is_local(url: str) -> bool:
    host = httpx.URL(url).host
    return host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")
