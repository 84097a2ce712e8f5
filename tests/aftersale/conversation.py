"""A buyer talking to the real graph, worker and Postgres about orders (tests of the
after-sale conversation); the operator's side through the same lifecycle tools as the CLI."""

from __future__ import annotations

from typing import Any

from api.resources import Resources
from balcao.clock import FrozenClock
from tests.integration.conftest import last_reply, receive, tap, text_of, worker
from tools.orders.lifecycle import deliver, ship
from tools.orders.payments import apply_notification
from tools.payments.base import PaymentNotification

STORE = "default"


class Buyer:
    """One WhatsApp buyer: says things, taps options, reads the rendered reply."""

    def __init__(self, resources: Resources, clock: FrozenClock, wa_id: str) -> None:
        self.resources, self.clock, self.wa_id = resources, clock, wa_id

    async def say(self, text: str) -> str:
        await receive(self.resources, self.clock, text, buyer=self.wa_id)
        return await self._answer()

    async def tap(self, option_id: str) -> str:
        await tap(self.resources, self.clock, option_id, buyer=self.wa_id)
        return await self._answer()

    async def hears(self) -> str:
        """What the bot says on its own (an event's turn: a payment settled)."""
        return await self._answer()

    async def _answer(self) -> str:
        self.clock.advance(seconds=1)
        await worker(self.resources, self.clock).process_ready()
        return text_of(await last_reply(self.resources))

    async def buys(self, *messages: str, again: bool = False) -> dict[str, Any]:
        """Adds what `messages` ask for, checks out for pickup and pays; returns the order.
        `again`: the buyer bought before (name known, the last address offered)."""
        for message in messages:
            await self.say(message)
        await self.say("quero finalizar")
        if again:
            await self.tap("address:last")
        else:
            for step in ("Maria Souza", "04567-000", "Rua das Flores, 123"):
                await self.say(step)
        await self.tap("ship:retirada")
        await self.say("sim")
        order = await self.latest_order()
        async with self.resources.pool.connection() as conn:
            cur = await conn.execute("SELECT token FROM payments WHERE order_id = %s",
                                     (order["id"],))
            token = (await cur.fetchone())["token"]  # type: ignore[index]
            await apply_notification(conn, "sandbox", self.paid(token), self.clock)
        return await self.latest_order()

    @staticmethod
    def paid(token: str) -> PaymentNotification:
        """The sandbox provider's "paid" for the payment with this token."""
        return PaymentNotification(event_id=f"evt-{token}", token=token, provider_ref=None,
                                   status="paid", amount=None)

    async def latest_order(self) -> dict[str, Any]:
        async with self.resources.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT o.* FROM orders o JOIN conversations c ON c.id = o.conversation_id"
                " WHERE c.buyer_id = %s ORDER BY o.id DESC LIMIT 1", (self.wa_id,))
            return dict(await cur.fetchone())  # type: ignore[arg-type]


async def ship_and_deliver(resources: Resources, clock: FrozenClock, number: str, *,
                           delivered: bool = True) -> None:
    """The operator ships the order (tracking code, carrier) and, if asked, delivers it."""
    async with resources.pool.connection() as conn:
        await ship(conn, store_id=STORE, number=number, tracking_code="BR123456789BR",
                   carrier="Correios", actor="operator:cli", clock=clock)
        if delivered:
            await deliver(conn, store_id=STORE, number=number, actor="operator:cli",
                          clock=clock)
