"""The CRM interface: the Postgres implementation, and HubSpot against a local fake of its
CRM v3 API; the sync job copies tickets and interactions out, retrying after failures."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from balcao.clock import FrozenClock
from tests.fakes.hubspot_api import FakeHubSpotApi
from tools.crm.base import CrmError, Interaction, TicketRequest
from tools.crm.hubspot import HubSpotCrm
from tools.crm.postgres import PostgresCrm
from tools.handoff.crm_sync import CrmSync

BUYER = "5511977776666"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TOKEN = "hs-token"


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpotApi]:
    with FakeHubSpotApi(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def _paid_order(pool, total: str) -> None:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "INSERT INTO customers (store_id, buyer_id, name, created_at, updated_at)"
            " VALUES ('default', %s, 'Joana', now(), now()) ON CONFLICT (store_id, buyer_id)"
            " DO UPDATE SET name = EXCLUDED.name RETURNING id", (BUYER,))
        customer = (await cur.fetchone())["id"]
        await conn.execute(
            "INSERT INTO orders (store_id, number, customer_id, status, currency, subtotal,"
            " total, created_at, updated_at) VALUES ('default', %s, %s, 'paid', 'BRL', %s, %s,"
            " now(), now())", (f"N{total}", customer, total, total))


async def test_postgres_profile_counts_paid_orders_and_keeps_the_vip_flag(pool) -> None:
    crm = PostgresCrm(pool, FrozenClock(NOW))
    assert (await crm.profile("default", BUYER)).model_dump() == {
        "buyer_id": BUYER, "name": None, "vip": False, "orders": 0, "spend": Decimal("0"),
        "external_id": None}
    await _paid_order(pool, "120.50")
    await _paid_order(pool, "79.50")
    await crm.set_vip("default", BUYER, True)
    profile = await crm.profile("default", BUYER)
    assert (profile.name, profile.vip, profile.orders, profile.spend) == (
        "Joana", True, 2, Decimal("200.00"))


async def test_postgres_tickets_and_interactions_are_recorded_once(pool) -> None:
    crm = PostgresCrm(pool, FrozenClock(NOW))
    request = TicketRequest(subject="s", source_key="escalation:1", priority="HIGH")
    first = await crm.open_ticket("default", BUYER, request)
    assert await crm.open_ticket("default", BUYER, request) == first
    await crm.close_ticket("default", first, "resolvido")
    interaction = Interaction(kind="escalated", summary="x", occurred_at=NOW,
                              source_key="event:1")
    await crm.log_interaction("default", BUYER, interaction)
    await crm.log_interaction("default", BUYER, interaction)
    async with pool.connection() as conn:
        tickets = await (await conn.execute("SELECT status, resolution FROM crm_tickets")
                         ).fetchall()
        logged = await (await conn.execute("SELECT count(*) AS n FROM crm_interactions")
                        ).fetchone()
    assert tickets == [{"status": "closed", "resolution": "resolvido"}] and logged["n"] == 1


async def test_hubspot_profile_reads_name_and_vip_by_phone(pool, hubspot, http) -> None:
    hubspot.add_contact(phone=f"+{BUYER}", firstname="Joana", lastname="Lima",
                        balcao_vip="true")
    await _paid_order(pool, "300")
    crm = HubSpotCrm(http, base_url=hubspot.base_url, access_token=TOKEN, pool=pool)
    profile = await crm.profile("default", BUYER)
    assert (profile.name, profile.vip, profile.orders, profile.spend) == (
        "Joana Lima", True, 1, Decimal("300"))
    search = hubspot.requests[0]
    assert search["path"] == "/crm/v3/objects/contacts/search"
    assert search["json"]["filterGroups"] == [{"filters": [
        {"propertyName": "phone", "operator": "EQ", "value": f"+{BUYER}"}]}]
    unknown = await crm.profile("default", "5511900000000")
    assert not unknown.vip and unknown.external_id is None


async def test_hubspot_tickets_notes_and_a_new_contact(pool, hubspot, http) -> None:
    crm = HubSpotCrm(http, base_url=hubspot.base_url, access_token=TOKEN, pool=pool,
                     pipeline="0", open_stage="1", closed_stage="4")
    ticket = TicketRequest(subject="WhatsApp: complaint", description="veio quebrado",
                           priority="HIGH", source_key="escalation:7")
    ticket_id = await crm.open_ticket("default", BUYER, ticket)
    assert await crm.open_ticket("default", BUYER, ticket) == ticket_id  # found, not new
    [contact] = hubspot.objects["contacts"].values()
    assert contact["properties"] == {"phone": f"+{BUYER}"}
    stored = hubspot.objects["tickets"][ticket_id]
    assert stored["properties"] == {
        "subject": "WhatsApp: complaint [escalation:7]", "content": "veio quebrado",
        "hs_pipeline": "0", "hs_pipeline_stage": "1", "hs_ticket_priority": "HIGH"}
    assert stored["associations"] == [{"to": {"id": contact["id"]}, "types": [
        {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 16}]}]
    await crm.close_ticket("default", ticket_id, "ok")
    assert hubspot.objects["tickets"][ticket_id]["properties"]["hs_pipeline_stage"] == "4"
    note_id = await crm.log_interaction("default", BUYER, Interaction(
        kind="escalated", summary="Escalated", occurred_at=NOW, data={"reason": "complaint"},
        source_key="event:3"))
    note = hubspot.objects["notes"][note_id]
    assert note["properties"] == {"hs_timestamp": NOW.isoformat(),
                                  "hs_note_body": "Escalated\nreason: complaint"}
    assert note["associations"][0]["types"][0]["associationTypeId"] == 202
    assert len(hubspot.objects["contacts"]) == 1  # looked up once, then remembered


async def test_hubspot_failures_are_crm_errors(pool, hubspot, http) -> None:
    wrong = HubSpotCrm(http, base_url=hubspot.base_url, access_token="bad", pool=pool)
    with pytest.raises(CrmError, match="401 INVALID_AUTHENTICATION"):
        await wrong.profile("default", BUYER)
    crm = HubSpotCrm(http, base_url=hubspot.base_url, access_token=TOKEN, pool=pool)
    hubspot.fail_next(429)
    with pytest.raises(CrmError, match="429"):
        await crm.profile("default", BUYER)


async def test_the_sync_pushes_tickets_and_events_and_retries_after_a_failure(
    pool, hubspot, http,
) -> None:
    clock = FrozenClock(NOW)
    async with pool.connection() as conn:
        conv = (await (await conn.execute(
            "INSERT INTO conversations (store_id, buyer_id, thread_id) VALUES"
            " ('default', %s, 'default:x') RETURNING id", (BUYER,))).fetchone())["id"]
        escalation = (await (await conn.execute(
            "INSERT INTO escalations (store_id, conversation_id, turn_id, reason, summary,"
            " created_at, pickup_deadline) VALUES ('default', %s, 't1', 'complaint', %s,"
            " now(), now()) RETURNING id", (conv, json.dumps({"wants": ["veio quebrado"]}))
        )).fetchone())["id"]
        await conn.execute(
            "INSERT INTO conversation_events (store_id, conversation_id, type, data,"
            " occurred_at) VALUES ('default', %s, 'escalated', %s, now()),"
            " ('default', %s, 'turn', '{}', now())",
            (conv, json.dumps({"escalation_id": escalation, "reason": "complaint"}), conv))
    crm = HubSpotCrm(http, base_url=hubspot.base_url, access_token=TOKEN, pool=pool)
    sync = CrmSync(pool, crm, clock)
    hubspot.fail_next(503, times=2)  # the contact search, twice: this run stops early
    assert await sync.run_once() == 0
    assert await sync.run_once() == 2  # the ticket and the one handoff event
    assert await sync.run_once() == 0  # nothing left
    [ticket] = hubspot.objects["tickets"].values()
    assert ticket["properties"]["hs_ticket_priority"] == "HIGH"
    assert "veio quebrado" in ticket["properties"]["content"]
    async with pool.connection() as conn:
        await conn.execute("UPDATE escalations SET status = 'returned', notes = 'resolvido'")
    assert await sync.run_once() == 1
    assert ticket["properties"]["hs_pipeline_stage"] == "4"
    assert len(hubspot.objects["notes"]) == 1


async def test_the_crm_is_chosen_by_settings(pool, http) -> None:
    from balcao.settings import Settings
    from tools.crm.registry import build_crm

    def settings(**env: str) -> Settings:
        return Settings(_env_file=None, **env)  # type: ignore[call-arg]

    clock = FrozenClock(NOW)
    assert isinstance(build_crm(settings(), pool, http, clock), PostgresCrm)
    assert isinstance(build_crm(settings(BALCAO_CRM="hubspot", HUBSPOT_ACCESS_TOKEN="t"), pool,
                                http, clock), HubSpotCrm)
    with pytest.raises(ValueError, match="HUBSPOT_ACCESS_TOKEN"):
        build_crm(settings(BALCAO_CRM="hubspot"), pool, http, clock)
    with pytest.raises(ValueError, match="unknown BALCAO_CRM"):
        build_crm(settings(BALCAO_CRM="salesforce"), pool, http, clock)
