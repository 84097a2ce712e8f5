"""The `returns:` section of a store's configuration: how long after delivery a buyer may
return items (money back) or exchange them (another size or colour).

    returns:
      return_days: 7      # the right of withdrawal (CDC art. 49): never fewer than 7
      exchange_days: 30   # the store's own policy for exchanges

The chat offers a return or an exchange only within its window, and the console and
`balcao orders approve` approve only requests asked within it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

LEGAL_MINIMUM_DAYS = 7
"""Brazil's right of withdrawal (Código de Defesa do Consumidor, art. 49): 7 days from
delivery for purchases made away from the shop, whatever the reason."""


class ReturnsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    return_days: int = Field(default=LEGAL_MINIMUM_DAYS, le=365)
    """Days after delivery a buyer may return items for their money back."""
    exchange_days: int = Field(default=30, ge=1, le=365)
    """Days after delivery a buyer may exchange items for another variant."""

    @field_validator("return_days")
    @classmethod
    def _not_below_the_law(cls, days: int) -> int:
        if days < LEGAL_MINIMUM_DAYS:
            raise ValueError(f"return_days must be at least {LEGAL_MINIMUM_DAYS}: the right of "
                             "withdrawal (CDC art. 49) gives every buyer 7 days from delivery")
        return days

    def days_for(self, kind: str) -> int:
        """The window of a "return" or an "exchange", in days after delivery."""
        return self.return_days if kind == "return" else self.exchange_days
