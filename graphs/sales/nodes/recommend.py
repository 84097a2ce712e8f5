"""`recommend`: complements after an item is added, alternatives when a search found nothing."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.sales.context import Context
from graphs.sales.services import context_of, services_for
from graphs.sales.state import SalesState
from graphs.sales.summaries import product_summary

SUGGESTION_LIMIT = 3


async def recommend(state: SalesState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Sets `suggestions`: in stock, never already in the cart."""
    services = await services_for(runtime)
    store_id = context_of(runtime).store_id
    outcome = state.get("outcome") or {}
    in_cart = set((state.get("cart") or {}).get("skus") or [])
    if outcome.get("kind") == "added":
        seeds = [outcome["line"]["sku"]]
    elif outcome.get("kind") == "order_reconciled":
        seeds = [item["sku"] for item in outcome.get("added") or []]
    else:
        seeds = []
    if not seeds:
        categories = await services.catalog.categories(store_id)
        return {"suggestions": [], "outcome": outcome | {
            "categories": [{"name": name, "count": count} for name, count in categories]
        }}
    products = await services.catalog.related(
        store_id, seeds, exclude=in_cart | set(seeds), limit=SUGGESTION_LIMIT
    )
    suggestions = [product_summary(p) for p in products if p.in_stock]
    return {"suggestions": suggestions}
