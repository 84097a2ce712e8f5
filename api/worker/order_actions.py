"""What a person at the store does to an order, from the console or the command line: ship,
deliver, cancel, approve or refuse an exchange or return.

Each goes through the order tools (the rules live there) and, in the same transaction, queues
the buyer's notice (`order_notices.tell_buyer`): the change and its message happen together
or not at all, and a retried action neither changes nor tells twice.
"""

from __future__ import annotations

from typing import Any

from api.worker.difference_events import ask_for_difference
from api.worker.order_notices import tell_buyer
from balcao.clock import Clock
from balcao.db.connect import Connection
from balcao.store_config import StoreConfigs
from tools.orders import aftersale, lifecycle, returns, review
from tools.orders.notices import last_change_id

ACTIONS = ("ship", "deliver", "cancel", "approve", "refuse")

# What the caller catches and shows: no such order, a change the order's state does not
# allow, or a missing value (tracking code, reason).
OrderActionError = (LookupError, ValueError, lifecycle.OrderStateError)


async def change_order(
    conn: Connection, stores: StoreConfigs, clock: Clock, *, store_id: str, number: str,
    action: str, actor: str, tracking_code: str = "", carrier: str | None = None,
    reason: str = "",
) -> dict[str, Any]:
    """Applies `action` to the order and queues what the buyer is told; returns the order.

    Raises:
        LookupError: No such order.
        ValueError: Unknown action, or a missing tracking code or reason.
        OrderStateError: The order's state does not allow the change.
    """
    common: dict[str, Any] = {"store_id": store_id, "number": number, "actor": actor,
                              "clock": clock}
    async with conn.transaction():
        # Locked first: no other change of this order slips between this point and the tool.
        locked = await lifecycle.locked_order(conn, store_id=store_id, number=number)
        before = await last_change_id(conn, locked["id"])
        if action == "ship":
            order = await lifecycle.ship(conn, tracking_code=tracking_code,
                                         carrier=carrier or None, **common)
        elif action == "deliver":
            order = await lifecycle.deliver(conn, **common)
        elif action == "cancel":
            if not reason.strip():
                raise ValueError("a reason is required to cancel")
            order = await aftersale.cancel_order(conn, reason=reason.strip(), **common)
        elif action == "approve":
            order = await returns.complete_request(conn, policy=stores.get(store_id).returns,
                                                   **common)
            # A higher price still to pay: its link goes to the buyer's conversation.
            await ask_for_difference(conn, clock, order_id=order["id"])
        elif action == "refuse":
            order = await review.refuse_request(conn, reason=reason, **common)
        else:
            raise ValueError(f"unknown order action {action!r}")
        await tell_buyer(conn, stores, clock, order_id=order["id"], after_id=before)
    return order
