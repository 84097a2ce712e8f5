""""Troca o tamanho pra G": changing a cart line to another variant of the same product."""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.inbound import state_text
from tools.catalog.text import fold

_CHANGE = re.compile(r"\b(troca|trocar|troque|muda|mudar|mude|altera|alterar|change|swap"
                     r"|switch)\b")


def wants_variant_swap(state: dict[str, Any]) -> bool:
    """A change of size or colour asked while the cart has items (before any purchase)."""
    entities = (state.get("classification") or {}).get("entities") or {}
    return bool(
        (state.get("cart") or {}).get("skus")
        and (entities.get("size") or entities.get("color"))
        and _CHANGE.search(fold(state_text(state.get("inbound") or [])))
    )


def swap_target(product: Any, current_sku: str, entities: dict[str, Any]) -> Any:
    """The in-stock variant that keeps the current one's attributes except the ones asked."""
    current = next((v for v in product.variants if v.sku == current_sku), None)
    if current is None:
        return None
    wanted = {key: fold(str(entities[key])) for key in ("size", "color") if entities.get(key)}
    for variant in product.variants:
        if variant.sku == current_sku or not (variant.stock is None or variant.stock > 0):
            continue
        values = {fold(str(v)) for v in variant.attributes.values()}
        if not all(w in values for w in wanted.values()):
            continue
        kept = {fold(str(v)) for v in current.attributes.values()} - _asked_values(
            current.attributes, wanted)
        if kept <= values:
            return variant
    return None


def _asked_values(attributes: dict[str, str], wanted: dict[str, str]) -> set[str]:
    """The current variant's values of the attributes the buyer is changing."""
    keys = {"size": {"tamanho", "size", "numero", "número"}, "color": {"cor", "color"}}
    return {fold(str(v)) for k, v in attributes.items()
            if any(fold(k) in {fold(x) for x in keys[w]} for w in wanted)}
