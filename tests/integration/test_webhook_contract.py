"""The webhook's contract: handshake, signatures, malformed bodies, statuses, storage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from balcao.settings import Settings
from tests import webhooks

SECRET = "contract-secret"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp_cloud"


def settings(**overrides: str) -> Settings:
    values = {
        "WHATSAPP_APP_SECRET": SECRET,
        "WHATSAPP_VERIFY_TOKEN": "verify-me",
        "BALCAO_DEMO_STORE": "false",
        "BALCAO_RUN_WORKER": "false",  # only what the webhook itself stores is looked at here
    } | overrides
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings(), database_url=db_url)) as test_client:
        yield test_client


def count(db_url: str, table: str) -> int:
    with psycopg.connect(db_url) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_verification_handshake_echoes_the_challenge(client: TestClient) -> None:
    ok = client.get("/webhooks/whatsapp", params={
        "hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"})
    assert (ok.status_code, ok.text) == (200, "1158201444")
    wrong = client.get("/webhooks/whatsapp", params={
        "hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"})
    assert wrong.status_code == 403


@pytest.mark.parametrize("header", [None, "sha256=" + "0" * 64, "garbage"])
def test_a_bad_signature_is_refused_and_nothing_is_stored(
    client: TestClient, db_url: str, header: str | None
) -> None:
    raw = json.dumps(webhooks.text("oi")).encode()
    headers = {"Content-Type": "application/json"}
    if header:
        headers["X-Hub-Signature-256"] = header
    assert client.post("/webhooks/whatsapp", content=raw, headers=headers).status_code == 401
    assert count(db_url, "inbox") == 0


def test_a_body_signed_with_another_secret_is_refused(client: TestClient, db_url: str) -> None:
    raw, headers = webhooks.signed(webhooks.text("oi"), "someone-else")
    assert client.post("/webhooks/whatsapp", content=raw, headers=headers).status_code == 401
    assert count(db_url, "inbox") == 0


def test_a_malformed_body_is_rejected_with_a_reason(client: TestClient, db_url: str) -> None:
    for raw in (b"{not json", json.dumps({"object": "page", "entry": []}).encode()):
        signed_raw, headers = webhooks.signed(raw, SECRET)
        response = client.post("/webhooks/whatsapp", content=signed_raw, headers=headers)
        assert response.status_code == 400
        assert response.json()["detail"].startswith("malformed payload: ")
    assert count(db_url, "inbox") == 0


def test_messages_are_stored_once_and_duplicates_acknowledged(
    client: TestClient, db_url: str
) -> None:
    raw, headers = webhooks.signed(webhooks.text("oi", wamid="wamid.same"), SECRET)
    first = client.post("/webhooks/whatsapp", content=raw, headers=headers)
    second = client.post("/webhooks/whatsapp", content=raw, headers=headers)
    assert first.json() == {"received": 1, "duplicates": 0, "statuses": 0}
    assert second.json() == {"received": 0, "duplicates": 1, "statuses": 0}
    with psycopg.connect(db_url) as conn:
        rows = conn.execute("SELECT external_id, kind, status FROM inbox").fetchall()
    assert rows == [("wamid.same", "text", "pending")]


def test_statuses_are_recorded_and_never_answered(client: TestClient, db_url: str) -> None:
    body = json.loads((FIXTURES / "pywa/updates/message_status.json").read_text())
    first = next(iter(body.values())) if "object" not in body else body
    raw, headers = webhooks.signed(first, SECRET)
    response = client.post("/webhooks/whatsapp", content=raw, headers=headers)
    assert response.status_code == 200
    assert response.json()["statuses"] >= 1
    assert count(db_url, "message_statuses") >= 1
    assert count(db_url, "inbox") == 0


def test_without_an_app_secret_the_webhook_refuses_unless_in_dev_mode(db_url: str) -> None:
    raw = json.dumps(webhooks.text("oi")).encode()
    headers = {"Content-Type": "application/json"}
    disabled = settings(WHATSAPP_APP_SECRET="")
    with TestClient(create_app(disabled, database_url=db_url)) as c:
        assert c.post("/webhooks/whatsapp", content=raw, headers=headers).status_code == 503
    dev = settings(WHATSAPP_APP_SECRET="", BALCAO_INSECURE_DEV_WEBHOOK="true")
    with TestClient(create_app(dev, database_url=db_url)) as c:
        assert c.post("/webhooks/whatsapp", content=raw, headers=headers).status_code == 200
    assert count(db_url, "inbox") == 1


def test_healthz_answers_when_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
