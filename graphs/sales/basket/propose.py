"""The basket reply: the products picked, each price, the total, shipping to the CEP given."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from graphs.sales.basket.picker import pick
from graphs.sales.basket_types import BasketItem
from graphs.sales.buyer_details import read_cep
from graphs.sales.checkout_totals import quotes_for
from graphs.sales.checkout_types import CheckoutData
from graphs.sales.outcomes import Outcome
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import ShownItem


def propose_basket(state: SalesState, services: Services, store_id: str) -> SalesUpdate:
    """Picks one product per need of this turn within the buyer's budget and proposes them
    together; the CEP the message gave is kept for checkout."""
    entities = (state.get("classification") or {}).get("entities") or {}
    budget = money(entities.get("price_max"))
    chosen = pick(state.get("needs") or [], budget)
    subtotal = sum((Decimal(item["price"]) for item in chosen), Decimal(0))
    total = subtotal
    outcome: Outcome = {"kind": "basket", "basket": chosen, "subtotal": str(subtotal)}
    update: SalesUpdate = {}
    found = read_cep(str(entities.get("cep"))) if entities.get("cep") else None
    if found is not None:
        cep, uf = found
        config = services.stores.get(store_id)
        deliveries = [q for q in quotes_for(config, {"cep": cep}, subtotal)
                      if q["kind"] == "delivery"]
        if deliveries:
            cheapest = min(deliveries, key=lambda q: (Decimal(q["price"]), q["days"]))
            outcome["delivery"] = {"cep": cep, "name": cheapest["name"],
                                   "price": cheapest["price"], "days": str(cheapest["days"])}
            total += Decimal(cheapest["price"])
        checkout: CheckoutData = dict(state.get("checkout") or {})  # type: ignore[assignment]
        if not checkout.get("order_id"):
            checkout.update({"cep": cep, "uf": uf})  # "manda pro cep …": asked no more
            update["checkout"] = checkout
    outcome["basket_total"] = str(total)
    if budget is not None:
        outcome["budget"] = str(budget)
        outcome["within_budget"] = total <= budget
    return {
        **update,
        "outcome": outcome,
        "shown": [_shown(item) for item in chosen],
        "basket": {"items": chosen},
        "pending_question": "confirm_basket",
        "pending": {},
    }


def _shown(item: BasketItem) -> ShownItem:
    return {"sku": item["sku"], "name": item["name"], "price": item["price"]}


def money(value: Any) -> Decimal | None:
    """A positive amount the classifier read (a budget), or None."""
    try:
        amount = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None
    return amount if amount is not None and amount > 0 else None
