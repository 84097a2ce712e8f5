"""`cart`: adds, removes and shows cart items; the cart itself lives in its own tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from langgraph.runtime import Runtime

from graphs.sales.buyer_details import PICKUP, read_details
from graphs.sales.cart_removal import remove_from_cart
from graphs.sales.cart_requests import add_requested
from graphs.sales.checkout_flow import closes_now, closes_with_details
from graphs.sales.context import Context
from graphs.sales.inbound import turn_text
from graphs.sales.outcomes import Outcome, OutcomeKind, ReconciledItem, Repriced
from graphs.sales.quantity_change import (
    count_in,
    count_said,
    line_named,
    quantity_asked,
    set_quantity,
)
from graphs.sales.runtime import context_of, conversation_id_for, services_for
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import OrderItemData, ShownItem
from graphs.sales.summaries import available_variants, cart_summary, cart_view, sku_at_position
from graphs.sales.variant_offers import one_item_offered
from graphs.sales.variant_swap import lines_to_change, swap_target, wants_variant_swap
from tools.catalog.client import Product
from tools.catalog.text import fold

# A list this long is offered back as the choice of "which one?".
_CANDIDATES_ASKED = 5

async def cart(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Carries out the cart intent of this turn and sets `outcome` and the cart summary."""
    services = await services_for(runtime)
    conv_id = await conversation_id_for(runtime, services)
    store_id = context_of(runtime).store_id
    classification = state.get("classification") or {}
    action = state.get("action") or {}
    intent = action.get("intent") or classification.get("intent")
    if intent == "affirm" or (intent == "checkout" and one_item_offered(state)):
        intent = "add_to_cart"  # a "yes" (or "checkout pls") to "add it?" (see routing)

    if wants_variant_swap(state):
        return await _swap(state, services, store_id, conv_id)
    if (count := quantity_asked(state)) is not None:
        return await set_quantity(state, services, store_id, conv_id, count, line_named(state))
    if action.get("order_items") is not None:
        return await _add_order_items(state, services, store_id, conv_id, action["order_items"])
    if intent == "add_to_cart":
        return _with_pickup_said(state, await _add(state, services, store_id, conv_id))
    if intent == "remove_from_cart":
        return await remove_from_cart(state, services, store_id, conv_id)
    current = await services.carts.open_cart(conv_id)
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}, "pending_question": None}
    return {
        "outcome": {"kind": "cart_summary", "cart": cart_view(current)},
        "cart": cart_summary(current),
        "pending_question": "confirm_checkout",
        "shown": [{"sku": line.sku, "name": line.name, "price": str(line.unit_price)}
                  for line in current.lines],
    }


def _with_pickup_said(state: SalesState, update: SalesUpdate) -> SalesUpdate:
    """"add it, I'll pick it up tomorrow": the pickup is kept for checkout (checkout.py);
    "fecha. Ana Lima, cep …" while an item waits for its size: the details and the closing
    are kept for when it is added (route_after_cart)."""
    text = turn_text(state)
    kept = dict(update.get("checkout") or state.get("checkout") or {})
    if (update.get("outcome") or {}).get("kind") in {"added", "added_items"} and \
            "?" not in text and PICKUP.search(fold(text)):
        kept["pickup_said"] = True
    if update.get("pending_question") == "choose_product" and "?" not in text and (
            closes_now(text) or closes_with_details(text)):
        details = read_details(text)
        kept |= {key: details[key] for key in ("name", "cep", "uf", "street") if key in details}
        kept["closing_said"] = True
        if PICKUP.search(fold(text)):
            kept["pickup_said"] = True
    if kept != (state.get("checkout") or {}):
        update["checkout"] = kept  # type: ignore[typeddict-item]
    return update


