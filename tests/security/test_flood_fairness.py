"""Finding 4, the goal: other buyers are served as usual while one buyer floods.

Proven on scheduling, not on wall-clock time (which flakes on a shared machine): the worker,
asked what to run, runs the other buyers' turns and at most one bounded turn of the flooding
buyer (a full-length text is a turn of its own and counts as the turns it fills); the
flooder's backlog is due only later, at its buyer's rate, so it never takes the worker ahead
of anyone; in the end every stored message is answered once. The wall-clock
figures are the benchmark's: `python -m evals.load --flood-messages 500`.
"""

from __future__ import annotations

import json
from typing import Any

import psycopg
from starlette.testclient import TestClient

from api.buyer_limits import BUYER_BURST, FLOOD_REPLY, turns_worth
from api.worker.conversations import ConversationWorker
from balcao.clock import FrozenClock
from evals.load.flood import flood_text
from tests import webhooks
from tests.integration.conftest import TIMING
from tests.security.conftest import AppFactory

FLOODER, OTHER, LATE = "5511900000101", "5511900000102", "5511900000103"
RATE = 12
FLOOD = 20
DEBOUNCE = TIMING.debounce.total_seconds() + 0.05


def _rows(db_url: str, sql: str, params: Any = None) -> list[tuple]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def _send(client: TestClient, text: str, buyer: str) -> dict[str, Any]:
    response = client.post("/webhooks/whatsapp", content=json.dumps(
        webhooks.text(text, wa_id=buyer)))
    assert response.status_code == 200, response.text
    return response.json()


def _turns(client: TestClient, clock: FrozenClock) -> int:
    """Asks the worker once to run what is ready; returns how many turns it ran."""
    resources: Any = client.app_state["resources"]
    worker = ConversationWorker(resources.pool, resources.graph, resources.services, clock,
                                TIMING, concurrency=8)
    assert client.portal is not None
    return client.portal.call(worker.process_ready)


def _answered(db_url: str, buyer: str) -> int:
    (count,), = _rows(db_url, "SELECT count(*) FROM outbox WHERE recipient = %s AND"
                              " payload->'text'->>'body' IS DISTINCT FROM %s",
                      (buyer, FLOOD_REPLY))
    return count


def _flooder_inbox(db_url: str) -> list[tuple]:
    """(status, messages, turns) of the flooding buyer's stored messages."""
    return _rows(db_url, "SELECT status, count(*), count(DISTINCT turn_id) FROM inbox i JOIN"
                         " conversations c ON c.id = i.conversation_id WHERE c.buyer_id = %s"
                         " GROUP BY 1 ORDER BY 1", (FLOODER,))


def test_a_flooding_buyer_never_takes_the_worker_ahead_of_the_others(
    make_client: AppFactory, clock: FrozenClock, db_url: str
) -> None:
    client = make_client(BALCAO_INSECURE_DEV_WEBHOOK="true",
                         BALCAO_BUYER_MESSAGES_PER_MINUTE=str(RATE))
    answers = [_send(client, flood_text(n), FLOODER) for n in range(FLOOD)]
    # A full-length text counts as the turns it fills (`turns_worth`): RATE / BUYER_BURST
    # of them are stored, the rest acknowledged and not stored.
    stored = RATE // BUYER_BURST
    assert turns_worth({"text": flood_text(0)}) == BUYER_BURST
    assert sum(a["received"] for a in answers) == stored
    assert sum(a.get("throttled", 0) for a in answers) == FLOOD - stored
    _send(client, "oi, tem garrafa térmica?", OTHER)
    clock.advance(seconds=DEBOUNCE)

    # Now: the other buyer's turn, and one bounded turn of the flood (a full-length text is
    # a turn of its own); the flood's backlog waits for its time.
    assert _turns(client, clock) == 2
    assert _answered(db_url, OTHER) >= 1
    assert _flooder_inbox(db_url) == [("done", 1, 1), ("pending", stored - 1, 0)]
    assert _turns(client, clock) == 0  # nothing of the backlog is due yet

    # A buyer who writes while the backlog waits is answered at once, alone.
    _send(client, "oi", LATE)
    clock.advance(seconds=DEBOUNCE)
    assert _rows(db_url, "SELECT min(retry_at) > %s FROM inbox WHERE status = 'pending'",
                 (clock.now(),)) == [(True,)]
    assert _turns(client, clock) == 1 and _answered(db_url, LATE) >= 1

    # The backlog follows at the buyer's rate, one long text a turn: every stored message
    # answered, once.
    for _ in range(stored - 1):
        clock.advance(seconds=60 / RATE * BUYER_BURST)
        assert _turns(client, clock) == 1
    assert _flooder_inbox(db_url) == [("done", stored, stored)]
    twice = _rows(db_url, "SELECT data->>'turn_id' FROM conversation_events WHERE type = 'turn'"
                          " GROUP BY conversation_id, 1 HAVING count(*) > 1")
    assert twice == []
    polite = _rows(db_url, "SELECT count(*) FROM outbox WHERE recipient = %s AND"
                           " payload->'text'->>'body' = %s", (FLOODER, FLOOD_REPLY))
    assert polite == [(1,)]
