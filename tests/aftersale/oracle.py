"""τ²-bench's own retail tools (tests/fixtures/tau2_retail/reference, MIT) as the oracle, and
the normalised view both sides are compared in."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

TAU2 = Path(__file__).resolve().parents[1] / "fixtures" / "tau2_retail"
WRITE_ACTIONS = (
    "cancel_pending_order", "modify_pending_order_items", "modify_pending_order_address",
    "modify_pending_order_payment", "modify_user_address", "exchange_delivered_order_items",
    "return_delivered_order_items",
)
CENT = Decimal("0.01")


def money(value: Any) -> str:
    """An amount as a string of cents (τ² keeps floats: 12.340000000001 is 12.34)."""
    return str(Decimal(str(value)).quantize(CENT))


def tasks() -> list[dict[str, Any]]:
    """τ² tasks with their gold write actions: [{"id", "actions": [{"name", "arguments"}]}]."""
    raw = json.loads((TAU2 / "tasks.json").read_text(encoding="utf-8"))
    out = []
    for task in raw:
        gold = (task.get("evaluation_criteria") or {}).get("actions") or []
        writes = [{"name": a["name"], "arguments": a["arguments"]} for a in gold
                  if a["name"] in WRITE_ACTIONS]
        out.append({"id": task["id"], "actions": writes})
    return out


@cache
def _base_db() -> Any:
    os.environ.setdefault("TAU2_DATA_DIR", str(TAU2))
    reference = str(TAU2 / "reference")
    if reference not in sys.path:
        sys.path.insert(0, reference)
    from tau2.domains.retail.data_model import RetailDB

    return RetailDB.load(str(TAU2 / "db.json"))


def run_reference(actions: list[dict[str, Any]]) -> tuple[Any, list[str | None]]:
    """Applies the actions with τ²'s tools on a copy of db.json; the db and each error."""
    base = _base_db()  # puts the reference on the path first
    from tau2.domains.retail.tools import RetailTools

    # Products are only read; a deep copy of the touched orders and users is enough.
    orders, users = affected(actions, base)
    db = base.model_copy()
    db.orders = dict(base.orders) | {o: base.orders[o].model_copy(deep=True)
                                     for o in orders if o in base.orders}
    db.users = dict(base.users) | {u: base.users[u].model_copy(deep=True)
                                   for u in users if u in base.users}
    tools = RetailTools(db)
    errors: list[str | None] = []
    for action in actions:
        try:
            getattr(tools, action["name"])(**action["arguments"])
            errors.append(None)
        except ValueError as exc:
            errors.append(str(exc))
    return db, errors


def swapped_items(actions: list[dict[str, Any]]) -> frozenset[str]:
    """Item ids that `modify_pending_order_items` puts into orders."""
    return frozenset(new for a in actions if a["name"] == "modify_pending_order_items"
                     for new in a["arguments"]["new_item_ids"])


def affected(actions: list[dict[str, Any]], db: Any) -> tuple[list[str], list[str]]:
    """The order ids and user ids the actions touch (owners of touched orders included)."""
    orders = sorted({a["arguments"]["order_id"] for a in actions if "order_id" in a["arguments"]})
    users = {a["arguments"]["user_id"] for a in actions if "user_id" in a["arguments"]}
    users |= {db.orders[o].user_id for o in orders if o in db.orders}
    return orders, sorted(users)


def own_variant(db: Any, item: Any) -> tuple[Any, dict[str, str]]:
    """The price and options of the item's own variant in the catalog."""
    variant = db.products[item.product_id].variants[item.item_id]
    return variant.price, variant.options


def reference_view(db: Any, orders: list[str], users: list[str], *,
                   swapped: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The normalised state of the touched orders and users in τ²'s db.

    `swapped`: item ids put into orders by `modify_pending_order_items`, shown with their own
    variant's price and options. τ²'s reference writes the loop's last variant onto every
    swapped item (`item.price = variant.price` after the loop); Balcão prices each swapped item
    as itself (DIFFERENCES.md, tested in test_differences.py).
    """
    view: dict[str, Any] = {"orders": {}, "users": {}}
    for order_id in orders:
        if order_id not in db.orders:
            continue
        o = db.orders[order_id]
        items = [(i.item_id, *(own_variant(db, i) if i.item_id in swapped
                               else (i.price, i.options))) for i in o.items]
        view["orders"][order_id] = {
            "status": o.status,
            "items": sorted((sku, money(price), sorted(options.items()))
                            for sku, price, options in items),
            "payments": [(p.transaction_type, money(p.amount), p.payment_method_id)
                         for p in o.payment_history],
            "address": o.address.model_dump(),
            "cancel_reason": o.cancel_reason,
            "exchange": None if o.exchange_items is None else (
                sorted(o.exchange_items), sorted(o.exchange_new_items or []),
                o.exchange_payment_method_id, money(o.exchange_price_difference or 0)),
            "return": None if o.return_items is None else (
                sorted(o.return_items), o.return_payment_method_id),
        }
    for user_id in users:
        u = db.users[user_id]
        view["users"][user_id] = {
            "address": u.address.model_dump(),
            "methods": sorted((m.id, m.source, money(getattr(m, "balance", None) or 0)
                               if m.source == "gift_card" else None)
                              for m in u.payment_methods.values()),
        }
    return view
