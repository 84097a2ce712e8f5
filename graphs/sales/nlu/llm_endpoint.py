"""Where the optional LLM is: `BALCAO_LLM_BASE_URL`, `BALCAO_LLM_MODEL`, `BALCAO_LLM_API_KEY`.

The LangChain and OpenAI client packages load only when a chat model is built: a service
with no endpoint configured never pays their import time (seconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import SecretStr

from balcao.settings import Settings

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI


@dataclass(frozen=True)
class LlmEndpoint:
    """Any OpenAI-compatible `/v1` base URL, the model id, its key (None for local ones)."""

    base_url: str
    model: str
    api_key: str | None = None

    def chat(self, *, timeout: float, max_tokens: int | None = 200) -> ChatOpenAI:
        """A chat model with no retries (a failed turn is read offline at once) and no
        sampling randomness."""
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=self.model, base_url=self.base_url,
            # Local endpoints (vLLM, Ollama) need no key; the client insists on one.
            api_key=SecretStr(self.api_key or "not-needed"),
            timeout=timeout, max_retries=0, temperature=0, max_completion_tokens=max_tokens,
        )


def endpoint_from(settings: Settings) -> LlmEndpoint | None:
    """The configured endpoint, or None when `BALCAO_LLM_BASE_URL` or the model is unset."""
    if not settings.llm_base_url or not settings.llm_model:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return LlmEndpoint(settings.llm_base_url, settings.llm_model, key)
