"""The Langfuse client, built only when `LANGFUSE_PUBLIC_KEY`, `LANGFUSE_SECRET_KEY` and
`LANGFUSE_HOST` are all set.

The `langfuse` package (and the OpenTelemetry SDK under it) loads here, on the first traced
turn: a service without the keys never imports it (about a second and a half) and sends
nothing anywhere. Spans go to `LANGFUSE_HOST/api/public/otel/v1/traces` (OTLP over HTTP,
protobuf) in batches, from the SDK's own thread.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from balcao.settings import Settings
from graphs.sales.nlu.llm_prompt import mask_personal

if TYPE_CHECKING:
    from langfuse import Langfuse


def langfuse_for(settings: Settings) -> Langfuse | None:
    """The process's Langfuse client for these settings, or None when tracing is off."""
    secret = settings.langfuse_secret_key
    if not (settings.langfuse_public_key and secret and settings.langfuse_host):
        return None
    return _client(settings.langfuse_public_key, secret.get_secret_value(),
                   settings.langfuse_host.rstrip("/"))


@lru_cache(maxsize=4)
def _client(public_key: str, secret_key: str, host: str) -> Langfuse:
    from langfuse import Langfuse

    return Langfuse(public_key=public_key, secret_key=secret_key, base_url=host,
                    mask=scrub_attribute)


def scrub_attribute(*, data: Any) -> Any:
    """The last net under every input, output and metadata value the SDK writes: e-mails,
    CPFs and phone numbers in any string become a marker (the callers already leave out
    names and addresses, which no pattern can find)."""
    if isinstance(data, str):
        return mask_personal(data)
    if isinstance(data, dict):
        return {key: scrub_attribute(data=value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [scrub_attribute(data=value) for value in data]
    return data
