"""Cart records as the graph and the renderers read them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel, Field

CENT = Decimal("0.01")


def round_money(value: Decimal) -> Decimal:
    """Rounds half-up to the minor unit (BRL has two decimals)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class CartLine(BaseModel):
    sku: str
    """What is sold: a variant sku, or the product sku when it has no variants."""
    product_sku: str
    name: str
    variant: dict[str, str] = Field(default_factory=dict)
    unit_price: Decimal
    quantity: int

    @property
    def line_total(self) -> Decimal:
        return round_money(self.unit_price * self.quantity)


class Cart(BaseModel):
    id: int
    status: str
    version: int
    currency: str = "BRL"
    lines: list[CartLine] = Field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return round_money(sum((line.line_total for line in self.lines), Decimal("0")))

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def summary(self) -> dict[str, Any]:
        """The small, JSON-only summary kept in graph state."""
        return {
            "cart_id": self.id,
            "items": self.item_count,
            "subtotal": str(self.subtotal),
            "skus": [line.sku for line in self.lines],
        }
