"""The console in-process: the real app (lifespan, pool, routes) through Starlette's
TestClient, on a fresh database; rows are arranged with plain SQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row
from starlette.testclient import TestClient

from api.app import create_app
from api.operators.passwords import hash_password
from balcao.clock import FrozenClock
from balcao.settings import Settings

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 12:00 in São Paulo
PASSWORD = "correct horse battery"
# A cheaper hash for tests (the parameters travel in the string; login verifies either).
_HASH = hash_password(PASSWORD, n=2**12)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def app_client(db_url: str, clock: FrozenClock) -> Iterator[TestClient]:
    settings = Settings(_env_file=None, BALCAO_DEMO_STORE="false",  # type: ignore[call-arg]
                        BALCAO_RUN_WORKER="false", PUBLIC_BASE_URL="http://testserver")
    app = create_app(settings, clock=clock, database_url=db_url)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


class Db:
    """Plain SQL against the test database."""

    def __init__(self, url: str) -> None:
        self.url = url

    def rows(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        with psycopg.connect(self.url, row_factory=dict_row, autocommit=True) as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else []

    def operator(self, email: str = "ana@loja.com", role: str = "admin",
                 name: str = "Ana") -> int:
        operator_id = self.rows(
            "INSERT INTO operators (email, name, password_hash, role, created_at)"
            " VALUES (%s, %s, %s, %s, now()) RETURNING id", (email, name, _HASH, role))[0]["id"]
        if role != "admin":  # an agent of the store the tests use (issue #19)
            self.rows("INSERT INTO operator_stores (operator_id, store_id, role)"
                      " VALUES (%s, 'default', 'agent')", (operator_id,))
        return operator_id

    def escalation(self, buyer: str, *, reason: str = "asked_for_human", minutes_ago: int = 0,
                   factors: dict | None = None, status: str = "waiting",
                   text: str = "quero falar com alguém") -> int:
        conv = self.rows(
            "INSERT INTO conversations (store_id, buyer_id, thread_id, contact_name,"
            " last_inbound_at) VALUES ('default', %s, %s, %s, %s)"
            " ON CONFLICT (store_id, channel, buyer_id) DO UPDATE SET contact_name ="
            " EXCLUDED.contact_name RETURNING id",
            (buyer, f"default:{buyer}", f"Cliente {buyer[-4:]}", NOW))[0]["id"]
        self.rows("INSERT INTO inbox (store_id, channel, external_id, conversation_id, kind,"
                  " message, received_at, status) VALUES ('default', 'whatsapp', %s, %s,"
                  " 'text', %s, %s, 'done')",
                  (f"wamid.{buyer}.{minutes_ago}", conv,
                   json.dumps({"kind": "text", "text": text}),
                   NOW - timedelta(minutes=minutes_ago)))
        created = NOW - timedelta(minutes=minutes_ago)
        return self.rows(
            "INSERT INTO escalations (store_id, conversation_id, turn_id, status, reason,"
            " reasons, factors, summary, created_at, pickup_deadline)"
            " VALUES ('default', %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (conv, f"turn-{buyer}-{minutes_ago}", status, reason, json.dumps([reason]),
             json.dumps(factors or {"sentiment": "neutral"}),
             json.dumps({"wants": [text], "cart": None}), created,
             created + timedelta(minutes=15)))[0]["id"]


@pytest.fixture
def db(db_url: str) -> Db:
    return Db(db_url)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no csrf field on the page"
    return match.group(1)


def sign_in(client: TestClient, email: str = "ana@loja.com",
            password: str = PASSWORD) -> TestClient:
    form = client.get("/console/login")
    response = client.post("/console/login", data={"email": email, "password": password,
                                                   "csrf": csrf_of(form.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client
