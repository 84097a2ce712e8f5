"""`checkout`: where the buyer finishes the purchase.

Payment links and order creation are not built yet; until they are, the node says so
plainly and keeps the cart, rather than pretending to take an order.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.sales.context import Context
from graphs.sales.services import conversation_id_for, services_for
from graphs.sales.state import SalesState


async def checkout(state: SalesState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Sets `outcome` to the cart that would be checked out, or an empty-cart notice."""
    services = await services_for(runtime)
    current = await services.carts.open_cart(await conversation_id_for(runtime, services))
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "pending_question": None}
    return {
        "outcome": {
            "kind": "checkout_unavailable",
            "subtotal": str(current.subtotal),
            "items": current.item_count,
        },
        "cart": current.summary(),
        "pending_question": None,
    }
