"""Webhook deliveries seen from outside: duplicates and bursts."""

from __future__ import annotations

import time

from tests import webhooks
from tests.e2e.test_conversation import BUYER, post
from tests.fakes.graph_api import FakeGraphApi
from tests.service import ServiceProcess


def test_a_redelivered_message_is_acknowledged_and_answered_once(
    service: ServiceProcess, graph_api: FakeGraphApi
) -> None:
    body = webhooks.text("oi", wa_id=BUYER, wamid="wamid.dup1")
    first, second = post(service, body), post(service, body)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["received"] == 1 and second.json()["duplicates"] == 1
    graph_api.wait_for(1, timeout=20)
    time.sleep(1.0)
    assert len(graph_api.messages()) == 1


def test_a_burst_of_messages_is_answered_as_one_turn(
    service: ServiceProcess, graph_api: FakeGraphApi
) -> None:
    for text in ("oi", "tudo bem?", "tem garrafa termica?"):
        assert post(service, webhooks.text(text, wa_id=BUYER)).status_code == 200
    reply = graph_api.wait_for(1, timeout=20)[0]
    time.sleep(1.0)
    assert len(graph_api.messages()) == 1
    assert reply["interactive"]["type"] == "list"  # the search, the last request of the burst
