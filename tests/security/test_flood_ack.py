"""A flood's acknowledgements stay cheap without losing a guarantee (issue #18).

Each delivery of a flooding buyer over its rate is still read, verified and answered on the
event loop that runs the other buyers' turns; it took 0.8 ms of the service's CPU, half of it
in FastAPI's dependency solving and its matching through every included router, a third of
the rest in cleaning every string of the body. The delivery is now a plain route ahead of the
routers; strings are cleaned only when the body has an escape that can make a NUL or a lone
surrogate; a delivery that stored nothing writes no access log line (at the default level, a
scrubbed line each was as much CPU again). What must hold still: cleaning, signature first,
413, the handshake on the same path, 405 for other methods, and the request counter's route
template. The CPU figures are measured by `python -m evals.load.ack_cost`, never asserted by
a timed test.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.channels.whatsapp.parse import _clean, load_body
from api.channels.whatsapp.signature import sign
from api.limits import WEBHOOK_LIMIT
from balcao.settings import Settings
from tests import webhooks
from tests.channels.whatsapp_fixtures import cases
from tests.security.conftest import AppFactory
from tests.service import free_port

SECRET = "flood-ack-secret"
METRICS_TOKEN = "flood-ack-metrics"
BUYER = "5511900000301"


@pytest.mark.parametrize("escaped", [
    r"oi\u0000 tchau", r"\uD800", r"\udBff x", r"fim \uDFFF", r"\ud83d sozinho",
    r"par \ud83d\ude00 e solto \uDE00",
])
@pytest.mark.parametrize("where", ["value", "key", "nested"])
def test_every_escape_of_a_nul_or_lone_surrogate_is_cleaned(escaped: str, where: str) -> None:
    inner = f'"{escaped}"'
    body = {"value": f'{{"a": {inner}}}', "key": f'{{{inner}: 1}}',
            "nested": f'{{"a": [{{"b": [{inner}]}}]}}'}[where].encode()
    parsed = load_body(body)
    text = json.dumps(parsed, ensure_ascii=False)
    assert "\x00" not in text
    assert not re.search("[\ud800-\udfff]", text)
    assert parsed == _clean(parsed)


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_every_real_payload_parses_as_if_every_string_were_cleaned(ensure_ascii: bool) -> None:
    for case_id, example in cases():
        body = json.dumps(example, ensure_ascii=ensure_ascii).encode()
        assert load_body(body) == _clean(load_body(body)), case_id
    emoji = json.dumps({"t": "oi 😀 \\u0000 literal"}).encode()  # a pair and an escaped "\"
    assert load_body(emoji) == {"t": "oi 😀 \\u0000 literal"}


def _signed(text: str, n: int) -> tuple[bytes, dict[str, str]]:
    return webhooks.signed(webhooks.text(text, wa_id=BUYER, wamid=f"wamid.ack{n}"), SECRET)


def test_the_delivery_route_keeps_every_guarantee_of_the_webhook(
    make_client: AppFactory,
) -> None:
    client = make_client(WHATSAPP_APP_SECRET=SECRET, WHATSAPP_VERIFY_TOKEN="verify-me",
                         BALCAO_METRICS_TOKEN=METRICS_TOKEN,
                         BALCAO_BUYER_MESSAGES_PER_MINUTE="1")
    first, second, third = (_signed(f"oi {n}", n) for n in range(3))
    assert client.post("/webhooks/whatsapp", content=first[0],
                       headers=first[1]).json()["received"] == 1
    answer = client.post("/webhooks/whatsapp", content=second[0], headers=second[1]).json()
    assert answer["received"] == 0 and answer["throttled"] == 1
    # Over its rate, a forged delivery is still refused before anything else is read.
    forged = {**third[1], "X-Hub-Signature-256": sign(third[0], "not-the-secret")}
    refused = client.post("/webhooks/whatsapp", content=third[0], headers=forged)
    assert refused.status_code == 401
    too_large = b" " * (WEBHOOK_LIMIT + 1)
    assert client.post("/webhooks/whatsapp", content=too_large, headers={
        "X-Hub-Signature-256": sign(too_large, SECRET)}).status_code == 413
    # The handshake shares the path; other methods are not allowed on it.
    handshake = client.get("/webhooks/whatsapp", params={
        "hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"})
    assert handshake.status_code == 200 and handshake.text == "42"
    assert client.put("/webhooks/whatsapp", content=b"{}").status_code == 405
    scraped = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).text
    for status, count in (("200", 2), ("401", 1), ("405", 1)):
        series = (f'balcao_http_requests_total{{method="POST",route="/webhooks/whatsapp",'
                  f'status="{status}"}}') if status != "405" else (
                  'balcao_http_requests_total{method="PUT",route="/webhooks/whatsapp",'
                  'status="405"}')
        found = re.search(re.escape(series) + r" ([\d.]+)", scraped)
        assert found and float(found.group(1)) >= count, series


async def test_a_floods_deliveries_write_no_access_log_line_the_others_do(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings(_env_file=None, **{  # type: ignore[arg-type]
        "WHATSAPP_APP_SECRET": SECRET, "BALCAO_BUYER_MESSAGES_PER_MINUTE": "1",
        "BALCAO_RUN_WORKER": "false", "BALCAO_DEMO_STORE": "false",
        "BALCAO_DATA_DIR": str(tmp_path / "data"), "PUBLIC_BASE_URL": "http://127.0.0.1"})
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, database_url=db_url),
                                           host="127.0.0.1", port=port, log_config=None))
    serving = asyncio.create_task(server.serve())
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    try:
        while not server.started:
            assert not serving.done(), "uvicorn did not start"
            await asyncio.sleep(0.02)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            answers = []
            for n in range(5):  # stored, then told to slow down, then three left out
                raw, headers = _signed(f"oi {n}", 100 + n)
                answers.append((await http.post("/webhooks/whatsapp", content=raw,
                                                 headers=headers)).json())
            other = webhooks.signed(webhooks.text("oi", wa_id="5511900000302"), SECRET)
            answers.append((await http.post("/webhooks/whatsapp", content=other[0],
                                            headers=other[1])).json())
            await http.get("/healthz")
    finally:
        server.should_exit = True
        await serving
    assert [a["received"] for a in answers] == [1, 0, 0, 0, 0, 1]
    assert [a.get("throttled", 0) for a in answers] == [0, 1, 1, 1, 1, 0]
    lines = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert sum("POST /webhooks/whatsapp" in line for line in lines) == 3, lines
    assert any("GET /healthz" in line for line in lines), lines
