"""Exchanging or returning delivered items within the store's window (its `returns:`
configuration, counted by `tools.orders.returns.deadline`): which items, what happens, and
the request recorded for the team (tools/orders/returns.py)."""

from __future__ import annotations

import re

from graphs.sales.aftersale.orders import OPEN, delivered_on, tracked
from graphs.sales.aftersale.plans import Plan, plan_variant, refund_preview
from graphs.sales.aftersale.turn import AftersaleTurn, ask, done
from graphs.sales.aftersale.words import position_in
from graphs.sales.aftersale_types import AftersaleData
from graphs.sales.outcomes import SummaryLine
from graphs.sales.state import SalesUpdate
from graphs.sales.variant_offers import options_said
from graphs.sales.variant_swap import options_as_entities
from tools.catalog.text import fold
from tools.orders.models import Order, OrderLine
from tools.orders.returns import deadline as window_deadline

_ALL = re.compile(r"\b(todos|todas|tudo|os dois|as duas|all|both|everything)\b")


async def plan_return(turn: AftersaleTurn, order: Order, data: AftersaleData
                      ) -> Plan | SalesUpdate:
    """A return (money back) or an exchange (another variant) of delivered items."""
    task = data["task"]
    async with turn.services.pool.connection() as conn:
        shown = await tracked(conn, order)
    if order.status in ("exchange_requested", "return_requested"):
        return done({"kind": "aftersale_requested", "task": order.status.split("_")[0],
                     "order": shown})
    if task == "exchange" and not data.get("wanted") and (
            wanted := await _options_named(turn, order)):
        data = data | {"wanted": wanted}  # "pro 44": an option of an item of the order
    if order.status != "delivered":
        if task == "exchange" and order.status in OPEN and data.get("wanted"):
            # Not shipped yet: the item changes in the order itself.
            return await plan_variant(turn, order, data | {"task": "change_variant"})
        return done({"kind": "not_delivered_yet", "task": task, "order": shown})
    policy = turn.services.stores.get(turn.store_id).returns
    days, today = policy.days_for(task), turn.services.clock.now().date()
    deadline = window_deadline(policy, task, delivered_on(shown), today)
    if today > deadline:
        return done({"kind": "window_closed", "task": task, "order": shown, "days": days,
                     "deadline": deadline.isoformat()})
    items = data.get("items") or _picked(turn, order.lines)
    if not items:
        lines = [SummaryLine(name=line.name, variant=line.variant, quantity=line.quantity,
                             total=str(line.total)) for line in order.lines]
        return ask({"kind": "which_items", "task": task, "order": shown, "lines": lines},
                   data | {"number": order.number}, "aftersale_which_items")
    if task == "exchange":
        planned = await plan_variant(turn, order, data | {"items": items})
        if isinstance(planned, Plan):
            planned.fields |= {"days": days, "deadline": deadline.isoformat()}
        return planned
    return Plan({"task": "return", "order": shown, "lines": _lines(order.lines, items),
                 "refunds": await refund_preview(turn, order, items), "days": days,
                 "deadline": deadline.isoformat()}, data | {"items": items})


async def _options_named(turn: AftersaleTurn, order: Order) -> dict[str, str]:
    """The size or colour the words name, read against the products of the order ("trocar
    o tamanho do meu pedido pro 44"), where the classifier found none."""
    for line in order.lines:
        product = await turn.services.catalog.get(turn.store_id, line.product_sku)
        if product is not None and (said := options_as_entities(options_said(turn.text,
                                                                             product))):
            return said
    return {}


def _picked(turn: AftersaleTurn, lines: list[OrderLine]) -> list[str]:
    """Every unit of the lines the buyer picked: tapped, named, at a position, "todos", or
    the order's only line."""
    chosen: list[OrderLine] = []
    if turn.tap.startswith("item:"):
        chosen = [line for line in lines if line.sku == turn.tap.removeprefix("item:")]
    elif len(lines) == 1 or _ALL.search(turn.folded):
        chosen = list(lines)
    elif turn.pending == "aftersale_which_items" and (
            ordinal := position_in(turn.state, len(lines))) is not None \
            and -len(lines) <= ordinal <= len(lines) and ordinal != 0:
        chosen = [lines[ordinal - 1 if ordinal > 0 else ordinal]]
    else:
        words = set(turn.folded.split())
        chosen = [line for line in lines
                  if words & {w for w in fold(line.name).split() if len(w) > 3}]
    return [line.sku for line in chosen for _ in range(line.quantity)]


def _lines(lines: list[OrderLine], items: list[str]) -> list[SummaryLine]:
    """The lines picked, with the units picked of each."""
    return [SummaryLine(name=line.name, variant=line.variant, quantity=items.count(line.sku),
                        total=str(line.unit_price * items.count(line.sku)))
            for line in lines if line.sku in items]
