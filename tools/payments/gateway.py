"""Which payment provider takes a store's chosen method, built once per process."""

from __future__ import annotations

import httpx

from balcao.clock import Clock
from balcao.settings import Settings
from tools.payments.base import PaymentProvider


class PaymentGateway:
    """The payment providers, for the graph and the payment webhooks."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient, clock: Clock) -> None:
        self.settings = settings
        self._http = http
        self._clock = clock
        self._providers: dict[str, PaymentProvider] = {}

    def provider(self, name: str) -> PaymentProvider:
        """The provider called `name`; its missing settings are reported when first asked."""
        if name not in self._providers:
            from tools.payments.registry import build_provider

            self._providers[name] = build_provider(name, self.settings, self._http, self._clock)
        return self._providers[name]

    @property
    def public_base_url(self) -> str:
        return self.settings.public_base_url
