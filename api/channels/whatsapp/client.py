"""Sends messages through the WhatsApp Cloud API and sorts its failures into retry or give up."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import aiohttp

from balcao.pii import scrub

if TYPE_CHECKING:
    import httpx

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

# What aiohttp raises when the server could not be reached or its answer was cut short or
# malformed (a ClientResponseError, since `raise_for_status` is never asked for), as httpx's
# TransportError did. A bad URL (InvalidURL) is a configuration error, not among them.
_NO_ANSWER = (
    aiohttp.ClientConnectionError,
    aiohttp.ClientPayloadError,
    aiohttp.ClientResponseError,
)


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
        http: aiohttp.ClientSession,
    ) -> None:
        """Binds the client to one phone number.

        Args:
            base_url: `https://graph.facebook.com`, or a fake's URL in tests and demos.
            api_version: Graph API version, with or without the leading "v".
            phone_number_id: The business phone number id that sends.
            access_token: A system-user or app access token.
            http: A shared session; its timeout (`aiohttp.ClientTimeout`) applies to every send.
        """
        version = normalize_api_version(api_version)
        self.messages_url = f"{base_url.rstrip('/')}/{version}/{phone_number_id}/messages"
        self._headers = {
            "Authorization": f"Bearer {access_token}",
            "Content-Type": "application/json",
        }
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
        status, content = await self._post(_encode(payload))
        body = json_from_bytes(content)
        if 200 <= status < 300:
            return _wamid(status, body)
        raise _error_for(status, body)

    async def _post(self, data: bytes) -> tuple[int, bytes]:
        """POSTs `data`; the status and the whole body, or a RetryableSendError with no status
        when no complete answer arrived."""
        try:
            # A redirect is not followed (as with httpx): a 3xx is an answer, classified below.
            async with self._http.post(
                self.messages_url, data=data, headers=self._headers, allow_redirects=False
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # first: a ServerTimeoutError is a connection error too
            # The request may still have been delivered; the caller's retry policy decides.
            raise RetryableSendError(f"timeout ({type(exc).__name__})") from None
        except _NO_ANSWER as exc:
            raise RetryableSendError(f"connection failed ({type(exc).__name__})") from None


def _encode(payload: dict[str, Any]) -> bytes:
    """The JSON body as httpx's `json=` wrote it: compact UTF-8, no NaN (Meta takes none)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def json_from_bytes(content: bytes) -> Any:
    """A body's JSON, or None when it has none (an HTML error page, empty, not UTF-8)."""
    try:
        return json.loads(content)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        return None


def json_or_none(response: httpx.Response) -> Any:
    """An httpx response's JSON body, or None when it has none (the rule of `json_from_bytes`)."""
    return json_from_bytes(response.content)


def _wamid(status: int, body: Any) -> str:
    messages = body.get("messages") if isinstance(body, dict) else None
    first = messages[0] if isinstance(messages, list) and messages else None
    wamid = first.get("id") if isinstance(first, dict) else None
    if not isinstance(wamid, str) or not wamid:
        # Accepted or not, we cannot track it; resending could double the message.
        raise PermanentSendError(f"HTTP {status}: response has no messages[0].id", status=status)
    return wamid


def _error_for(status: int, body: Any) -> SendError:
    """The error a non-2xx answer means; `body` is its parsed JSON or None."""
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
