"""Sends outbox rows through the store's Evolution API instance.

`POST {base_url}/message/{endpoint}/{instance}` with the instance's token in the `apikey`
header; Evolution answers 201 with the sent message (`key.id` is the id its statuses use).
429, 5xx, timeouts and lost connections are retried by the outbox; any other answer (a bad
token, a number not on WhatsApp, a request it refuses) is not. Buttons or a list the instance
refuses (400) go again at once as numbered text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from api.channels.evolution.render import EvolutionRequest, NotSendable, to_evolution
from api.channels.whatsapp.client import (
    PermanentSendError,
    RetryableSendError,
    json_or_none,
)
from balcao.pii import scrub
from balcao.store_config import StoreConfigs
from balcao.store_config_channels import EvolutionChannel

_MESSAGE_MAX = 160


class EvolutionSender:
    """The outbox's sender for conversations on the `evolution` channel."""

    def __init__(self, stores: StoreConfigs, http: httpx.AsyncClient) -> None:
        self._stores = stores
        self._http = http

    async def send(self, row: dict[str, Any]) -> str:
        """Sends one outbox row; returns Evolution's message id.

        Raises:
            RetryableSendError: 429, 5xx, a timeout or a lost connection.
            PermanentSendError: The store has no Evolution instance, the message cannot be
                sent through Evolution, or any other refusal.
        """
        channel = self._stores.get(row["store_id"]).channels.evolution
        if channel is None:
            raise PermanentSendError(f"store {row['store_id']} has no Evolution API instance")
        try:
            request = to_evolution(row["payload"], row["recipient"],
                                   interactive=channel.interactive)
        except NotSendable as err:
            raise PermanentSendError(str(err)) from None
        response = await self._post(channel, request)
        if response.status_code == 400 and request.endpoint in ("sendButtons", "sendList"):
            # The instance refuses interactive messages: the same options as numbered text.
            fallback = to_evolution(row["payload"], row["recipient"], interactive=False)
            response = await self._post(channel, fallback)
        if response.is_success:
            return _message_id(response)
        description = f"HTTP {response.status_code}: {_reason(response)}"
        if response.status_code == 429 or response.status_code >= 500:
            raise RetryableSendError(description, status=response.status_code)
        raise PermanentSendError(description, status=response.status_code)

    async def _post(self, channel: EvolutionChannel, request: EvolutionRequest) -> httpx.Response:
        url = (f"{channel.base_url.rstrip('/')}/message/{request.endpoint}/"
               f"{quote(channel.instance, safe='')}")
        headers = {"apikey": channel.apikey.get_secret_value()}
        try:
            return await self._http.post(url, json=request.body, headers=headers)
        except httpx.TimeoutException as exc:
            raise RetryableSendError(f"timeout ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise RetryableSendError(f"connection failed ({type(exc).__name__})") from None


def _message_id(response: httpx.Response) -> str:
    body = json_or_none(response)
    key = body.get("key") if isinstance(body, dict) else None
    message_id = key.get("id") if isinstance(key, dict) else None
    if not isinstance(message_id, str) or not message_id:
        # Sent or not, it cannot be tracked; sending again could double it.
        raise PermanentSendError(f"HTTP {response.status_code}: response has no key.id",
                                 status=response.status_code)
    return message_id


def _reason(response: httpx.Response) -> str:
    """Evolution's error message (`{"status", "error", "response": {"message": [...]}}`),
    scrubbed of personal data and short."""
    body = json_or_none(response)
    detail = body.get("response") if isinstance(body, dict) else None
    message = detail.get("message") if isinstance(detail, dict) else None
    if isinstance(message, list):
        message = "; ".join(str(m) for m in message)
    if not isinstance(message, str):
        message = body.get("error") if isinstance(body, dict) else None
    return scrub(" ".join(str(message or "no error message").split()))[:_MESSAGE_MAX]
