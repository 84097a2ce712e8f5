"""Doing what the buyer said yes to, once: every tool here is safe to run again (the order
is locked, money moves under keys derived from the order), so a turn that crashes and
resumes finds the work done and tells the same thing."""

from __future__ import annotations

import logging
from typing import Any, cast

from graphs.sales.aftersale.orders import provider_of, refunds_of, reload, tracked
from graphs.sales.aftersale.plans import Plan
from graphs.sales.aftersale.turn import AftersaleTurn, done
from graphs.sales.checkout_types import Address
from graphs.sales.outcomes import Outcome
from graphs.sales.payment_steps import reoffer_payment
from graphs.sales.state import SalesUpdate
from tools.orders.account import ensure_saved_method
from tools.orders.aftersale import cancel_order, modify_address, modify_items
from tools.orders.models import Order
from tools.orders.refunds import send_refunds
from tools.orders.returns import request_exchange, request_return
from tools.payments.refunds import RefundProvider

log = logging.getLogger(__name__)
ACTOR = "buyer"
CANCEL_REASON = "asked by the buyer in the conversation"


async def execute(turn: AftersaleTurn, order: Order, plan: Plan) -> SalesUpdate:
    """Carries out the plan the buyer confirmed and says what was done."""
    task = plan.data["task"]
    if task == "cancel":
        return await _cancel(turn, order)
    common: dict[str, Any] = {"store_id": turn.store_id, "number": order.number, "actor": ACTOR,
              "clock": turn.services.clock}
    extra: SalesUpdate = {}
    async with turn.services.pool.connection() as conn:
        if task == "change_address":
            if order.address != plan.data["address"]:  # run again: already changed
                await modify_address(conn, address=_plain(plan.data["address"]), **common)
        else:
            method_id = await ensure_saved_method(conn, order.id, await provider_of(
                conn, order, order.payment_method or "sandbox"))
            if task == "return":
                await request_return(conn, item_ids=plan.data["items"], method_id=method_id,
                                     **common)
            elif task == "exchange":
                await request_exchange(conn, item_ids=plan.data["items"],
                                       new_item_ids=plan.data["new_items"],
                                       method_id=method_id, **common)
            else:
                await modify_items(conn, item_ids=plan.data["items"],
                                   new_item_ids=plan.data["new_items"], method_id=method_id,
                                   **common)
        order = await reload(conn, order)
        shown = await tracked(conn, order)
    outcome: Outcome = cast(Outcome, dict(plan.fields)) | {"order": shown}
    if task in ("return", "exchange"):
        return done(outcome | {"kind": "aftersale_requested"})
    if task == "change_variant" and order.status == "pending_payment":
        # The old link charged the old total: a new one for the new total.
        fresh = await reoffer_payment(turn.services, turn.context, order.id)
        if payment := (fresh.get("outcome") or {}).get("payment"):
            outcome["payment"] = payment
        if "awaiting_payment" in fresh:
            extra["awaiting_payment"] = fresh["awaiting_payment"]
        if "checkout" in fresh:
            extra["checkout"] = fresh["checkout"]
    return done(outcome | {"kind": "order_changed"}, extra)


async def _cancel(turn: AftersaleTurn, order: Order) -> SalesUpdate:
    """Cancels, sends the refunds to their providers (once per key), says what went back."""
    async with turn.services.pool.connection() as conn:
        await cancel_order(conn, store_id=turn.store_id, number=order.number,
                           reason=CANCEL_REASON, actor=ACTOR, clock=turn.services.clock)
        await send_refunds(conn, _refund_providers(turn, await refunds_of(conn, order.id)),
                           turn.services.clock, order_id=order.id)
        order = await reload(conn, order)
        outcome: Outcome = {"kind": "order_cancelled", "order": await tracked(conn, order),
                            "refunds": await refunds_of(conn, order.id)}
    extra: SalesUpdate = {}
    waiting = turn.state.get("awaiting_payment")
    if (waiting is not None and waiting["order_id"] == order.id) or \
            (turn.state.get("checkout") or {}).get("order_id") == order.id:
        extra = {"awaiting_payment": None, "checkout": {}}  # nothing left to pay
    return done(outcome, extra)


def _refund_providers(turn: AftersaleTurn, refunds: list[dict[str, str]] | list) -> dict[
        str, RefundProvider]:
    """The providers the pending refunds go through; one not configured here leaves its
    refund pending for `balcao orders send-refunds`."""
    providers: dict[str, RefundProvider] = {}
    for name in {r["provider"] for r in refunds if r["status"] == "pending"}:
        try:
            provider = turn.services.gateway.provider(name)
        except ValueError as exc:
            log.warning("refunds through %s wait: %s", name, exc)
            continue
        if hasattr(provider, "refund"):
            providers[name] = cast(RefundProvider, provider)
    return providers


def _plain(address: Address) -> dict[str, str]:
    return {"street": address["street"], "cep": address["cep"], "uf": address["uf"]}
