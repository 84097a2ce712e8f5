"""Small JSON summaries of catalog records, the only form they take in graph state."""

from __future__ import annotations

from typing import Any

from tools.catalog.client import Product, ProductHit


def product_summary(product: Product) -> dict[str, Any]:
    """What a list shown to the buyer needs: sku, name, price (as a string) and stock state."""
    low, high = product.price_range if product.variants else (product.price, product.price)
    summary: dict[str, Any] = {
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


def available_variants(product: Product) -> list[dict[str, Any]]:
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


def sku_at_position(shown: list[dict[str, Any]], ordinal: Any) -> str | None:
    """The sku at a 1-based position of the last list shown (-1 is the last one)."""
    if not isinstance(ordinal, int) or isinstance(ordinal, bool) or not shown:
        return None
    index = len(shown) - 1 if ordinal == -1 else ordinal - 1
    return shown[index]["sku"] if 0 <= index < len(shown) else None


def suggestion_summary(product: Product, reason: str) -> dict[str, Any]:
    """A product summary with why it is suggested ("related", "similar", "best_seller", …)."""
    return product_summary(product) | {"reason": reason}


def hit_summary(hit: ProductHit) -> dict[str, Any]:
    """A search hit as shown in a list: stock and price as the search's filters see them.

    A dress sold out in blue is "in_stock": False in a search for blue dresses even though it
    sells in beige; prices are those of the variants that match. `variant_skus` lists those
    variants when the filters narrowed the product to some of them.
    """
    summary = product_summary(hit.product) | {"in_stock": hit.in_stock}
    matching = hit.matching_variants
    if matching and len(matching) < len(hit.product.variants):
        low, high = min(v.price for v in matching), max(v.price for v in matching)
        summary["price"] = str(low)
        summary.pop("price_max", None)
        if high != low:
            summary["price_max"] = str(high)
        summary["variant_skus"] = [v.sku for v in matching[:5]]
    return summary
