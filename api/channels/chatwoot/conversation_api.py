"""Calls on one Chatwoot conversation: `{base_url}/api/v1/accounts/{account}/conversations/
{id}/{action}` with the store's `api_access_token` header.

429, 5xx, timeouts and lost connections raise `RetryableSendError` (the outbox tries again
with backoff); any other refusal (a wrong token, a conversation that is gone, a request
Chatwoot rejects) raises `PermanentSendError`.
"""

from __future__ import annotations

from typing import Any

import httpx

from api.channels.whatsapp.client import (
    PermanentSendError,
    RetryableSendError,
    json_or_none,
)
from balcao.pii import scrub
from balcao.store_config_channels import ChatwootChannel

_MESSAGE_MAX = 160


class ConversationApi:
    """The Chatwoot API of one conversation of the store's account."""

    def __init__(self, http: httpx.AsyncClient, channel: ChatwootChannel,
                 conversation_id: int) -> None:
        self._http = http
        self._url = (f"{channel.base_url.rstrip('/')}/api/v1/accounts/{channel.account_id}"
                     f"/conversations/{conversation_id}")
        self._headers = {"api_access_token": channel.api_access_token.get_secret_value()}

    async def post(self, action: str, body: dict[str, Any]) -> Any:
        """POSTs to `.../conversations/{id}/{action}`; returns Chatwoot's JSON answer."""
        return await self._call("POST", action, body)

    async def get(self, action: str) -> Any:
        return await self._call("GET", action, None)

    async def _call(self, method: str, action: str, body: dict[str, Any] | None) -> Any:
        try:
            response = await self._http.request(method, f"{self._url}/{action}", json=body,
                                                headers=self._headers)
        except httpx.TimeoutException as exc:
            raise RetryableSendError(f"timeout ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise RetryableSendError(f"connection failed ({type(exc).__name__})") from None
        if response.is_success:
            return json_or_none(response)
        description = f"{action}: HTTP {response.status_code}: {_reason(response)}"
        if response.status_code == 429 or response.status_code >= 500:
            raise RetryableSendError(description, status=response.status_code)
        raise PermanentSendError(description, status=response.status_code)


def _reason(response: httpx.Response) -> str:
    """Chatwoot's error (`{"error": ...}`, `{"message": ...}` or `{"errors": [...]}`),
    scrubbed of personal data and short."""
    body = json_or_none(response)
    message: Any = None
    if isinstance(body, dict):
        message = body.get("error") or body.get("message") or body.get("errors")
    if isinstance(message, list):
        message = "; ".join(str(m) for m in message)
    return scrub(" ".join(str(message or "no error message").split()))[:_MESSAGE_MAX]
