""""Quero o mesmo de antes": the last order's items into the cart, at today's prices; the
ones no longer sold or in stock are named."""

from __future__ import annotations

from graphs.sales.aftersale.turn import AftersaleTurn, done
from graphs.sales.outcomes import AddedLine
from graphs.sales.state import SalesUpdate
from graphs.sales.summaries import cart_summary, cart_view


async def reorder(turn: AftersaleTurn) -> SalesUpdate:
    """Adds what can be had of the latest order (once per turn, even when run again)."""
    last = next((o for o in turn.orders if o.lines), None)
    if last is None:
        return done({"kind": "nothing_to_reorder"})
    added: list[AddedLine] = []
    missing: list[str] = []
    cart = None
    for line in last.lines:
        product = await turn.services.catalog.get(turn.store_id, line.sku)
        variant = product.selected_variant if product is not None else None
        stock = variant.stock if variant is not None else product.stock if product else 0
        if product is None or (product.variants and variant is None) or \
                (stock is not None and stock < line.quantity):
            missing.append(line.name + (f" ({' / '.join(line.variant.values())})"
                                        if line.variant else ""))
            continue
        price = variant.price if variant is not None else product.price
        cart = await turn.services.carts.add(
            store_id=turn.store_id, conversation_id=turn.conv_id, sku=line.sku,
            product_sku=product.sku, name=product.name,
            variant=dict(variant.attributes) if variant else {}, unit_price=price,
            quantity=line.quantity, op_key=f"{turn.state['turn_id']}:reorder:{line.sku}")
        added.append(AddedLine(sku=line.sku, name=product.name, variant=line.variant,
                               quantity=line.quantity, unit_price=str(price)))
    cart = cart or await turn.services.carts.open_cart(turn.conv_id)
    update = done({"kind": "reordered", "order": last.summary(), "added_lines": added,
                   "unavailable": missing, "cart": cart_view(cart) if cart else None})
    if cart is not None:
        update["cart"] = cart_summary(cart)
    return update
