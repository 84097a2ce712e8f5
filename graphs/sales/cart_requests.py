"""Carrying out the items a message asked for (`state["requests"]`, see `graphs/sales/resolve`).

Each item is added, or its option asked with the values named already applied (only the
remaining choice is offered), or its few candidates offered, or said to be unavailable.
One item gives the reply of a single add ("added", "choose_variant", "which_product", …);
several give "added_items": what went in, and per item what could not be done.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.outcomes import AddedLine, ItemProblem, Outcome
from graphs.sales.resolve.variants import label, narrow
from graphs.sales.services import Services
from graphs.sales.state import SalesUpdate
from graphs.sales.state_types import ItemRequest
from graphs.sales.summaries import available_variants, cart_summary, cart_view
from tools.cart.models import Cart
from tools.catalog.text import fold

# "vela so uma msm", "just one of the candle": the count is how many the buyer wants in all,
# not more of what the cart has ("mais uma vela", "one more" add).
_TOTAL = re.compile(r"\b(so|somente|apenas|only|just|msm|mesmo|entao|then|total|no total)\b")
_MORE = re.compile(r"\b(mais|more|another|outra|outro|extra|additional)\b")


def _said_as_total(request: ItemRequest) -> bool:
    said = fold(request.get("said", ""))
    return bool(request.get("quantity") and _TOTAL.search(said) and not _MORE.search(said))


def _each(requests: list[ItemRequest]) -> list[ItemRequest]:
    """"os dois" is one request for two skus: one request per sku."""
    flat: list[ItemRequest] = []
    for request in requests:
        if request.get("skus"):
            flat += [{"said": request.get("said", ""), "sku": sku} for sku in request["skus"]]
        else:
            flat.append(request)
    return flat


async def _step(request: ItemRequest, services: Services, store_id: str) -> dict[str, Any]:
    """What can be done for one item: a line to add, a choice to ask, or a problem."""
    if request.get("candidates"):
        return {"kind": "which_product", "candidates": request["candidates"]}
    if request.get("position") is not None:
        return {"kind": "position_out_of_range", "name": request.get("said", "")}
    product = await services.catalog.get(store_id, request["sku"])
    if product is None:
        return {"kind": "product_gone", "name": request.get("said", "")}
    wanted = dict(request.get("attributes") or {})
    variant = product.selected_variant if not wanted else None
    if product.variants and variant is None:
        matching, in_stock = narrow(product, wanted)
        if len(in_stock) == 1:
            variant = in_stock[0]
        elif not in_stock and (nearest := _nearest_in_stock(product, wanted)):
            # "running ones, blue, size 43" with the blue 43 sold out: the blue ones in
            # other sizes and the 43s in other colours, so "ok 42 then" picks one
            choices = [c for c in available_variants(product) if c["sku"] in nearest]
            return {"kind": "choose_variant", "name": product.name, "variants": choices,
                    "product_sku": product.sku, "sold_out": label(wanted)}
        elif not in_stock:
            return {"kind": "out_of_stock", "name": product.name,
                    "variant": label(wanted) if matching else ""}
        else:
            choices = [c for c in available_variants(product)
                       if c["sku"] in {v.sku for v in in_stock}]
            return {"kind": "choose_variant", "name": product.name, "variants": choices,
                    "product_sku": product.sku}
    quantity = int(request.get("quantity") or 1)
    stock = variant.stock if variant is not None else product.stock
    if stock is not None and stock < quantity:
        if stock <= 0:
            return {"kind": "out_of_stock", "name": product.name,
                    "variant": label(dict(variant.attributes)) if variant else ""}
        return {"kind": "not_enough_stock", "name": product.name, "available": stock,
                "sku": variant.sku if variant is not None else product.sku}
    return {"kind": "add", "product": product, "variant": variant, "quantity": quantity}


def _nearest_in_stock(product: Any, wanted: dict[str, str]) -> set[str]:
    """The skus in stock that keep all but one of the options asked (none when only one
    option was asked: then the product is sold out in it)."""
    if len(wanted) < 2:
        return set()
    return {variant.sku for key in wanted for variant in narrow(
        product, {k: v for k, v in wanted.items() if k != key})[1]}


async def add_requested(
    requests: list[ItemRequest], services: Services, store_id: str, conv_id: int,
    turn_id: str, shown_count: int,
) -> SalesUpdate:
    """Adds what the buyer asked for and says what could not be done, per item."""
    each = _each(requests)
    steps = [await _step(r, services, store_id) for r in each]
    single = len(steps) == 1
    lines: list[AddedLine] = []
    updated: Cart | None = None
    totals = [_said_as_total(r) for r in each]
    current = await services.carts.open_cart(conv_id) if any(totals) else None
    held = {line.sku: line.quantity for line in current.lines} if current else {}
    for index, step in enumerate(steps):
        if step["kind"] != "add":
            continue
        product, variant, quantity = step["product"], step["variant"], step["quantity"]
        line_sku = variant.sku if variant is not None else product.sku
        attributes = dict(variant.attributes) if variant is not None else {}
        price = variant.price if variant is not None else product.price
        if totals[index] and line_sku in held:
            if quantity < held[line_sku]:
                updated = await services.carts.remove(
                    store_id=store_id, conversation_id=conv_id, sku=line_sku,
                    quantity=held[line_sku] - quantity, op_key=f"{turn_id}:total:{line_sku}")
            if quantity <= held[line_sku]:  # the cart already has it: now as many as said
                step |= {"kind": "total_set", "total": quantity}
                continue
            quantity -= held[line_sku]
        updated = await services.carts.add(
            store_id=store_id, conversation_id=conv_id, sku=line_sku, product_sku=product.sku,
            name=product.name, variant=attributes, unit_price=price, quantity=quantity,
            op_key=f"{turn_id}:add:{line_sku}" if single else f"{turn_id}:add:{index}:{line_sku}",
        )
        lines.append({"sku": line_sku, "name": product.name, "variant": attributes,
                      "quantity": quantity, "unit_price": str(price)})
    if updated is None and any(step["kind"] == "total_set" for step in steps):
        updated = current  # nothing added: the cart as it was, which already holds it
    ask = next((s for s in steps if s["kind"] in ("choose_variant", "which_product")), None)
    update: SalesUpdate = {}
    if ask is not None and ask["kind"] == "choose_variant":
        update |= {"shown": ask["variants"], "pending_question": "choose_product",
                   "pending": {"product_sku": ask["product_sku"]}}
    elif ask is not None:
        update |= {"shown": ask["candidates"], "pending_question": "choose_product",
                   "pending": {}}
    elif single and steps[0]["kind"] == "not_enough_stock":
        # "queria 3" of two: the two there are, offered (a yes adds them: cart.py)
        update |= {"pending_question": "confirm_add",
                   "pending": {"sku": steps[0]["sku"], "quantity": steps[0]["available"]}}
    elif lines:
        update |= {"pending_question": "confirm_checkout", "pending": {}}
    if updated is not None:
        update["cart"] = cart_summary(updated)
    if single:
        step = steps[0]
        if step["kind"] == "add":
            assert updated is not None
            update["outcome"] = {"kind": "added", "line": lines[0], "cart": cart_view(updated)}
        elif step["kind"] == "total_set":
            assert updated is not None
            update["outcome"] = {"kind": "quantity_set", "name": step["product"].name,
                                 "quantity": step["total"], "cart": cart_view(updated)}
        elif step["kind"] == "which_product":
            update["outcome"] = {"kind": "which_product", "count": shown_count,
                                 "candidates": step["candidates"]}
        else:
            update["outcome"] = _single(step, shown_count)
        return update
    outcome: Outcome = {
        "kind": "added_items", "added_lines": lines,
        "problems": [_problem(s) for s in steps
                     if s["kind"] not in ("add", "total_set") and s is not ask],
        "cart": cart_view(updated) if updated is not None else None,
    }
    if ask is not None and ask["kind"] == "choose_variant":
        outcome |= {"name": ask["name"], "variants": ask["variants"]}
    elif ask is not None:
        outcome["candidates"] = ask["candidates"]
    update["outcome"] = outcome
    return update


def _single(step: dict[str, Any], shown_count: int) -> Outcome:
    if step["kind"] == "choose_variant":
        outcome: Outcome = {"kind": "choose_variant", "name": step["name"],
                            "variants": step["variants"]}
        if step.get("sold_out"):
            outcome["sold_out"] = step["sold_out"]
        return outcome
    if step["kind"] == "not_enough_stock":
        return {"kind": "not_enough_stock", "name": step["name"], "available": step["available"],
                "offered": True}
    if step["kind"] == "out_of_stock":
        return {"kind": "out_of_stock", "name": step["name"]}
    if step["kind"] == "position_out_of_range":
        return {"kind": "position_out_of_range", "count": shown_count}
    return {"kind": "product_gone"}


def _problem(step: dict[str, Any]) -> ItemProblem:
    problem: ItemProblem = {"reason": step["kind"], "name": step.get("name", "")}
    if step.get("variant"):
        problem["variant"] = step["variant"]
    if "available" in step:
        problem["available"] = step["available"]
    if step["kind"] == "which_product":
        problem["candidates"] = [c["name"] for c in step["candidates"]]
    return problem

