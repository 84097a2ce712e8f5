"""Experiment assignment and the reports' arithmetic on a known set of events and orders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.service import REPO
from tools.conversations.threads import ensure_conversation
from tools.experiments.assignment import assign
from tools.experiments.report import experiment_figures, funnel
from tools.experiments.stats import two_proportion_p_value, wilson

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def test_assignment_is_deterministic_and_balanced() -> None:
    buyers = [f"55119{i:08d}" for i in range(4000)]
    first = [assign("price-copy", ["control", "installments"], b) for b in buyers]
    assert first == [assign("price-copy", ["control", "installments"], b) for b in buyers]
    counts = Counter(first)
    assert abs(counts["control"] - 2000) < 150  # about half each
    other = [assign("another", ["control", "installments"], b) for b in buyers]
    assert first != other  # experiments split buyers independently
    with pytest.raises(ValueError):
        assign("empty", [], "x")


def test_wilson_and_z_test_against_known_values() -> None:
    interval = wilson(10, 100)  # textbook: 0.0552 - 0.1744
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.0552, 0.1744)
    assert wilson(0, 0).low == 0.0 and wilson(0, 0).high == 1.0
    # 20/100 vs 10/100: z = 1.98, two-sided p = 0.0477
    assert round(two_proportion_p_value(20, 100, 10, 100), 4) == 0.0477
    assert two_proportion_p_value(5, 50, 5, 50) == 1.0


async def _buyer(conn, n: int, variant: str | None, *, added: bool, paid: Decimal | None,
                 template: str = "search_results") -> None:
    conv = await ensure_conversation(conn, store_id="default", buyer_id=f"buyer-{n}")
    await conn.execute(
        "INSERT INTO inbox (store_id, channel, external_id, conversation_id, kind, message,"
        " received_at) VALUES ('default', 'whatsapp', %s, %s, 'text', '{}', %s)",
        (f"wamid.{n}", conv, T0))
    await conn.execute(
        "INSERT INTO conversation_events (store_id, conversation_id, type, data, occurred_at)"
        " VALUES ('default', %s, 'turn', %s, %s)", (conv, json.dumps({"template": template}), T0))
    if variant is not None:
        await conn.execute(
            "INSERT INTO conversation_events (store_id, conversation_id, type, data, occurred_at)"
            " VALUES ('default', %s, 'experiment_exposure', %s, %s)",
            (conv, json.dumps({"experiment": "price-copy", "variant": variant,
                               "position": "0" if variant == "control" else "1"}), T0))
    later = T0 + timedelta(minutes=5)
    if added or paid is not None:
        cur = await conn.execute(
            "INSERT INTO carts (store_id, conversation_id, status, created_at, updated_at)"
            " VALUES ('default', %s, 'ordered', %s, %s) RETURNING id", (conv, later, later))
        cart = (await cur.fetchone())["id"]
        await conn.execute(
            "INSERT INTO cart_ops (op_key, cart_id, op, applied_at) VALUES (%s, %s, %s, %s)",
            (f"op-{n}", cart, json.dumps({"op": "add", "sku": "X", "quantity": 1}), later))
    if paid is not None:
        await conn.execute(
            "INSERT INTO orders (store_id, number, conversation_id, status, currency, subtotal,"
            " total, created_at, updated_at) VALUES ('default', %s, %s, 'paid', 'BRL', %s, %s,"
            " %s, %s)", (str(1000 + n), conv, paid, paid, later, later))


async def test_reports_count_exactly_on_a_known_event_set(pool, db_url: str) -> None:
    async with pool.connection() as conn:
        # control: 10 buyers, 4 added, 2 paid (100.00 + 50.50)
        for n in range(10):
            await _buyer(conn, n, "control", added=n < 4,
                         paid={0: Decimal("100.00"), 1: Decimal("50.50")}.get(n))
        # installments: 10 buyers, 6 added, 5 paid of 80.10 each
        for n in range(10, 20):
            await _buyer(conn, n, "installments", added=n < 16,
                         paid=Decimal("80.10") if n < 15 else None)
        # not in the experiment: a greeting only
        await _buyer(conn, 99, None, added=False, paid=None, template="greeting")
        figures = await experiment_figures(conn, "default")
        steps = dict(await funnel(conn, "default"))

    control, treatment = figures
    assert (control.variant, control.buyers, control.carts, control.paid) == ("control", 10, 4, 2)
    assert control.revenue == Decimal("150.50") and control.p_value is None
    assert (treatment.buyers, treatment.carts, treatment.checkouts, treatment.paid) == (
        10, 6, 5, 5)
    assert treatment.revenue == Decimal("400.50")
    assert treatment.p_value == pytest.approx(two_proportion_p_value(5, 10, 2, 10))
    assert not treatment.significant  # 50% vs 20% on 10 buyers each is not enough
    assert steps == {"first message": 21, "searched": 20, "added to cart": 10,
                     "started checkout": 7, "placed order": 7, "paid": 7}

    env = {**os.environ, "DATABASE_URL": db_url}
    out = subprocess.run([sys.executable, "-m", "api.cli.main", "report", "experiments",
                          "--json"], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["variant"], r["paid"], r["revenue"]) for r in rows] == [
        ("control", 2, "150.50"), ("installments", 5, "400.50")]
    table = subprocess.run([sys.executable, "-m", "api.cli.main", "report", "funnel"],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert "paid" in table.stdout and "33.3%" in table.stdout  # 7 of 21