async def _add(
    state: SalesState, services: Services, store_id: str, conv_id: int
) -> SalesUpdate:
    entities = (state.get("classification") or {}).get("entities") or {}
    action = state.get("action") or {}
    shown = state.get("shown") or []
    requests = state.get("requests") or []
    if requests and not action.get("sku"):
        return await add_requested(requests, services, store_id, conv_id, state["turn_id"],
                                   len(shown))
    sku = (
        action.get("sku")
        or sku_at_position(shown, entities.get("ordinal"))
        or (state.get("pending") or {}).get("sku")
        or (state.get("pending") or {}).get("product_sku")
        or (_the_one_shown(shown[0]) if len(shown) == 1 and entities.get("ordinal") is None
            else None)
    )
    if sku is None:
        kind: OutcomeKind = ("position_out_of_range" if entities.get("ordinal") is not None
                             else "which_product")
        outcome: Outcome = {"kind": kind, "count": len(shown)}
        if kind == "which_product" and 1 < len(shown) <= _CANDIDATES_ASKED:
            # "just one please" with two products listed: which one, with them as options
            outcome["candidates"] = list(shown)
        return {"outcome": outcome}

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

    pending = state.get("pending") or {}
    offered = pending.get("quantity") if pending.get("sku") == sku else None
    quantity = int(entities.get("quantity") or offered or 1)
    stock = variant.stock if variant is not None else product.stock
    name = product.name
    line_sku = variant.sku if variant is not None else product.sku
    if stock is not None and stock < quantity:
        if stock <= 0:
            return {"outcome": {"kind": "not_enough_stock", "name": name, "available": stock}}
        # "queria 3" of two: the two there are, offered (a yes adds them)
        return {"outcome": {"kind": "not_enough_stock", "name": name, "available": stock,
                            "offered": True},
                "pending_question": "confirm_add",
                "pending": {"sku": line_sku, "quantity": stock}}
    unit_price = variant.price if variant is not None else product.price
    attributes = dict(variant.attributes) if variant is not None else {}
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
            "cart": cart_view(updated),
        },
        "cart": cart_summary(updated),
        "pending_question": "confirm_checkout",
        "pending": {},
    }


def _the_one_shown(item: ShownItem) -> str:
    """The product on screen, as the variant its search's colour or size matched when one did
    ("qria 1 bone azul", then "pode fechar": the blue one)."""
    matched = item.get("variant_skus") or []
    return matched[0] if len(matched) == 1 else item["sku"]


async def _swap(
    state: SalesState, services: Services, store_id: str, conv_id: int
) -> SalesUpdate:
    """Replaces the cart line whose product has the asked size or colour in stock."""
    entities = (state.get("classification") or {}).get("entities") or {}
    current = await services.carts.open_cart(conv_id)
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}}
    # The line the words describe ("the blue one"), else the latest: "troca" means the last.
    for line in lines_to_change(current.lines, entities, turn_text(state)):
        product = await services.catalog.get(store_id, line.sku)
        target = product and swap_target(product, line.sku, entities)
        if not target or product is None:
            continue
        if any(other.sku == target.sku for other in current.lines) and count_said(
                turn_text(state)) and (count := count_in(fold(turn_text(state)))):
            # "actually make it 2 of the white" with a black and a white line: the white
            # one's units, the black one stays (not a swap that merges them)
            return await set_quantity(state, services, store_id, conv_id, count, target.sku)
        await services.carts.remove(store_id=store_id, conversation_id=conv_id, sku=line.sku,
                                    quantity=None, op_key=f"{state['turn_id']}:swap-out:{line.sku}")
        updated = await services.carts.add(
            store_id=store_id, conversation_id=conv_id, sku=target.sku,
            product_sku=product.sku, name=product.name, variant=dict(target.attributes),
            unit_price=target.price, quantity=line.quantity,
            op_key=f"{state['turn_id']}:swap-in:{target.sku}")
        return {"outcome": {"kind": "swapped", "name": product.name,
                            "from": line.variant, "to": dict(target.attributes),
                            "cart": cart_view(updated)},
                "cart": cart_summary(updated)}
    return {"outcome": {"kind": "swap_unavailable", "cart": cart_view(current)}}


def _matching_variant(product: Product, entities: dict[str, Any]) -> Any:
    """The in-stock variant that the buyer's size and colour pick out, when exactly one does."""
    wanted = [fold(str(entities[k])) for k in ("size", "color") if entities.get(k)]
    in_stock = [v for v in product.variants if v.stock is None or v.stock > 0]
    if not wanted:
        return in_stock[0] if len(in_stock) == 1 and len(product.variants) == 1 else None
    values = [(v, {fold(str(x)) for x in v.attributes.values()}) for v in in_stock]
    matches = [v for v, vals in values if all(w in vals for w in wanted)]
    return matches[0] if len(matches) == 1 else None


async def _add_order_items(
    state: SalesState, services: Services, store_id: str, conv_id: int,
    items: list[OrderItemData],
) -> SalesUpdate:
    """Reconciles a cart sent from the WhatsApp catalog with ours: our prices, our stock."""
    added: list[ReconciledItem] = []
    unknown: list[str] = []
    unavailable: list[str] = []
    repriced: list[Repriced] = []
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
            "cart": cart_view(current) if current else None,
        },
        "cart": cart_summary(current) if current else {},
        "pending_question": "confirm_checkout" if added else None,
    }

