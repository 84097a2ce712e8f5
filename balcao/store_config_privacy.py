"""The `privacy:` section of a store's configuration (LGPD): how long personal data is kept,
and what happens when a buyer asks in the chat to have their data erased.

    privacy:
      erasure: operator        # auto: erased after the buyer confirms; operator: a person does it
      retention:
        conversations_days: 365   # a buyer silent this long is erased (orders kept, anonymised)
        payloads_days: 90         # handled inbox / outbox messages and delivery statuses
        checkpoints_days: 30      # the graph's saved state and recorded tool calls of a thread
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class RetentionConfig(BaseModel):
    """Days each kind of personal data is kept after the conversation's last activity."""

    model_config = ConfigDict(extra="forbid")

    conversations_days: int = Field(default=365, ge=1, le=3650)
    payloads_days: int = Field(default=90, ge=1, le=3650)
    checkpoints_days: int = Field(default=30, ge=1, le=3650)

    @model_validator(mode="after")
    def _parts_not_longer_than_the_whole(self) -> RetentionConfig:
        # Erasing a conversation removes its messages and state too; keeping those longer
        # than the conversation itself would be a period that can never apply.
        longest = max(self.payloads_days, self.checkpoints_days)
        if self.conversations_days < longest:
            raise ValueError("retention.conversations_days must be at least payloads_days and "
                             "checkpoints_days")
        return self


class PrivacyConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erasure: Literal["auto", "operator"] = "operator"
    """A buyer's "apaga meus dados": `auto` erases after an explicit yes; `operator` records
    the request and hands the conversation to a person."""
    retention: RetentionConfig = RetentionConfig()
