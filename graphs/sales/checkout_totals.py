"""What an order costs, as the summary shows it and the order is placed: one computation.

Shipping is re-quoted for the cart as it is now (a cart that fell under `free_above` pays
shipping again; an option that no longer serves the CEP is dropped), discounts (the store's
coupon when the buyer gave it and the cart reaches its minimum, the PIX discount when paying
by PIX) are taken from the store's settings, and the summary's fingerprint covers everything a
"yes" agrees to. A yes counts only for the summary whose fingerprint is still the order's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from graphs.sales.checkout_types import CheckoutData, Discount, ShippingChoice, SummaryShown
from tools.payments.terms import discounted
from tools.shipping.quote import quote

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Totals:
    """The money of an order as it would be placed now."""

    subtotal: Decimal
    shipping: ShippingChoice
    discounts: list[Discount] = field(default_factory=list)

    @property
    def discount(self) -> Decimal:
        return sum((Decimal(d["amount"]) for d in self.discounts), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return (self.subtotal + Decimal(self.shipping["price"]) - self.discount).quantize(CENT)


DIGITAL = ShippingChoice(id="digital", name="", kind="digital", price="0", days=0, address=None)
"""What stands for shipping when every item is delivered without it (gift cards, downloads)."""


def quotes_for(config: Any, collected: Mapping[str, Any], subtotal: Decimal
               ) -> list[ShippingChoice]:
    """The shipping options for the collected CEP (pickup only without one) and this subtotal."""
    options = quote(config.shipping, collected.get("cep") or None, subtotal)
    return [ShippingChoice(id=q.id, name=q.name, kind=q.kind, price=str(q.price), days=q.days,
                           address=q.address) for q in options]


def refresh_shipping(collected: CheckoutData, config: Any, subtotal: Decimal) -> bool:
    """Re-prices the chosen shipping for the cart as it is now; False (and the choice dropped)
    when the option no longer applies, so it is asked again."""
    chosen = collected.get("shipping")
    if not chosen or chosen["kind"] == "digital":
        return False
    fresh = quotes_for(config, collected, subtotal)
    match = next((q for q in fresh if q["id"] == chosen["id"]), None)
    collected["quotes"] = fresh
    collected["shipping"] = match
    return match is not None


def discounts_for(collected: Mapping[str, Any], config: Any, subtotal: Decimal, *,
                  coupon_used: bool = False) -> list[Discount]:
    """The discounts checkout applies: the coupon the buyer gave (when the cart reaches its
    minimum and this buyer has not used it before) and the PIX discount when the chosen
    method is PIX. Each is a percentage of the goods' subtotal."""
    persuasion = config.persuasion
    found: list[Discount] = []
    coupon = persuasion.coupon
    code = collected.get("coupon")
    if coupon is not None and code and code.upper() == coupon.code.upper() \
            and subtotal >= coupon.min_subtotal and not coupon_used:
        found.append(Discount(kind="coupon", code=coupon.code, percent=str(coupon.percent),
                              amount=str(percent_of(subtotal, coupon.percent))))
    method = config.payment.method(collected.get("payment_method") or "")
    if method is not None and method.provider == "pix" and persuasion.pix_discount_percent:
        found.append(Discount(kind="pix", code="", percent=str(persuasion.pix_discount_percent),
                              amount=str(percent_of(subtotal, persuasion.pix_discount_percent))))
    return found


def pix_discount_honoured(config: Any) -> bool:
    """Whether a PIX price may be quoted: the store takes PIX and checkout discounts it."""
    return config.persuasion.pix_discount_percent is not None and any(
        m.provider == "pix" for m in config.payment.methods)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """What `percent` off takes from `amount`: exactly the difference to the price the
    strategies quote (`persuasion.facts.discounted`, rounded half-up), so "fica R$ X" is
    what checkout charges."""
    return amount - discounted(amount, Decimal(percent))


def fingerprint(lines: Sequence[tuple[str, int, str]], totals: Totals,
                collected: Mapping[str, Any]) -> str:
    """A short digest of everything a "yes" to the summary agrees to."""
    data = {
        "lines": sorted([sku, qty, str(price)] for sku, qty, price in lines),
        "subtotal": str(totals.subtotal),
        "shipping": [totals.shipping["id"], totals.shipping["price"]],
        "discounts": [[d["kind"], d["amount"]] for d in totals.discounts],
        "total": str(totals.total),
        "payment": collected.get("payment_method"),
        "address": [collected.get("cep"), collected.get("street")],
        "name": collected.get("name"),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def drop_legacy_keys(collected: CheckoutData) -> None:
    """Removes keys checkpoints from before summary versions may hold (`summary_shown`,
    `confirmed`): a yes is read against `summary` only."""
    legacy = cast(dict[str, Any], collected)
    legacy.pop("summary_shown", None)
    legacy.pop("confirmed", None)


def next_summary(previous: SummaryShown | None, digest: str, total: Decimal) -> SummaryShown:
    """The summary about to be shown: the same version when nothing changed since the last one
    (and it was not used up), otherwise the next version."""
    if previous and previous.get("fingerprint") == digest:
        return previous
    version = (previous["version"] if previous else 0) + 1
    return SummaryShown(version=version, fingerprint=digest, total=str(total))
