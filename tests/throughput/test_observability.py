"""Health, readiness and Prometheus metrics of the running service; JSON log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from balcao.pii import JsonFormatter, log_context, pseudonym
from balcao.settings import Settings
from tests import webhooks
from tests.fakes.graph_api import FakeGraphApi

SECRET = "obs-app-secret"
TOKEN = "obs-access-token"
METRICS_TOKEN = "scrape-me"
BUYER = "5511955554444"


def settings(graph_api: FakeGraphApi, **overrides: str) -> Settings:
    values = {
        "WHATSAPP_APP_SECRET": SECRET,
        "WHATSAPP_ACCESS_TOKEN": TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": "1122334455667",
        "WHATSAPP_API_BASE_URL": graph_api.base_url,
        "BALCAO_DEMO_STORE": "false",
        "BALCAO_DEBOUNCE_MS": "50",
        "BALCAO_WORKER_POLL_MS": "50",
        "BALCAO_METRICS_TOKEN": METRICS_TOKEN,
    } | overrides
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
def obs_graph_api() -> Iterator[FakeGraphApi]:
    with FakeGraphApi(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def client(db_url: str, obs_graph_api: FakeGraphApi) -> Iterator[TestClient]:
    app = create_app(settings(obs_graph_api), database_url=db_url)
    with TestClient(app) as test_client:
        yield test_client


def scrape(client: TestClient) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def series_value(text: str, series: str) -> float:
    """The value of one exposed series; 0 when the process has not exposed it yet."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_after_a_conversation_through_the_webhook(
    client: TestClient, obs_graph_api: FakeGraphApi
) -> None:
    obs_graph_api.fail_next(500)  # the first send fails once, then is retried
    timed = 'balcao_http_request_seconds_count{method="POST",route="/webhooks/whatsapp"}'
    before = series_value(scrape(client), timed)
    raw, headers = webhooks.signed(webhooks.text("oi", wa_id=BUYER), SECRET)
    assert client.post("/webhooks/whatsapp", content=raw, headers=headers).status_code == 200
    obs_graph_api.wait_for(1, timeout=30)

    text = scrape(client)
    # The acknowledgement timed (the registry is the process's: other tests' requests count).
    assert series_value(text, timed) == before + 1
    assert 'balcao_http_request_seconds_bucket{le="0.0025",method="POST",' \
        'route="/webhooks/whatsapp"}' in text
    for series in (
        'balcao_http_requests_total{method="POST",route="/webhooks/whatsapp",status="200"}',
        'balcao_turn_seconds_bucket{le="+Inf",outcome="replied"}',
        'balcao_turn_seconds_count{outcome="replied"}',
        "balcao_inbox_lag_seconds ",
        "balcao_inbox_pending ",
        "balcao_outbox_pending ",
        'balcao_outbox_send_failures_total{error="http_500"}',
        "balcao_worker_turns_in_progress ",
        "balcao_worker_concurrency 8.0",
        "# TYPE balcao_payments gauge",
        "balcao_escalations_open 0.0",
    ):
        assert series in text, series
    # Route templates, never raw paths with ids or tokens in them.
    assert client.get("/pay/not-a-real-token").status_code in (404, 400, 410)
    assert 'route="/pay/{token}"' in scrape(client) or 'route="unmatched"' in scrape(client)


def test_metrics_need_the_token_and_do_not_exist_without_one(
    client: TestClient, db_url: str, obs_graph_api: FakeGraphApi
) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    app = create_app(settings(obs_graph_api, BALCAO_METRICS_TOKEN=""), database_url=db_url)
    with TestClient(app) as without:
        assert without.get("/metrics").status_code == 404
        assert without.get(
            "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).status_code == 404


def test_healthz_is_alive_and_readyz_names_the_failed_checks(
    client: TestClient, db_url: str
) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "workers": "ok"}

    with psycopg.connect(db_url, autocommit=True) as conn:
        last = conn.execute("SELECT max(name) FROM schema_migrations").fetchone()[0]
        conn.execute("DELETE FROM schema_migrations WHERE name = %s", (last,))
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    assert not_ready.json()["failed"] == ["migrations"]
    assert last in not_ready.json()["checks"]["migrations"]


def test_json_log_lines_carry_the_turn_context_and_stay_scrubbed() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("balcao.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        with log_context(store="default", conversation=pseudonym(BUYER), turn="turn-7"):
            logger.warning("buyer %s wrote maria@example.com", BUYER)
            try:
                raise RuntimeError(f"send to {BUYER} failed")
            except RuntimeError:
                logger.exception("failed")
        logger.info("outside a turn")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 3
    first = lines[0]
    assert set(first) == {"time", "level", "logger", "message", "store", "conversation", "turn"}
    assert first["level"] == "WARNING" and first["logger"] == "balcao.test.json"
    assert first["store"] == "default" and first["turn"] == "turn-7"
    assert first["conversation"] == pseudonym(BUYER)
    assert BUYER not in stream.getvalue() and "maria@example.com" not in stream.getvalue()
    assert pseudonym(BUYER) in first["message"]
    assert "RuntimeError" in lines[1]["exception"]
    assert "turn" not in lines[2]
