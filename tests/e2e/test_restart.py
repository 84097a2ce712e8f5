"""Crash and restart of the service process: nothing lost, nothing answered twice."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg

from tests import webhooks
from tests.e2e.test_conversation import BUYER, cart_lines, option_ids, post, say
from tests.fakes.graph_api import FakeGraphApi
from tests.service import ServiceProcess


def wait_until_outbox_settled(db_url: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    with psycopg.connect(db_url, autocommit=True) as conn:
        while conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]:
            assert time.monotonic() < deadline, "outbox never settled"
            time.sleep(0.05)


def test_message_acknowledged_then_killed_is_answered_once_after_restart(
    service_env: dict[str, str], graph_api: FakeGraphApi, db_url: str, tmp_path: Path
) -> None:
    # A long debounce keeps the worker from answering before the kill.
    slow = ServiceProcess(service_env | {"BALCAO_DEBOUNCE_MS": "60000"},
                          tmp_path / "slow.log").start()
    assert post(slow, webhooks.text("oi", wa_id=BUYER, wamid="wamid.crash1")).status_code == 200
    slow.kill()
    with psycopg.connect(db_url) as conn:
        assert conn.execute("SELECT status FROM inbox").fetchall() == [("pending",)]
        assert conn.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    assert graph_api.messages() == []

    restarted = ServiceProcess(service_env, tmp_path / "restarted.log").start()
    try:
        graph_api.wait_for(1, timeout=20)
        time.sleep(1.5)  # time enough for a wrong second answer to show up
        assert len(graph_api.messages()) == 1
        # A redelivery of the same message after the restart is not answered again.
        again = post(restarted, webhooks.text("oi", wa_id=BUYER, wamid="wamid.crash1"))
        assert again.json()["duplicates"] == 1
        time.sleep(1.0)
        assert len(graph_api.messages()) == 1
    finally:
        restarted.stop()


def test_conversation_continues_where_it_was_after_a_restart(
    service_env: dict[str, str], graph_api: FakeGraphApi, db_url: str, tmp_path: Path
) -> None:
    first = ServiceProcess(service_env, tmp_path / "first.log").start()
    results = say(first, graph_api, "tem garrafa termica?")
    second_sku = option_ids(results)[1].removeprefix("show:")
    wait_until_outbox_settled(db_url)  # between two messages: the first turn is fully done
    first.kill()

    second = ServiceProcess(service_env, tmp_path / "second.log").start()
    try:
        say(second, graph_api, "quero a segunda")  # resolves against the list shown before
        assert cart_lines(db_url) == [(second_sku, 1)]
    finally:
        second.stop()
