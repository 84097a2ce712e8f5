"""`WhatsAppClient` against the fake Graph API over real HTTP, and against a bare local server
for what the fake never answers (silence, odd successes, a gateway's HTML page)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

import aiohttp
import httpx
import pytest

from api.channels.whatsapp.client import (
    PermanentSendError,
    RetryableSendError,
    WhatsAppClient,
    normalize_api_version,
)
from tests.fakes.graph_api import FakeGraphApi

TOKEN = "fake-access-token"
PHONE_NUMBER_ID = "1122334455667"
BUYER = "5511987654321"
TEXT = {
    "messaging_product": "whatsapp",
    "recipient_type": "individual",
    "to": BUYER,
    "type": "text",
    "text": {"preview_url": False, "body": "Olá!"},
}


@pytest.fixture(scope="module")
def graph() -> Iterator[FakeGraphApi]:
    with FakeGraphApi(token=TOKEN) as fake:
        yield fake


@pytest.fixture(autouse=True)
def _fresh(graph: FakeGraphApi) -> None:
    graph.reset()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        yield session


def client_for(
    base_url: str, http: aiohttp.ClientSession, *, token: str = TOKEN, version: str = "v21.0"
):
    return WhatsAppClient(base_url, version, PHONE_NUMBER_ID, token, http)


async def test_send_returns_the_wamid(graph: FakeGraphApi, http: aiohttp.ClientSession) -> None:
    wamid = await client_for(graph.base_url, http).send(TEXT)
    assert wamid.startswith("wamid.")
    [request] = graph.requests
    assert request["path"] == f"/v21.0/{PHONE_NUMBER_ID}/messages"
    assert request["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert request["json"] == TEXT
    assert (request["status"], request["wamid"]) == (200, wamid)
    assert graph.wait_for(1) == [TEXT] == graph.messages()


async def test_each_send_gets_its_own_wamid(
    graph: FakeGraphApi, http: aiohttp.ClientSession
) -> None:
    client = client_for(graph.base_url, http)
    ids = {await client.send(TEXT) for _ in range(3)}
    assert len(ids) == 3


@pytest.mark.parametrize("version", ["v21.0", "21.0", "/v21.0/", " v21.0 "])
async def test_api_version_is_normalized(
    graph: FakeGraphApi, http: aiohttp.ClientSession, version: str
) -> None:
    await client_for(graph.base_url + "/", http, version=version).send(TEXT)
    assert graph.requests[0]["path"] == f"/v21.0/{PHONE_NUMBER_ID}/messages"


def test_empty_api_version_is_refused() -> None:
    with pytest.raises(ValueError):
        normalize_api_version(" / ")


@pytest.mark.parametrize(("status", "code"), [(429, 130429), (500, 1), (503, 1)])
async def test_throttling_and_server_errors_are_retryable(
    graph: FakeGraphApi, http: aiohttp.ClientSession, status: int, code: int
) -> None:
    graph.fail_next(status)
    client = client_for(graph.base_url, http)
    with pytest.raises(RetryableSendError) as info:
        await client.send(TEXT)
    assert (info.value.status, info.value.code) == (status, code)
    assert info.value.fbtrace_id
    assert f"HTTP {status}" in info.value.description and f"code {code}" in str(info.value)
    # The failure was one-off: the retry goes through.
    assert (await client.send(TEXT)).startswith("wamid.")
    assert [r["status"] for r in graph.requests] == [status, 200]


async def test_failures_can_repeat(graph: FakeGraphApi, http: aiohttp.ClientSession) -> None:
    graph.fail_next(500, times=2)
    client = client_for(graph.base_url, http)
    for _ in range(2):
        with pytest.raises(RetryableSendError):
            await client.send(TEXT)
    await client.send(TEXT)


async def test_bad_request_is_permanent_with_its_code(
    graph: FakeGraphApi, http: aiohttp.ClientSession
) -> None:
    graph.fail_next(
        400,
        error={
            "message": "(#131009) Parameter value is not valid",
            "code": 131009,
            "error_subcode": 2494010,
        },
    )
    with pytest.raises(PermanentSendError) as info:
        await client_for(graph.base_url, http).send(TEXT)
    err = info.value
    assert (err.status, err.code, err.subcode) == (400, 131009, 2494010)
    assert err.description.startswith("HTTP 400: code 131009/2494010; (#131009) Parameter value")
    assert f"fbtrace_id {err.fbtrace_id}" in err.description


async def test_transient_graph_code_on_400_is_retryable(
    graph: FakeGraphApi, http: aiohttp.ClientSession
) -> None:
    # Meta reports some temporary conditions (pair rate limit) as HTTP 400.
    graph.fail_next(400, error={"message": "(#131056) Pair rate limit hit", "code": 131056})
    with pytest.raises(RetryableSendError) as info:
        await client_for(graph.base_url, http).send(TEXT)
    assert info.value.code == 131056


async def test_wrong_token_is_permanent(graph: FakeGraphApi, http: aiohttp.ClientSession) -> None:
    with pytest.raises(PermanentSendError) as info:
        await client_for(graph.base_url, http, token="stale-token").send(TEXT)
    assert (info.value.status, info.value.code) == (401, 190)
    assert "stale-token" not in str(info.value)
    assert graph.messages() == []


async def test_error_descriptions_carry_no_personal_data(
    graph: FakeGraphApi, http: aiohttp.ClientSession
) -> None:
    graph.fail_next(
        400,
        error={"message": f"Recipient +{BUYER} is not in the allowed list", "code": 131030},
    )
    with pytest.raises(PermanentSendError) as info:
        await client_for(graph.base_url, http).send(TEXT)
    assert info.value.code == 131030
    assert BUYER not in str(info.value)
    assert "Olá" not in str(info.value)


async def test_fake_refuses_what_meta_refuses(
    graph: FakeGraphApi, http: aiohttp.ClientSession
) -> None:
    client = client_for(graph.base_url, http)
    bad = [
        {**TEXT, "messaging_product": "sms"},
        {k: v for k, v in TEXT.items() if k != "to"},
        {k: v for k, v in TEXT.items() if k != "text"},
        {**TEXT, "type": "interactive"},
        {**TEXT, "text": {"body": "x" * 4097}},
    ]
    for payload in bad:
        with pytest.raises(PermanentSendError) as info:
            await client.send(payload)
        assert info.value.status == 400 and info.value.code in (100, 131008, 131009)
    assert graph.messages() == []
    assert len(graph.requests) == len(bad)


async def test_connection_refused_is_retryable(http: aiohttp.ClientSession) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(RetryableSendError) as info:
        await client_for(f"http://127.0.0.1:{port}", http).send(TEXT)
    assert info.value.status is None


def raw_response(status: int, body: str, content_type: str = "application/json") -> bytes:
    """A whole HTTP/1.1 answer, as a server or a gateway in front of Meta would write it."""
    content = body.encode()
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(content)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode() + content


@asynccontextmanager
async def bare_server(answer: bytes | None) -> AsyncIterator[str]:
    """A server on 127.0.0.1 that reads each request whole and writes `answer`, or, when
    `answer` is None, never answers (until the client hangs up). Yields its base URL."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        await reader.readexactly(_content_length(head))
        if answer is None:
            await reader.read()  # silent until the client gives up and closes
        else:
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


