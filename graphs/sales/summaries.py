"""Small JSON summaries of catalog records, the only form they take in graph state."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graphs.sales.outcomes import CartView, CartViewLine
from graphs.sales.state_types import CartSummary, ShownItem, Suggestion
from tools.cart.models import Cart
from tools.catalog.client import Product, ProductHit


def product_summary(product: Product) -> ShownItem:
    """What a list shown to the buyer needs: sku, name, price (as a string) and stock state."""
    low, high = product.price_range if product.variants else (product.price, product.price)
    summary: ShownItem = {
        "sku": product.sku,
        "name": product.name,
        "price": str(low),
        "in_stock": product.in_stock,
    }
    if high != low:
        summary["price_max"] = str(high)
    return summary


def variant_label(attributes: dict[str, str]) -> str:
    """"42 / preto" from a variant's attributes, in the catalog's order."""
    return " / ".join(str(v) for v in attributes.values())


def available_variants(product: Product) -> list[ShownItem]:
    """The product's variants that can be bought now, as shown in a choice list."""
    return [
        {
            "sku": v.sku,
            "name": f"{product.name} ({variant_label(v.attributes)})",
            "price": str(v.price),
            "in_stock": True,
            "attributes": dict(v.attributes),
        }
        for v in product.variants
        if v.stock is None or v.stock > 0
    ]


def sku_at_position(shown: Sequence[Mapping[str, Any]], ordinal: Any) -> str | None:
    """The sku at a 1-based position of the last list shown (-1 is the last one)."""
    if not isinstance(ordinal, int) or isinstance(ordinal, bool) or not shown:
        return None
    index = len(shown) - 1 if ordinal == -1 else ordinal - 1
    return shown[index]["sku"] if 0 <= index < len(shown) else None


def lines_of(product_sku: str, skus: Iterable[str]) -> list[str]:
    """The skus among these that are that product's: its own, or its variants' (a variant's
    sku begins with its product's, "MOL-CAN-01-GG-PRE" of "MOL-CAN-01")."""
    return [sku for sku in skus if sku == product_sku or sku.startswith(f"{product_sku}-")]


def suggestion_summary(product: Product, reason: str) -> Suggestion:
    """A product summary with why it is suggested ("related", "similar", "best_seller", …)."""
    return Suggestion(**product_summary(product), reason=reason)


def hit_summary(hit: ProductHit) -> ShownItem:
    """A search hit as shown in a list: stock and price as the search's filters see them.

    A dress sold out in blue is "in_stock": False in a search for blue dresses even though it
    sells in beige; prices are those of the variants that match. `variant_skus` lists those
    variants when the filters narrowed the product to some of them.
    """
    summary = product_summary(hit.product)
    summary["in_stock"] = hit.in_stock
    matching = hit.matching_variants
    if matching and len(matching) < len(hit.product.variants):
        low, high = min(v.price for v in matching), max(v.price for v in matching)
        summary["price"] = str(low)
        summary.pop("price_max", None)
        if high != low:
            summary["price_max"] = str(high)
        summary["variant_skus"] = [v.sku for v in matching[:5]]
    return summary


def cart_summary(cart: Cart) -> CartSummary:
    """The open cart as the state keeps it (as `Cart.summary()` makes it)."""
    return CartSummary(cart_id=cart.id, items=cart.item_count, subtotal=str(cart.subtotal),
                       skus=[line.sku for line in cart.lines])


def cart_view(cart: Cart) -> CartView:
    """The cart as a reply shows it: lines with totals, subtotal, all money as strings."""
    return CartView(
        lines=[CartViewLine(sku=line.sku, name=line.name, variant=line.variant,
                            quantity=line.quantity, unit_price=str(line.unit_price),
                            total=str(line.line_total))
               for line in cart.lines],
        subtotal=str(cart.subtotal),
        currency=cart.currency,
        items=cart.item_count,
    )
