"""What each request would do to the order, shown before the buyer's yes.

A plan is the summary's fields and a digest of what it describes: a yes counts only while the
order and the request still give the same digest (the way checkout's summary works).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from graphs.sales.aftersale.orders import (
    OPEN,
    items_changed_once,
    paid_through,
    provider_of,
    refunds_of,
    tracked,
)
from graphs.sales.aftersale.turn import AftersaleTurn, ask, done
from graphs.sales.aftersale_types import AftersaleData
from graphs.sales.buyer_details import read_details
from graphs.sales.checkout_totals import quotes_for
from graphs.sales.outcomes import Outcome
from graphs.sales.state import SalesUpdate
from graphs.sales.variant_swap import lines_to_change, swap_target
from tools.orders.models import Order


@dataclass
class Plan:
    """A request ready for the buyer's yes."""

    fields: Outcome
    """The summary's fields (no kind, version or confirm id yet)."""
    data: AftersaleData
    """The request with what it touches resolved (items, new items, address)."""

    @property
    def digest(self) -> str:
        shown = {k: v for k, v in self.fields.items() if k != "order"}
        order = self.fields.get("order") or {}
        basis = [self.data.get("task"), order.get("number"), order.get("status"),
                 order.get("total"), self.data.get("items"), self.data.get("new_items"),
                 self.data.get("address"), shown]
        return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()
                              ).hexdigest()[:16]


async def plan_cancel(turn: AftersaleTurn, order: Order, data: AftersaleData
                      ) -> Plan | SalesUpdate:
    """Awaiting payment: cancelled, stock back, link voided. Paid: refunded too."""
    async with turn.services.pool.connection() as conn:
        shown = await tracked(conn, order)
        if order.status == "cancelled":
            return done({"kind": "order_cancelled", "order": shown,
                         "refunds": await refunds_of(conn, order.id)})
        if order.status not in OPEN:
            return done({"kind": "cannot_cancel", "order": shown})
        refunds = await paid_through(conn, order) if order.status in ("paid", "preparing") \
            else []
    return Plan({"task": "cancel", "order": shown, "refunds": refunds}, data)


async def plan_address(turn: AftersaleTurn, order: Order, data: AftersaleData
                       ) -> Plan | SalesUpdate:
    """A new address for an order that has not left, with its shipping option re-quoted for
    the new CEP; a price difference is paid or given back after the yes."""
    async with turn.services.pool.connection() as conn:
        shown = await tracked(conn, order)
    if order.status not in OPEN:
        return done({"kind": "cannot_change", "task": "change_address", "order": shown})
    if (order.shipping or {}).get("kind") != "delivery":
        return done({"kind": "cannot_change", "task": "change_address", "order": shown,
                     "reason": "no_delivery"})
    address = data.get("address")
    if address is None:
        details = read_details(turn.text)
        if not (details.get("cep") and details.get("street")):
            return ask({"kind": "ask_new_address", "order": shown}, data | {"number": order.number},
                       "aftersale_new_address")
        address = {"street": details["street"], "cep": details["cep"], "uf": details["uf"]}
    config = turn.services.stores.get(turn.store_id)
    quotes = quotes_for(config, {"cep": address["cep"]}, order.subtotal)
    # The buyer's option when it reaches the new CEP; otherwise the cheapest delivery that does.
    same = next((q for q in quotes if q["id"] == order.shipping.get("id")), None) or next(
        (q for q in quotes if q["kind"] == "delivery"), None)
    if same is None:  # no delivery reaches it: a person sees what can be done
        return done({"kind": "change_needs_person", "task": "change_address", "order": shown,
                     "address": address, "reason": "shipping_unavailable", "difference": ""})
    diff = Decimal(same["price"]) - order.shipping_cost
    fields: Outcome = {"task": "change_address", "order": shown, "address": address,
                       "shipping": same, "difference": str(diff)}
    return Plan(fields | await _settling(turn, order, diff),
                data | {"address": address, "shipping": same})


async def plan_variant(turn: AftersaleTurn, order: Order, data: AftersaleData
                       ) -> Plan | SalesUpdate:
    """Another size or colour of an item, same product, before the order leaves."""
    task = data["task"]
    async with turn.services.pool.connection() as conn:
        shown = await tracked(conn, order)
        changed = await items_changed_once(conn, order.id)
    if task == "change_variant" and order.status not in OPEN:
        return done({"kind": "cannot_change", "task": task, "order": shown})
    if task == "change_variant" and changed:
        return done({"kind": "change_needs_person", "task": task, "order": shown,
                     "reason": "changed_once"})
    found = await _swaps(turn, order, data.get("wanted") or {}, data.get("items"))
    if found is None:
        return done({"kind": "variant_unavailable", "task": task, "order": shown,
                     "wanted": data.get("wanted") or {}})
    swaps, items, new_items, diff = found
    fields: Outcome = {"task": task, "order": shown, "swaps": swaps, "difference": str(diff)}
    if task == "change_variant":
        fields |= await _settling(turn, order, diff)
    return Plan(fields, data | {"items": items, "new_items": new_items})


async def _settling(turn: AftersaleTurn, order: Order, diff: Decimal) -> Outcome:
    """What a paid order's lower price gives back, and through which provider (the summary
    says how long that takes). A higher price is paid with a link after the yes; an unpaid
    order's next link simply charges the new total."""
    if diff >= 0 or order.status == "pending_payment":
        return {}
    return {"refunds": await refund_preview(turn, order, [], -diff)}


async def _swaps(turn: AftersaleTurn, order: Order, wanted: dict[str, str],
                 only: list[str] | None) -> tuple[list[dict[str, Any]], list[str], list[str],
                                                  Decimal] | None:
    """The first line (or the lines picked) that comes in the size or colour asked: what
    changes, the skus one per unit, and the price difference."""
    if not wanted:
        return None
    lines = [line for line in order.lines if only is None or line.sku in only]
    swaps, items, new_items, diff = [], [], [], Decimal("0")
    for line in lines_to_change(lines, wanted):
        product = await turn.services.catalog.get(turn.store_id, line.product_sku)
        target = swap_target(product, line.sku, wanted) if product is not None else None
        if target is None:
            continue
        swaps.append({"name": line.name, "from": line.variant, "to": dict(target.attributes),
                      "price": str(target.price)})
        items += [line.sku] * line.quantity
        new_items += [target.sku] * line.quantity
        diff += (target.price - line.unit_price) * line.quantity
        if only is None:
            break  # "troca o tamanho pra G": the one line it fits
    return (swaps, items, new_items, diff) if swaps else None


async def refund_preview(turn: AftersaleTurn, order: Order, items: list[str],
                         extra: Decimal = Decimal("0")) -> list[Any]:
    """What a return of `items` (plus `extra`: a difference) gives back, and through which
    provider."""
    config = turn.services.stores.get(turn.store_id)
    method = config.payment.method(order.payment_method or "")
    async with turn.services.pool.connection() as conn:
        provider = await provider_of(conn, order, method.provider if method else "sandbox")
    prices = {line.sku: line.unit_price for line in order.lines}
    amount = sum((prices[sku] for sku in items), extra)
    return [{"provider": provider, "amount": str(amount), "status": "pending"}]
