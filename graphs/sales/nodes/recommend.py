"""`recommend`: complements after an item is added, alternatives when a search found nothing."""

from __future__ import annotations

from langgraph.runtime import Runtime

from graphs.sales.context import Context
from graphs.sales.runtime import context_of, services_for
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.summaries import suggestion_summary

SUGGESTION_LIMIT = 3


async def recommend(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Sets `suggestions`: in stock, never already in the cart.

    After an add: hand-picked complements, then products bought together in paid orders, then
    similar ones, then best sellers of the category. After a search that found nothing:
    products near the query in meaning, then the store's best sellers; the outcome also gets
    the categories to browse.
    """
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
    selling = services.stores.get(store_id).persuasion
    if seeds and not selling.enabled("cross_sell"):
        return {"suggestions": []}  # the store turned cross-selling off
    query = outcome.get("query") if outcome.get("kind") == "no_results" else None
    picks = await services.catalog.recommend(
        store_id, seeds, exclude=in_cart | set(seeds), limit=SUGGESTION_LIMIT, query=query
    )
    suggestions = [suggestion_summary(pick.product, pick.reason) for pick in picks]
    if seeds:
        return {"suggestions": suggestions}
    categories = await services.catalog.categories(store_id)
    return {
        "suggestions": suggestions,
        "outcome": outcome | {
            "categories": [{"name": name, "count": count} for name, count in categories],
            "suggestions": suggestions,
        },
    }