def _content_length(head: bytes) -> int:
    for line in head.decode("latin-1").split("\r\n"):
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            return int(value)
    return 0


async def test_timeout_is_retryable() -> None:
    short = aiohttp.ClientTimeout(total=0.2)
    async with bare_server(None) as url, aiohttp.ClientSession(timeout=short) as http:
        with pytest.raises(RetryableSendError, match="timeout"):
            await client_for(url, http).send(TEXT)


@pytest.mark.parametrize(
    "response",
    [
        raw_response(200, json.dumps({"messaging_product": "whatsapp", "messages": []})),
        raw_response(200, "<html>ok</html>", "text/html"),
        raw_response(200, json.dumps({"messages": [{"id": 5}]})),
    ],
    ids=["no messages", "not json", "id not a string"],
)
async def test_a_success_without_wamid_is_permanent(
    http: aiohttp.ClientSession, response: bytes
) -> None:
    async with bare_server(response) as url:
        with pytest.raises(PermanentSendError, match="no messages"):
            await client_for(url, http).send(TEXT)


async def test_an_error_page_without_graph_error_is_classified_by_status(
    http: aiohttp.ClientSession,
) -> None:
    async with bare_server(raw_response(502, "<html>Bad Gateway</html>", "text/html")) as url:
        with pytest.raises(RetryableSendError) as info:
            await client_for(url, http).send(TEXT)
    assert info.value.description == "HTTP 502"


def test_wait_for_times_out(graph: FakeGraphApi) -> None:
    with pytest.raises(TimeoutError):
        graph.wait_for(1, timeout=0.05)


@pytest.mark.slow
def test_fake_runs_standalone() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.graph_api", "--port", str(port), "--token", "demo"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/v21.0/{PHONE_NUMBER_ID}/messages"
        deadline = time.monotonic() + 10
        while True:
            try:
                response = httpx.post(url, json=TEXT, headers={"Authorization": "Bearer demo"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "standalone fake did not start"
                time.sleep(0.05)
        assert response.status_code == 200
        assert response.json()["contacts"] == [{"input": BUYER, "wa_id": BUYER}]
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert response.json()["messages"][0]["id"] in output
    assert '"body": "Olá!"' in output
