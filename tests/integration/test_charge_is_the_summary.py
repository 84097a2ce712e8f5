"""No path through the graph places an order whose total differs from the last summary the
buyer saw and confirmed (issue #12).

Random walks (fixed seeds) through the real worker, graph and Postgres: a buyer reaches a
summary, then changes the cart, the shipping or the coupon, taps old and new "Confirmar
pedido" buttons, types "sim" — in any order. Whenever an order appears, its total must be
the total of the last summary shown before the turn that placed it, and that turn must have
come right after that summary or carried its button.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.conftest import receive, rows, tap, worker

SETUP = [("tap", "add:CAN-CAFE-01"), ("say", "quero finalizar"), ("say", "Ana Lima"),
         ("say", "01310-100"), ("say", "Av Paulista, 1000 ap 12"), ("tap", "ship:expressa-sp")]
CHANGES = [("tap", "add:GAR-TERM-500"), ("say", "pera, tira a garrafa"),
           ("say", "tenho o cupom VOLTEI10"), ("tap", "ship:retirada"),
           ("say", "na vdd quero entrega expressa"), ("tap", "checkout")]
YESES = [("say", "sim"), ("say", "pode fechar"), ("tap", "@current"), ("tap", "@first")]


async def _turn(resources: Any, clock: Any, buyer: str, kind: str, value: str) -> None:
    if kind == "tap":
        await tap(resources, clock, value, buyer=buyer)
    else:
        await receive(resources, clock, value, buyer=buyer)
    clock.advance(seconds=2)
    await worker(resources, clock).process_ready()


async def _reply(resources: Any, buyer: str) -> dict[str, Any]:
    state = await resources.graph.aget_state({"configurable": {"thread_id": f"default:{buyer}"}})
    return state.values.get("reply") or {}


async def _orders(resources: Any, buyer: str) -> list[dict[str, Any]]:
    return await rows(resources, "SELECT o.total FROM orders o JOIN conversations c"
                      f" ON c.id = o.conversation_id WHERE c.buyer_id = '{buyer}'")


@pytest.mark.parametrize("seed", range(8))
async def test_an_order_is_always_the_last_summary_the_buyer_confirmed(env, seed) -> None:
    resources, clock = env
    rng = random.Random(seed)
    buyer = f"55119000{seed:05d}"
    summaries: list[tuple[str, Decimal]] = []  # (confirm option id, total), in order shown
    last_was_summary = False
    for kind, value in SETUP:
        await _turn(resources, clock, buyer, kind, value)
    steps = [rng.choice(CHANGES if rng.random() < 0.55 else YESES) for _ in range(9)]
    # The walk ends by asking for checkout and tapping the button of the summary shown, so
    # every walk places an order and the check below always runs.
    for kind, value in [*SETUP[-1:], *steps, ("tap", "checkout"), ("tap", "@current")]:
        reply = await _reply(resources, buyer)
        if reply.get("template") == "order_summary":
            option = next(o["id"] for o in reply["options"] if o["id"].startswith("order:"))
            summaries.append((option, Decimal(reply["fields"]["total"])))
            last_was_summary = True
        if not summaries:
            continue
        if value == "@current":
            value = summaries[-1][0]
        elif value == "@first":
            value = summaries[0][0]
        before = len(await _orders(resources, buyer))
        await _turn(resources, clock, buyer, kind, value)
        placed = await _orders(resources, buyer)
        if len(placed) > before:
            # The order's total is the last summary shown, and the yes answered that summary.
            assert placed[-1]["total"] == summaries[-1][1], (seed, steps, summaries)
            assert last_was_summary or value == summaries[-1][0], (seed, kind, value)
            return
        last_was_summary = False
    pytest.fail(f"seed {seed}: no order was placed ({steps}; summaries {summaries})")
