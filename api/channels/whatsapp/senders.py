"""Which WhatsApp number and token each store sends with (issue #19).

A store whose file has `channels.whatsapp` sends as its own number with its own token. Only
the default store falls back to the service's `WHATSAPP_*` settings; any other store without
credentials of its own sends nothing (a reply never goes out from another store's number).
"""

from __future__ import annotations

import aiohttp

from api.channels.whatsapp.client import WhatsAppClient
from balcao.settings import Settings
from balcao.store_config import StoreConfigs


class StoreSenders:
    """The Cloud API client of each store."""

    def __init__(self, settings: Settings, stores: StoreConfigs, http: aiohttp.ClientSession,
                 fallback: WhatsAppClient | None) -> None:
        self._settings = settings
        self._stores = stores
        self._http = http
        self._fallback = fallback

    def for_store(self, store_id: str) -> WhatsAppClient | None:
        """The store's client; None when it has no number to send from."""
        own = self._stores.get(store_id).channels.whatsapp
        if own is None:
            return self._fallback if store_id == self._settings.default_store_id else None
        # Built per send (a URL and a header): an edited token applies at once.
        return WhatsAppClient(
            base_url=self._settings.whatsapp_api_base_url,
            api_version=self._settings.whatsapp_api_version,
            phone_number_id=own.phone_number_id,
            access_token=own.access_token.get_secret_value(),
            http=self._http,
        )

    def configured(self) -> bool:
        """Whether any store can send at all (else the outbox sender need not run)."""
        if self._fallback is not None:
            return True
        return any(self._stores.get(s).channels.whatsapp is not None
                   for s in self._stores.file_ids())
