"""The benchmark's clients: signed deliveries posted over keep-alive HTTP/1.1 connections
(asyncio streams), the bodies built before the first is sent.

The flooding buyer and the busy store are attackers and traffic from other machines; here they
share the 2 cores with the service. httpx spent about 3.5 ms of CPU a delivery, three times
what the service spends acknowledging one (measured: 500 flood deliveries, client 3.3-3.6 ms
each, service 1.1-1.4 ms each), so the client's own CPU was counted against the service.
Posting prepared bytes costs a small fraction of that: whole requests are built before the
first is sent, and an answer's timeout starts no task (`python -m evals.load.ack_cost` prints
the client's CPU a delivery: 0.22-0.25 ms).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from urllib.parse import urlsplit

Delivery = tuple[bytes, dict[str, str]]
"""A delivery's raw body and its headers (`tests.webhooks.signed`)."""
ANSWER_SECONDS = 60.0


class KeepAlive:
    """One keep-alive HTTP/1.1 connection to `base_url`, opened again when the server closes
    it; requests are prepared bytes (`prepared`), posted one after the other."""

    def __init__(self, base_url: str) -> None:
        where = urlsplit(base_url)
        self.host, self.port = where.hostname or "127.0.0.1", where.port or 80
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    def prepared(self, path: str, delivery: Delivery) -> bytes:
        """The whole request for `delivery`, built before it is timed."""
        raw, headers = delivery
        return _request(path, f"{self.host}:{self.port}", raw, headers)

    async def post(self, request: bytes) -> tuple[int, bytes]:
        """The answer's status and body; status 0 when none came."""
        try:
            if self._streams is None:
                self._streams = await asyncio.open_connection(self.host, self.port)
            self._streams[1].write(request)
            async with asyncio.timeout(ANSWER_SECONDS):  # no task a delivery (wait_for)
                status, body, keep = await _answer(self._streams[0])
        except (TimeoutError, OSError, EOFError, ValueError):
            status, body, keep = 0, b"", False  # no answer, as Meta would see it
        if not keep:
            self.close()
        return status, body

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def post_all(base_url: str, path: str, deliveries: Sequence[Delivery],
                   in_flight: int) -> tuple[dict[int, int], int]:
    """Posts every delivery, `in_flight` connections at a time, each sending one after the
    other. Returns the count of each HTTP status (0: no answer) and the sum of the answers'
    `throttled`."""
    # Whole requests in bytes before the first is sent: the client's CPU is not the service's.
    maker = KeepAlive(base_url)
    waiting = iter([maker.prepared(path, delivery) for delivery in deliveries])
    statuses: dict[int, int] = {}
    throttled = 0

    async def connection() -> None:
        nonlocal throttled
        client = KeepAlive(base_url)
        for request in waiting:
            status, body = await client.post(request)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                throttled += json.loads(body).get("throttled", 0)
        client.close()

    await asyncio.gather(*(connection() for _ in range(max(1, min(in_flight,
                                                                 len(deliveries))))))
    return statuses, throttled


def _request(path: str, host: str, raw: bytes, headers: dict[str, str]) -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return (f"POST {path} HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Length: {len(raw)}\r\n{head}\r\n").encode() + raw


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, whether the connection stays open) of one HTTP/1.1 response."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as err:
        raise EOFError from err
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {name.strip().lower(): value.strip()
              for name, _, value in (line.partition(":") for line in lines[1:] if line)}
    body = await reader.readexactly(int(fields.get("content-length", "0")))
    return status, body, fields.get("connection", "").lower() != "close"
