"""Decoding taps: a button or list row id maps to exactly one action, with no guessing.

Ids are written by `respond` when it offers options, so they are ours and stable:
`add:<sku>`, `basket:add`, `show:<sku>`, `cart:view`, `cart:remove:<sku>`, `checkout`,
`browse`, `search:<query>`,
and during checkout `ship:<id>`, `pay:<id>`, `name:<name>`, `address:last|new`,
`order:confirm:<summary version>`; `payment:check` while a payment is open; after the sale
`aftersale:confirm:<version>`, `aftersale:order:<number>`, `aftersale:item:<sku>`,
`aftersale:keep`, `aftersale:return:<number>`, `aftersale:exchange:<number>`.
"""

from __future__ import annotations

from graphs.sales.nlu.types import Intent
from graphs.sales.state_types import Action

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


def confirm_order(version: int) -> str:
    """The "place order" button of summary `version`: a yes to that summary only."""
    return f"order:confirm:{version}"


def check_payment() -> str:
    return "payment:check"


def use_name(name: str) -> str:
    return f"name:{name}"


def add_basket() -> str:
    """Adds every item of the basket proposed last."""
    return "basket:add"


def use_coupon(code: str) -> str:
    return f"coupon:{code}"


def talk_to_person() -> str:
    return "human"


def remind() -> str:
    return "remind:later"


def aftersale(step: str) -> str:
    """An after-sale option: "confirm:<version>", "order:<number>", "keep", "return",
    "exchange" (see graphs/sales/aftersale)."""
    return f"aftersale:{step}"


_AFTERSALE_INTENTS: dict[str, Intent] = {"confirm": "affirm", "keep": "deny",
                                         "order": "provide_info", "item": "provide_info",
                                         "return": "return_exchange",
                                         "exchange": "return_exchange",
                                         "difference": "affirm"}  # difference:link


_CHECKOUT_IDS: dict[str, Action] = {
    "address:last": {"intent": "checkout", "address": "last"},
    "address:new": {"intent": "checkout", "address": "new"},
    "order:confirm": {"intent": "checkout", "confirm": 0},  # before versions: never a yes
    "payment:check": {"intent": "payment_question", "check_payment": True},
}


def decode(option_id: str) -> Action | None:
    """The action behind an option id, or None for an id we never issued."""
    if option_id.startswith("aftersale:"):
        step = option_id.removeprefix("aftersale:")
        intent = _AFTERSALE_INTENTS.get(step.split(":")[0])
        return None if intent is None else {"intent": intent, "aftersale": step}
    if option_id == "remind:later":
        return {"intent": "affirm", "remind": True}
    if option_id in _CHECKOUT_IDS:
        return _CHECKOUT_IDS[option_id].copy()
    if option_id.startswith("order:confirm:"):
        version = option_id.removeprefix("order:confirm:")
        return {"intent": "checkout", "confirm": int(version) if version.isdigit() else 0}
    if option_id.startswith("coupon:"):
        return {"intent": "checkout", "coupon": option_id.removeprefix("coupon:")}
    if option_id.startswith("ship:"):
        return {"intent": "checkout", "ship": option_id.removeprefix("ship:")}
    if option_id.startswith("pay:"):
        return {"intent": "checkout", "pay": option_id.removeprefix("pay:")}
    if option_id.startswith("name:"):
        return {"intent": "checkout", "name": option_id.removeprefix("name:")}
    if option_id == "basket:add":
        return {"intent": "add_to_cart", "basket": True}
    if option_id == "human":
        return {"intent": "human_agent"}
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
