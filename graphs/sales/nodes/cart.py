"""`cart`: adds, removes and shows cart items; the cart itself lives in its own tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from langgraph.runtime import Runtime

from graphs.sales.catalog_hint import shares_a_word
from graphs.sales.context import Context
from graphs.sales.inbound import state_text
from graphs.sales.runtime import context_of, conversation_id_for, services_for
from graphs.sales.services import Services
from graphs.sales.state import SalesState
from graphs.sales.summaries import available_variants, sku_at_position
from graphs.sales.variant_swap import swap_target, wants_variant_swap
from tools.catalog.client import Product
from tools.catalog.text import fold


async def cart(state: SalesState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Carries out the cart intent of this turn and sets `outcome` and the cart summary."""
    services = await services_for(runtime)
    conv_id = await conversation_id_for(runtime, services)
    store_id = context_of(runtime).store_id
    classification = state.get("classification") or {}
    action = state.get("action") or {}
    intent = action.get("intent") or classification.get("intent")
    if intent == "affirm":  # a "yes" to "add it?" (see routing)
        intent = "add_to_cart"

    if wants_variant_swap(state):
        return await _swap(state, services, store_id, conv_id)
    if action.get("order_items") is not None:
        return await _add_order_items(state, services, store_id, conv_id, action["order_items"])
    if intent == "add_to_cart":
        return await _add(state, services, store_id, conv_id)
    if intent == "remove_from_cart":
        return await _remove(state, services, store_id, conv_id)
    current = await services.carts.open_cart(conv_id)
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}, "pending_question": None}
    return {
        "outcome": {"kind": "cart_summary", "cart": _cart_view(current)},
        "cart": current.summary(),
        "pending_question": "confirm_checkout",
        "shown": [{"sku": line.sku, "name": line.name, "price": str(line.unit_price)}
                  for line in current.lines],
    }


async def _add(
    state: SalesState, services: Services, store_id: str, conv_id: int
) -> dict[str, Any]:
    entities = (state.get("classification") or {}).get("entities") or {}
    action = state.get("action") or {}
    shown = state.get("shown") or []
    sku = (
        action.get("sku")
        or sku_at_position(shown, entities.get("ordinal"))
        or (state.get("pending") or {}).get("sku")
        or (state.get("pending") or {}).get("product_sku")
        or (shown[0]["sku"] if len(shown) == 1 and entities.get("ordinal") is None else None)
    )
    if sku is None:
        kind = "position_out_of_range" if entities.get("ordinal") is not None else "which_product"
        return {"outcome": {"kind": kind, "count": len(shown)}}

    product = await services.catalog.get(store_id, sku)
    if product is None:
        return {"outcome": {"kind": "product_gone"}}
    variant = product.selected_variant or _matching_variant(product, entities)
    if product.variants and variant is None:
        choices = available_variants(product)
        if not choices:
            return {"outcome": {"kind": "out_of_stock", "name": product.name}}
        return {
            "outcome": {"kind": "choose_variant", "name": product.name, "variants": choices},
            "shown": choices,
            "pending_question": "choose_product",
            "pending": {"product_sku": product.sku},
        }

    quantity = int(entities.get("quantity") or 1)
    stock = variant.stock if variant is not None else product.stock
    name = product.name
    if stock is not None and stock < quantity:
        return {"outcome": {"kind": "not_enough_stock", "name": name, "available": stock}}
    unit_price = variant.price if variant is not None else product.price
    attributes = dict(variant.attributes) if variant is not None else {}
    line_sku = variant.sku if variant is not None else product.sku
    updated = await services.carts.add(
        store_id=store_id,
        conversation_id=conv_id,
        sku=line_sku,
        product_sku=product.sku,
        name=name,
        variant=attributes,
        unit_price=unit_price,
        quantity=quantity,
        op_key=f"{state['turn_id']}:add:{line_sku}",
    )
    return {
        "outcome": {
            "kind": "added",
            "line": {"sku": line_sku, "name": name, "variant": attributes,
                     "quantity": quantity, "unit_price": str(unit_price)},
            "cart": _cart_view(updated),
        },
        "cart": updated.summary(),
        "pending_question": "confirm_checkout",
        "pending": {},
    }


async def _swap(
    state: SalesState, services: Services, store_id: str, conv_id: int
) -> dict[str, Any]:
    """Replaces the cart line whose product has the asked size or colour in stock."""
    entities = (state.get("classification") or {}).get("entities") or {}
    current = await services.carts.open_cart(conv_id)
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}}
    for line in reversed(current.lines):  # the latest line first: "troca" means the last one
        product = await services.catalog.get(store_id, line.sku)
        target = product and swap_target(product, line.sku, entities)
        if not target:
            continue
        await services.carts.remove(store_id=store_id, conversation_id=conv_id, sku=line.sku,
                                    quantity=None, op_key=f"{state['turn_id']}:swap-out:{line.sku}")
        updated = await services.carts.add(
            store_id=store_id, conversation_id=conv_id, sku=target.sku,
            product_sku=product.sku, name=product.name, variant=dict(target.attributes),
            unit_price=target.price, quantity=line.quantity,
            op_key=f"{state['turn_id']}:swap-in:{target.sku}")
        return {"outcome": {"kind": "swapped", "name": product.name,
                            "from": line.variant, "to": dict(target.attributes),
                            "cart": _cart_view(updated)},
                "cart": updated.summary()}
    return {"outcome": {"kind": "swap_unavailable", "cart": _cart_view(current)}}


