"""Turns provider HTTP failures into `PaymentProviderError`, with log-safe messages."""

from __future__ import annotations

from typing import Any

import httpx

from tools.payments.base import PaymentProviderError

_MESSAGE_MAX = 160


async def send(http: httpx.AsyncClient, provider: str, method: str, url: str, **kwargs: Any):
    """Sends one request; transport failures become retryable `PaymentProviderError`s.

    Returns:
        The response, whatever its status.
    """
    try:
        return await http.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        # The provider may have acted; the retry reuses the idempotency key, so that is safe.
        raise PaymentProviderError(
            f"{provider}: timeout ({type(exc).__name__})", retryable=True
        ) from None
    except httpx.TransportError as exc:
        raise PaymentProviderError(
            f"{provider}: connection failed ({type(exc).__name__})", retryable=True
        ) from None


def error_for(provider: str, response: httpx.Response, detail: str = "") -> PaymentProviderError:
    """The error for a non-2xx response: 408, 409, 429 and 5xx are retryable.

    Args:
        provider: Provider name for the message.
        response: The failed response.
        detail: A short, log-safe description from the provider's error body (type, code).
    """
    status = response.status_code
    # 409 is a concurrent request holding the same idempotency key: it settles soon.
    retryable = status in (408, 409, 429) or status >= 500
    message = f"{provider}: HTTP {status}"
    if detail:
        message += f"; {' '.join(detail.split())[:_MESSAGE_MAX]}"
    return PaymentProviderError(message, retryable=retryable, status=status)


def json_body(response: httpx.Response) -> Any:
    """The response's JSON, or None when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None
