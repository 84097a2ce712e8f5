"""Order records as the graph, the CLI and the payment webhooks read them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field


class OrderLine(BaseModel):
    sku: str
    product_sku: str
    name: str
    variant: dict[str, str] = Field(default_factory=dict)
    unit_price: Decimal
    quantity: int
    total: Decimal


class Order(BaseModel):
    id: int
    store_id: str
    number: str
    conversation_id: int | None
    status: str
    currency: str
    subtotal: Decimal
    shipping_cost: Decimal
    discount: Decimal = Decimal("0")
    total: Decimal
    shipping: dict[str, Any]
    address: dict[str, Any]
    payment_method: str | None
    created_at: datetime
    lines: list[OrderLine] = Field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """JSON-safe summary for graph state and replies (money as strings)."""
        return {
            "order_id": self.id, "number": self.number, "status": self.status,
            "subtotal": str(self.subtotal), "shipping_cost": str(self.shipping_cost),
            "discount": str(self.discount), "total": str(self.total), "currency": self.currency,
            "shipping": self.shipping, "created_at": self.created_at.isoformat(),
            "lines": [{"sku": line.sku, "name": line.name, "variant": line.variant,
                       "quantity": line.quantity, "total": str(line.total)}
                      for line in self.lines],
        }


class Payment(BaseModel):
    id: int
    order_id: int
    provider: str
    token: str
    status: str
    amount: Decimal
    currency: str
    link_url: str | None
    pix_code: str | None
    expires_at: datetime

    def summary(self) -> dict[str, Any]:
        return {"payment_id": self.id, "provider": self.provider, "status": self.status,
                "amount": str(self.amount), "link_url": self.link_url,
                "pix_code": self.pix_code, "expires_at": self.expires_at.isoformat()}


class StockShortage(Exception):
    """Some lines cannot be reserved: `shortages` maps sku to units still available."""

    def __init__(self, shortages: dict[str, int]) -> None:
        super().__init__(f"not enough stock for {sorted(shortages)}")
        self.shortages = shortages


class PricesChanged(Exception):
    """The catalog price of some cart lines changed since they were added."""

    def __init__(self, changes: list[dict[str, str]]) -> None:
        super().__init__(f"prices changed for {[c['sku'] for c in changes]}")
        self.changes = changes