def _matching_variant(product: Product, entities: dict[str, Any]) -> Any:
    """The in-stock variant that the buyer's size and colour pick out, when exactly one does."""
    wanted = [fold(str(entities[k])) for k in ("size", "color") if entities.get(k)]
    in_stock = [v for v in product.variants if v.stock is None or v.stock > 0]
    if not wanted:
        return in_stock[0] if len(in_stock) == 1 and len(product.variants) == 1 else None
    values = [(v, {fold(str(x)) for x in v.attributes.values()}) for v in in_stock]
    matches = [v for v, vals in values if all(w in vals for w in wanted)]
    return matches[0] if len(matches) == 1 else None


async def _remove(
    state: SalesState, services: Services, store_id: str, conv_id: int
) -> dict[str, Any]:
    entities = (state.get("classification") or {}).get("entities") or {}
    current = await services.carts.open_cart(conv_id)
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}}
    lines = [{"sku": line.sku, "name": line.name} for line in current.lines]
    sku = (state.get("action") or {}).get("sku") or sku_at_position(
        lines, entities.get("ordinal")
    )
    if sku is None:  # "tira o carregador": the one line whose name the buyer used
        said = entities.get("product") or state_text(state.get("inbound") or [])
        named = [line["sku"] for line in lines if shares_a_word(said, line["name"])]
        sku = named[0] if len(named) == 1 else None
    if sku is None and len(lines) == 1:
        sku = lines[0]["sku"]
    if sku is None or sku not in {line["sku"] for line in lines}:
        return {"outcome": {"kind": "which_cart_item", "cart": _cart_view(current)},
                "shown": [line | {"price": ""} for line in lines]}
    quantity = entities.get("quantity")
    updated = await services.carts.remove(
        store_id=store_id,
        conversation_id=conv_id,
        sku=sku,
        quantity=int(quantity) if quantity else None,
        op_key=f"{state['turn_id']}:remove:{sku}",
    )
    assert updated is not None
    removed = next(line for line in current.lines if line.sku == sku)
    return {
        "outcome": {"kind": "removed", "name": removed.name, "cart": _cart_view(updated)},
        "cart": updated.summary(),
    }


async def _add_order_items(
    state: SalesState, services: Services, store_id: str, conv_id: int,
    items: list[dict[str, Any]],
) -> dict[str, Any]:
    """Reconciles a cart sent from the WhatsApp catalog with ours: our prices, our stock."""
    added, unknown, unavailable, repriced = [], [], [], []
    updated = None
    for index, item in enumerate(items):
        sku, quantity = item["product_retailer_id"], int(item.get("quantity") or 1)
        product = await services.catalog.get(store_id, sku)
        if product is None:
            unknown.append(sku)
            continue
        variant = product.selected_variant
        if product.variants and variant is None:
            unknown.append(sku)  # a product sold by variant cannot be bought by its parent sku
            continue
        stock = variant.stock if variant is not None else product.stock
        if stock is not None and stock < quantity:
            unavailable.append(product.name)
            continue
        price = variant.price if variant is not None else product.price
        if item.get("item_price") is not None and Decimal(str(item["item_price"])) != price:
            repriced.append({"name": product.name, "price": str(price)})
        updated = await services.carts.add(
            store_id=store_id, conversation_id=conv_id, sku=sku, product_sku=product.sku,
            name=product.name, variant=dict(variant.attributes) if variant else {},
            unit_price=price, quantity=quantity, op_key=f"{state['turn_id']}:order:{index}",
        )
        added.append({"sku": sku, "name": product.name, "quantity": quantity})
    current = updated or await services.carts.open_cart(conv_id)
    return {
        "outcome": {
            "kind": "order_reconciled",
            "added": added,
            "unknown": unknown,
            "unavailable": unavailable,
            "repriced": repriced,
            "cart": _cart_view(current) if current else None,
        },
        "cart": current.summary() if current else {},
        "pending_question": "confirm_checkout" if added else None,
    }


def _cart_view(current: Any) -> dict[str, Any]:
    """The cart as a reply shows it: lines with totals, subtotal, all money as strings."""
    return {
        "lines": [
            {"sku": line.sku, "name": line.name, "variant": line.variant,
             "quantity": line.quantity, "unit_price": str(line.unit_price),
             "total": str(line.line_total)}
            for line in current.lines
        ],
        "subtotal": str(current.subtotal),
        "currency": current.currency,
        "items": current.item_count,
    }
