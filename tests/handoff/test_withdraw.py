"""Closing an escalation the buyer took back (`withdraw`): only one nobody has taken, with
its event, and the CRM's ticket closed and the event logged as for any other close."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from balcao.clock import FrozenClock
from tools.crm.postgres import PostgresCrm
from tools.handoff.crm_sync import CrmSync
from tools.handoff.escalations import assign, withdraw

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


async def _escalation(conn, buyer: str) -> int:
    conv = (await (await conn.execute(
        "INSERT INTO conversations (store_id, buyer_id, thread_id) VALUES"
        " ('default', %s, %s) RETURNING id", (buyer, f"default:{buyer}"))).fetchone())["id"]
    return (await (await conn.execute(
        "INSERT INTO escalations (store_id, conversation_id, turn_id, reason, summary,"
        " created_at, pickup_deadline) VALUES ('default', %s, 't1', 'asked_for_human', %s,"
        " %s, %s) RETURNING id", (conv, json.dumps({"wants": ["atendente"]}), NOW, NOW)
    )).fetchone())["id"]


async def test_a_waiting_request_is_withdrawn_and_the_crm_closes_its_ticket(pool) -> None:
    clock = FrozenClock(NOW)
    sync = CrmSync(pool, PostgresCrm(pool, clock), clock)
    async with pool.connection() as conn:
        escalation = await _escalation(conn, "5511977770001")
    assert await sync.run_once() == 1  # its ticket, opened
    async with pool.connection() as conn:
        assert await withdraw(conn, escalation, inbox_id=None, clock=clock)
        assert not await withdraw(conn, escalation, inbox_id=None, clock=clock)  # once
        row = await (await conn.execute("SELECT status, closed_at FROM escalations")).fetchone()
    assert row == {"status": "withdrawn", "closed_at": NOW}
    assert await sync.run_once() == 2  # the ticket closed, the event logged
    async with pool.connection() as conn:
        ticket = await (await conn.execute("SELECT status, resolution FROM crm_tickets")
                        ).fetchone()
        logged = await (await conn.execute("SELECT kind, data FROM crm_interactions")
                        ).fetchall()
    assert ticket == {"status": "closed", "resolution": "withdrawn"}
    assert logged == [{"kind": "handoff_withdrawn",
                       "data": {"escalation_id": escalation, "status": "withdrawn"}}]


async def test_a_request_a_person_took_is_not_withdrawn(pool) -> None:
    clock = FrozenClock(NOW)
    async with pool.connection() as conn:
        escalation = await _escalation(conn, "5511977770002")
        operator = (await (await conn.execute(
            "INSERT INTO operators (email, name, password_hash, created_at)"
            " VALUES ('w@x', 'W', 'x', now()) RETURNING id")).fetchone())["id"]
        assert await assign(conn, escalation, operator, clock)
        assert not await withdraw(conn, escalation, inbox_id=None, clock=clock)
        row = await (await conn.execute("SELECT status FROM escalations WHERE id = %s",
                                        (escalation,))).fetchone()
    assert row["status"] == "assigned"
