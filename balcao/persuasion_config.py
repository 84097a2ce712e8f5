"""The store's selling rules: which strategies are on, their thresholds, payment terms it
may quote, the one coupon, tone, and the experiments on strategies."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

Strategy = Literal["consultative", "social_proof", "authority", "scarcity", "anchoring",
                   "reciprocity", "cross_sell", "aida", "recap"]
ALL_STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)


class Installments(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max: int = Field(ge=2, le=24)
    """Most installments the store accepts."""
    min_installment: Decimal = Field(gt=0)
    """Smallest installment; fewer installments are quoted when the total is small."""
    interest_free: bool = True


class Coupon(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    percent: Decimal = Field(gt=0, le=50)
    min_subtotal: Decimal = Field(default=Decimal("0"), ge=0)


class Experiment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    strategy: Strategy
    variants: list[str] = Field(min_length=2)
    """The first is the control. A variant named "off" withholds the strategy."""


class PersuasionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    strategies: list[Strategy] = Field(default_factory=lambda: list(ALL_STRATEGIES))
    """The strategies this store uses; any other is never chosen."""
    tone: Literal["formal", "informal"] = "informal"
    max_nudges: int = Field(default=3, ge=0)
    """Persuasive messages per conversation, at most."""
    low_stock_threshold: int = Field(default=3, ge=1)
    """Scarcity is only said at or below this many units."""
    social_proof_min_sales: int = Field(default=3, ge=1)
    """Units sold in 30 days below which no sales count is quoted."""
    installments: Installments | None = None
    pix_discount_percent: Decimal | None = Field(default=None, gt=0, le=50)
    coupon: Coupon | None = None
    experiments: list[Experiment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _experiments_on_enabled_strategies(self) -> PersuasionConfig:
        for experiment in self.experiments:
            if experiment.strategy not in self.strategies:
                raise ValueError(f"experiment {experiment.id!r} tests {experiment.strategy!r},"
                                 " which is not among the enabled strategies")
        ids = [e.id for e in self.experiments]
        if len(ids) != len(set(ids)):
            raise ValueError("experiment ids must be unique")
        return self

    def enabled(self, strategy: str) -> bool:
        return strategy in self.strategies

    def experiment_for(self, strategy: str) -> Experiment | None:
        return next((e for e in self.experiments if e.strategy == strategy), None)
