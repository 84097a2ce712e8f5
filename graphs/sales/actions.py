"""Decoding taps: a button or list row id maps to exactly one action, with no guessing.

Ids are written by `respond` when it offers options, so they are ours and stable:
`add:<sku>`, `show:<sku>`, `cart:view`, `cart:remove:<sku>`, `checkout`, `browse`, `search:<query>`.
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


def decode(option_id: str) -> dict[str, Any] | None:
    """The action behind an option id, or None for an id we never issued."""
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
