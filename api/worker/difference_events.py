"""A price difference the buyer owes, told in their conversation as a payment event.

The conversation's `aftersale` step answers each event (graphs/sales/aftersale/
difference_steps.py): "owed" (an exchange approved at a higher price) sends the difference's
link or PIX code; "failed" and "expired" say the payment did not go through and offer a new
link. Each event is queued in the transaction that made the change, under a key of its own
(the difference, or the payment that expired), so the buyer hears of it once however often
the approval or the expiry job runs, and a turn that crashes resumes without telling twice.
Outside WhatsApp's 24-hour window the reply goes as the order-update template
(`window.template_messages`).
"""

from __future__ import annotations

from api.inbox import enqueue_payment_event
from api.worker.order_notices import buyer_of
from balcao.clock import Clock
from balcao.db.connect import Connection
from tools.orders.differences import expire_difference_links
from tools.orders.owed import owed

DIFFERENCE_EVENT = {"difference": True}
"""What marks a payment event as a difference's (routed to `aftersale`, not checkout)."""


async def ask_for_difference(conn: Connection, clock: Clock, *, order_id: int) -> bool:
    """Queues the event that sends the buyer the link of the difference the order still owes
    (none owed, or no conversation to tell: False). Call it in the approval's transaction."""
    difference = await owed(conn, order_id)
    if difference is None:
        return False
    buyer = await buyer_of(conn, order_id)
    if buyer is None:
        return False  # an imported order with no WhatsApp buyer: the console shows it owed
    return await enqueue_payment_event(
        conn, conversation_id=buyer["conversation_id"],
        event_key=f"difference-owed:{difference['id']}",
        payment={"order_id": order_id, "payment_id": None, "status": "owed",
                 **DIFFERENCE_EVENT}, clock=clock)


async def expire_differences(conn: Connection, clock: Clock) -> int:
    """Difference links past their time: expired, and each buyer told once. Returns how many
    buyers were told. Call it in a transaction (the maintenance job's)."""
    told = 0
    for expired in await expire_difference_links(conn, clock):
        buyer = await buyer_of(conn, expired["order_id"])
        if buyer is not None:
            told += await enqueue_payment_event(
                conn, conversation_id=buyer["conversation_id"],
                event_key=f"expired:difference-payment-{expired['payment_id']}",
                payment={"order_id": expired["order_id"], "payment_id": expired["payment_id"],
                         "status": "expired", **DIFFERENCE_EVENT}, clock=clock)
    return told
