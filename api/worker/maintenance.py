"""Periodic upkeep: expire unpaid orders (their stock goes back), remind abandoned carts,
return escalations nobody picked up to the bot, copy handoff records to the CRM, and send
pending refunds (telling each buyer once the money went back)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from psycopg_pool import AsyncConnectionPool

from api.channels.whatsapp.render import render_whatsapp
from api.inbox import enqueue_handoff_event, enqueue_payment_event
from api.render.text import list_button_label, render_body
from api.worker.difference_events import expire_differences
from api.worker.outbox import enqueue
from api.worker.refund_runs import send_pending_refunds
from api.worker.window import template_messages, within_service_window
from balcao.clock import Clock
from balcao.messages import Reply, ReplyOption
from graphs.sales import actions
from tools.catalog.product_cache import fold_catalog_changes
from tools.conversations.checkpoints import prune_all
from tools.handoff.crm_sync import CrmSync
from tools.handoff.escalations import time_out_overdue
from tools.orders.payments import expire_overdue
from tools.orders.queries import latest_payment
from tools.privacy.retention import apply_retention_everywhere

log = logging.getLogger(__name__)


class Maintenance:
    """Runs the periodic jobs; each is safe to run from several processes at once."""

    def __init__(self, pool: AsyncConnectionPool, services: Any, clock: Clock,
                 turn_wake: asyncio.Event | None = None,
                 outbox_wake: asyncio.Event | None = None) -> None:
        self._pool = pool
        self._services = services
        self._clock = clock
        self._turn_wake = turn_wake
        self._outbox_wake = outbox_wake

    async def run_once(self) -> None:
        await self.expire_orders()
        await self.remind_abandoned_carts()
        await self.time_out_escalations()
        await self.sync_crm()
        await self.send_refunds()
        await self.apply_retention()
        await self.prune_checkpoints()
        await self.fold_catalog_changes()

    async def time_out_escalations(self) -> int:
        """Escalations past their pickup deadline go back to the bot (an apology and a way to
        leave a message); they stay listed in the console."""
        async with self._pool.connection() as conn, conn.transaction():
            timed_out = await time_out_overdue(conn, self._clock)
            for event in timed_out:
                await enqueue_handoff_event(conn, event, self._clock)
        if timed_out and self._turn_wake is not None:
            self._turn_wake.set()
        return len(timed_out)

    async def send_refunds(self) -> int:
        """Refunds waiting for their provider are sent (retried next run when it fails); the
        buyer is told of each one that went through. One process at a time."""
        async with self._pool.connection() as conn:
            sent = await send_pending_refunds(conn, self._services.gateway,
                                              self._services.stores, self._clock)
        if sent and self._outbox_wake is not None:
            self._outbox_wake.set()
        return len(sent or [])

    async def apply_retention(self) -> int:
        """Personal data past its store's retention periods (`privacy.retention`) is removed."""
        async with self._pool.connection() as conn:
            return await apply_retention_everywhere(conn, self._services.stores, self._clock)

    async def prune_checkpoints(self) -> int:
        """Each conversation keeps its last BALCAO_CHECKPOINTS_KEEP checkpoints (whole turns)
        and its pinned turns; returns how many older ones were deleted."""
        async with self._pool.connection() as conn:
            return await prune_all(conn, self._services.gateway.settings.checkpoints_keep)

    async def fold_catalog_changes(self) -> int:
        """Each store's catalog change rows folded into one (its version unchanged)."""
        async with self._pool.connection() as conn:
            return await fold_catalog_changes(conn)

    async def sync_crm(self) -> int:
        """Tickets and interactions to the configured CRM (retried next run on failure)."""
        return await CrmSync(self._pool, self._services.crm, self._clock).run_once()

    async def expire_orders(self) -> int:
        """Unpaid orders past their hold: stock released, the waiting conversation told."""
        async with self._pool.connection() as conn, conn.transaction():
            expired = await expire_overdue(conn, self._clock)
            told = await expire_differences(conn, self._clock)  # difference links, too
            for order in expired:
                if order.conversation_id is None:
                    continue
                payment = await latest_payment(conn, order.id)
                await enqueue_payment_event(
                    conn, conversation_id=order.conversation_id,
                    event_key=f"expired:order-{order.id}",
                    payment={"order_id": order.id, "status": "expired",
                             "payment_id": payment.id if payment else None},
                    clock=self._clock,
                )
        if (expired or told) and self._turn_wake is not None:
            self._turn_wake.set()
        return len(expired) + told

    async def remind_abandoned_carts(self) -> int:
        """One reminder per cart left with items, never to a buyer who said no."""
        now = self._clock.now()
        sent = 0
        async with self._pool.connection() as conn, conn.transaction():
            cur = await conn.execute(
                "SELECT c.id, c.store_id, c.conversation_id, c.updated_at, v.buyer_id,"
                " v.last_inbound_at FROM carts c JOIN conversations v ON v.id = c.conversation_id"
                " WHERE c.status = 'open' AND c.reminded_at IS NULL AND NOT c.reminders_declined"
                " AND EXISTS (SELECT 1 FROM cart_lines l WHERE l.cart_id = c.id)"
                " FOR UPDATE OF c SKIP LOCKED"
            )
            for cart in await cur.fetchall():
                messaging = self._services.stores.get(cart["store_id"]).messaging
                if cart["updated_at"] > now - timedelta(hours=messaging.abandoned_cart_hours):
                    continue
                current = await self._services.carts.open_cart(cart["conversation_id"])
                if current is None or not current.lines:
                    continue
                reply = Reply(template="cart_reminder",
                              fields={"items": current.item_count,
                                      "subtotal": str(current.subtotal)},
                              options=[ReplyOption(id=actions.checkout(), title="Finalizar compra"),
                                       ReplyOption(id=actions.view_cart(), title="Ver carrinho")])
                if within_service_window(cart["last_inbound_at"], now):
                    payloads = render_whatsapp(reply, render_body(reply), cart["buyer_id"],
                                               list_button=list_button_label(reply.lang))
                else:
                    payloads = template_messages(reply, messaging, cart["buyer_id"])
                await enqueue(conn, store_id=cart["store_id"],
                              conversation_id=cart["conversation_id"], channel="whatsapp",
                              recipient=cart["buyer_id"], payloads=payloads,
                              key_prefix=f"cart-reminder:{cart['id']}", clock=self._clock)
                await conn.execute("UPDATE carts SET reminded_at = %s WHERE id = %s",
                                   (now, cart["id"]))
                sent += 1
        if sent and self._outbox_wake is not None:
            self._outbox_wake.set()
        return sent

    async def run(self, stop: asyncio.Event, every_seconds: float) -> None:
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("maintenance failed; retrying")
            try:
                await asyncio.wait_for(stop.wait(), timeout=every_seconds)
            except TimeoutError:
                pass
