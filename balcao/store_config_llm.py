"""The `llm:` section of a store's configuration: which jobs may use the optional LLM engine.

    llm:
      understanding: true      # the LLM reads each buyer message (intent, sentiment, language)
      answers: false           # questions the store data answers, phrased by the model
      phrasing: false          # template replies rephrased for warmth (truth-checked)
      timeout_seconds: 4       # past it the offline engine answers that turn
      monthly_tokens: 2000000  # past it the offline engine answers until the month ends

Nothing here takes effect without `BALCAO_LLM_BASE_URL` / `BALCAO_LLM_MODEL` (the service's
settings): every job is off by default, so a store file without `llm:` runs offline.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LlmConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    understanding: bool = False
    """Classify buyer messages with the model (the offline engine stays the fallback)."""
    answers: bool = False
    """Phrase answers from the store's retrieved passages and computed facts."""
    phrasing: bool = False
    """Rephrase template replies; the truth check refuses added numbers or promises."""
    timeout_seconds: float = Field(default=4.0, gt=0, le=60)
    """A call that takes longer is abandoned and that turn is read offline."""
    monthly_tokens: int = Field(default=2_000_000, ge=0)
    """Tokens (prompt + completion, as the endpoint reports them) the store may spend in a
    calendar month (UTC); past it the offline engine answers (0: the model is never called)."""
