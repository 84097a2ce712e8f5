"""Security tests (issue #18): the real app in-process on a fresh database, as an attacker
would reach it over HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from balcao.clock import FrozenClock
from balcao.settings import Settings

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


AppFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(db_url: str, clock: FrozenClock, tmp_path: Path) -> Iterator[AppFactory]:
    """Starts the app with these settings (plus test defaults); closed after the test."""
    opened: list[TestClient] = []

    def make(**env: str) -> TestClient:
        values = {"BALCAO_DEMO_STORE": "false", "BALCAO_RUN_WORKER": "false",
                  "PUBLIC_BASE_URL": "http://testserver",
                  "BALCAO_DATA_DIR": str(tmp_path / "data"), **env}
        settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
        client = TestClient(create_app(settings, clock=clock, database_url=db_url),
                            base_url="http://testserver")
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def pending_payment(db_url: str, token: str = "tok_attack_1", provider: str = "sandbox") -> int:
    """An order of R$ 100 waiting for its sandbox payment; returns the order id."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        order_id = conn.execute(
            "INSERT INTO orders (store_id, number, status, currency, subtotal, total,"
            " created_at, updated_at) VALUES ('default', %s, 'pending_payment', 'BRL',"
            " 100, 100, %s, %s) RETURNING id", (f"n-{token}", NOW, NOW)).fetchone()[0]
        conn.execute(
            "INSERT INTO payments (store_id, order_id, provider, idempotency_key, token, amount,"
            " currency, expires_at, created_at) VALUES ('default', %s, %s, %s, %s, 100, 'BRL',"
            " %s, %s)", (order_id, provider, f"k-{token}", token, NOW + timedelta(hours=1), NOW))
    return order_id


def payment_status(db_url: str, token: str = "tok_attack_1") -> str:
    with psycopg.connect(db_url, autocommit=True) as conn:
        return conn.execute("SELECT status FROM payments WHERE token = %s",
                            (token,)).fetchone()[0]
