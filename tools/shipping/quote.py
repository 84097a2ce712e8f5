"""Shipping quotes from the store's rules: which options apply to a CEP, at what price."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from balcao.store_config import ShippingConfig, ShippingOption
from tools.shipping.cep import state_for_cep


@dataclass(frozen=True)
class ShippingQuote:
    id: str
    name: str
    kind: str
    price: Decimal
    days: int
    address: str | None

    def as_dict(self) -> dict[str, object]:
        """JSON-safe form for graph state (money as a string)."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "price": str(self.price),
                "days": self.days, "address": self.address}


def quote(config: ShippingConfig, cep: str | None, subtotal: Decimal) -> list[ShippingQuote]:
    """Every option that serves `cep`, cheapest first; pickup always applies. Without a CEP
    (the buyer picks up) only pickup options apply."""
    state = state_for_cep(cep) if cep else None
    quotes = [
        ShippingQuote(
            id=o.id, name=o.name, kind=o.kind, days=o.days, address=o.address,
            price=_price(config, o, subtotal),
        )
        for o in config.options
        if o.kind == "pickup" or (cep and _serves(o, cep, state))
    ]
    return sorted(quotes, key=lambda q: (q.price, q.days))


def _serves(option: ShippingOption, cep: str, state: str | None) -> bool:
    if option.cep_ranges and not any(low <= cep <= high for low, high in option.cep_ranges):
        return False
    return not option.states or state in option.states


def _price(config: ShippingConfig, option: ShippingOption, subtotal: Decimal) -> Decimal:
    free = config.free_above is not None and subtotal >= config.free_above
    if option.kind == "delivery" and free:
        return Decimal("0")
    return option.price
