"""Each strategy's block: a template id and fields taken from data, or None when the data
does not support the claim. Numbers in a block come only from these fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphs.sales.persuasion import facts
from graphs.sales.state import SalesState

# Catalog attributes that are claims of authority a product can back up.
AUTHORITY_KEYS = ("garantia", "warranty", "certificacao", "certificação", "certification",
                  "material", "composicao", "composição", "tecnologia", "resistencia",
                  "resistência", "origem", "bateria", "autonomia", "capacidade", "capacity",
                  "potencia", "potência", "power", "voltagem", "conector", "tela", "memoria",
                  "memória", "armazenamento")


def focus(state: SalesState) -> tuple[str | None, Decimal | None]:
    """The item the buyer is looking at (sku, price): just added, in detail, or only one shown;
    else the cart's subtotal stands for the amount."""
    outcome = state.get("outcome") or {}
    if outcome.get("kind") == "added":
        line = outcome["line"]
        return line["sku"], Decimal(line["unit_price"])
    if outcome.get("kind") == "product_detail":
        product = outcome["product"]
        return product["sku"], Decimal(product["price"])
    shown = state.get("shown") or []
    if len(shown) == 1 and shown[0].get("price"):
        return shown[0]["sku"], Decimal(shown[0]["price"])
    cart = state.get("cart") or {}
    if cart.get("skus"):
        return cart["skus"][-1], None
    if shown and shown[0].get("price"):
        return shown[0]["sku"], Decimal(shown[0]["price"])
    return None, None


def amount_in_question(state: SalesState) -> Decimal | None:
    """The cart subtotal when there is a cart, else the price of the item in focus."""
    cart = state.get("cart") or {}
    if cart.get("subtotal") and Decimal(cart["subtotal"]) > 0:
        return Decimal(cart["subtotal"])
    return focus(state)[1]


def anchoring(config: Any, amount: Decimal | None, *, pix_honoured: bool = False
              ) -> dict[str, Any] | None:
    """Installments and, only when checkout charges it (`pix_honoured`: the store takes PIX
    and discounts it), the PIX price."""
    if amount is None:
        return None
    fields: dict[str, Any] = {"amount": str(amount)}
    if config.installments is not None and (
            plan := facts.installment_plan(amount, config.installments)):
        fields["installments"] = {"count": plan[0], "value": str(plan[1]),
                                  "interest_free": config.installments.interest_free}
    if pix_honoured and config.pix_discount_percent is not None:
        fields["pix"] = {"percent": str(config.pix_discount_percent),
                         "price": str(facts.discounted(amount, config.pix_discount_percent))}
    return fields if len(fields) > 1 else None


def reciprocity(config: Any, amount: Decimal | None) -> dict[str, Any] | None:
    """The store's coupon, which checkout redeems (min subtotal, once per customer)."""
    coupon = config.coupon
    if coupon is None or amount is None or amount < coupon.min_subtotal:
        return None
    return {"code": coupon.code, "percent": str(coupon.percent),
            "price": str(facts.discounted(amount, coupon.percent))}


def variant_words(attributes: dict[str, str] | None) -> str:
    """A variant as buyers say it: "38 rosa"."""
    return " ".join(str(v) for v in (attributes or {}).values() if v)


def authority(attributes: dict[str, str], name: str) -> dict[str, Any] | None:
    specs = [[key, value] for key, value in attributes.items()
             if key.lower() in AUTHORITY_KEYS and value][:3]
    return {"name": name, "specs": specs} if specs else None
