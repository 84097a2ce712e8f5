"""Decoding taps: a button or list row id maps to exactly one action, with no guessing.

Ids are written by `respond` when it offers options, so they are ours and stable:
`add:<sku>`, `show:<sku>`, `cart:view`, `cart:remove:<sku>`, `checkout`, `browse`, `search:<query>`,
and during checkout `ship:<id>`, `pay:<id>`, `name:<name>`, `address:last|new`,
`order:confirm`.
"""

from __future__ import annotations

from typing import Any

_CART_VIEW = "cart:view"
_CHECKOUT = "checkout"
_BROWSE = "browse"


def add(sku: str) -> str:
    return f"add:{sku}"


def show(sku: str) -> str:
    return f"show:{sku}"


def remove(sku: str) -> str:
    return f"cart:remove:{sku}"


def view_cart() -> str:
    return _CART_VIEW


def checkout() -> str:
    return _CHECKOUT


def browse() -> str:
    return _BROWSE


def search(query: str) -> str:
    return f"search:{query}"


def ship(option_id: str) -> str:
    return f"ship:{option_id}"


def pay(method_id: str) -> str:
    return f"pay:{method_id}"


def use_last_address() -> str:
    return "address:last"


def new_address() -> str:
    return "address:new"


def confirm_order() -> str:
    return "order:confirm"


def use_name(name: str) -> str:
    return f"name:{name}"


def remind() -> str:
    return "remind:later"


_CHECKOUT_PREFIXES = {"ship:": "ship", "pay:": "pay", "name:": "name"}
_CHECKOUT_IDS = {"address:last": {"address": "last"}, "address:new": {"address": "new"},
                 "order:confirm": {"confirm": True}}


def decode(option_id: str) -> dict[str, Any] | None:
    """The action behind an option id, or None for an id we never issued."""
    if option_id == "remind:later":
        return {"intent": "affirm", "remind": True}
    if option_id in _CHECKOUT_IDS:
        return {"intent": "checkout", **_CHECKOUT_IDS[option_id]}
    for prefix, key in _CHECKOUT_PREFIXES.items():
        if option_id.startswith(prefix):
            return {"intent": "checkout", key: option_id.removeprefix(prefix)}
    if option_id == _CART_VIEW:
        return {"intent": "view_cart"}
    if option_id == _BROWSE:
        return {"intent": "browse_catalog"}
    if option_id.startswith("search:"):
        return {"intent": "search_product", "query": option_id.removeprefix("search:")}
    if option_id == _CHECKOUT:
        return {"intent": "checkout"}
    if option_id.startswith("cart:remove:"):
        return {"intent": "remove_from_cart", "sku": option_id.removeprefix("cart:remove:")}
    if option_id.startswith("add:"):
        return {"intent": "add_to_cart", "sku": option_id.removeprefix("add:")}
    if option_id.startswith("show:"):
        return {"intent": "product_question", "sku": option_id.removeprefix("show:")}
    return None
