"""Sends messages through the WhatsApp Cloud API and sorts its failures into retry or give up."""

from __future__ import annotations

from typing import Any

import httpx

from balcao.pii import scrub

# Graph error codes Meta documents as temporary (throttling, "try again later"), which
# arrive as HTTP 400 as often as 429/5xx: retrying them later can succeed.
TRANSIENT_GRAPH_CODES = frozenset(
    {
        1,  # API unknown
        2,  # API service temporarily unavailable
        4,  # application request limit reached
        80007,  # WhatsApp Business Account rate limit
        130429,  # Cloud API throughput reached
        131000,  # something went wrong
        131016,  # service unavailable
        131056,  # too many messages to one buyer in a short time (pair rate limit)
    }
)

_MESSAGE_MAX = 160


class SendError(Exception):
    """A message the Cloud API did not accept.

    Attributes:
        description: A short, log-safe summary (status, Graph error code, subcode,
            message, fbtrace_id); never the token, the payload or the recipient.
        status: The HTTP status, or None when no response arrived.
        code: The Graph `error.code`, when there was one.
        subcode: The Graph `error.error_subcode`, when there was one.
        fbtrace_id: Meta's trace id, to quote to their support.
    """

    def __init__(
        self,
        description: str,
        *,
        status: int | None = None,
        code: int | None = None,
        subcode: int | None = None,
        fbtrace_id: str | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.status = status
        self.code = code
        self.subcode = subcode
        self.fbtrace_id = fbtrace_id


class RetryableSendError(SendError):
    """A temporary failure (rate limit, server error, timeout, lost connection): try later."""


class PermanentSendError(SendError):
    """A failure that repeats on retry (bad request, bad token, odd response): give up."""


def normalize_api_version(api_version: str) -> str:
    """`21.0`, `v21.0` and `/v21.0/` all become `v21.0`."""
    version = api_version.strip().strip("/")
    if not version:
        raise ValueError("api_version is empty")
    return version if version.startswith("v") else f"v{version}"


class WhatsAppClient:
    """The Cloud API messages endpoint of one business phone number."""

    def __init__(
        self,
        base_url: str,
        api_version: str,
        phone_number_id: str,
        access_token: str,
        http: httpx.AsyncClient,
    ) -> None:
        """Binds the client to one phone number.

        Args:
            base_url: `https://graph.facebook.com`, or a fake's URL in tests and demos.
            api_version: Graph API version, with or without the leading "v".
            phone_number_id: The business phone number id that sends.
            access_token: A system-user or app access token.
            http: A shared client; its timeouts apply to every send.
        """
        version = normalize_api_version(api_version)
        self.messages_url = f"{base_url.rstrip('/')}/{version}/{phone_number_id}/messages"
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._http = http

    async def send(self, payload: dict[str, Any]) -> str:
        """Sends one message payload (as built by `render_whatsapp`).

        Args:
            payload: The JSON body for `POST /{phone_number_id}/messages`.

        Returns:
            The message id (`wamid`) Meta assigned; statuses will refer to it.

        Raises:
            RetryableSendError: On 429, 5xx, a transient Graph error code, a timeout or
                a connection failure.
            PermanentSendError: On any other 4xx or a success response without an id.
        """
        try:
            response = await self._http.post(self.messages_url, json=payload, headers=self._headers)
        except httpx.TimeoutException as exc:
            # The request may still have been delivered; the caller's retry policy decides.
            raise RetryableSendError(f"timeout ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise RetryableSendError(f"connection failed ({type(exc).__name__})") from None
        if response.is_success:
            return _wamid(response)
        raise _error_for(response)


def json_or_none(response: httpx.Response) -> Any:
    """The response's JSON body, or None when it has none (an HTML error page, empty)."""
    try:
        return response.json()
    except ValueError:
        return None


def _wamid(response: httpx.Response) -> str:
    body = json_or_none(response)
    messages = body.get("messages") if isinstance(body, dict) else None
    first = messages[0] if isinstance(messages, list) and messages else None
    wamid = first.get("id") if isinstance(first, dict) else None
    if not isinstance(wamid, str) or not wamid:
        # Accepted or not, we cannot track it; resending could double the message.
        raise PermanentSendError(
            f"HTTP {response.status_code}: response has no messages[0].id",
            status=response.status_code,
        )
    return wamid


def _error_for(response: httpx.Response) -> SendError:
    status = response.status_code
    body = json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {}
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    fbtrace_id = error.get("fbtrace_id") if isinstance(error.get("fbtrace_id"), str) else None
    parts = [f"HTTP {status}"]
    if code is not None:
        parts.append(f"code {code}" + (f"/{subcode}" if subcode is not None else ""))
    message = error.get("message")
    if isinstance(message, str) and message:
        # Graph messages sometimes quote parameters (a phone number); scrub and keep it short.
        parts.append(scrub(" ".join(message.split()))[:_MESSAGE_MAX])
    if fbtrace_id:
        parts.append(f"fbtrace_id {fbtrace_id}")
    description = ": ".join(parts[:2]) + "".join(f"; {p}" for p in parts[2:])
    retryable = (
        status == 429
        or status >= 500
        or code in TRANSIENT_GRAPH_CODES
        or error.get("is_transient") is True
    )
    cls = RetryableSendError if retryable else PermanentSendError
    return cls(description, status=status, code=code, subcode=subcode, fbtrace_id=fbtrace_id)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
