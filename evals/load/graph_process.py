"""The fake Graph API (tests/fakes/graph_api.py) in a process of its own, its accepted messages
read as they come.

In the measuring process the fake's HTTP server (FastAPI on uvicorn, in a thread) took the
measuring event loop's GIL for each reply the service sent, and the buyers found their replies
by rescanning its list every few milliseconds: both delayed the reading of acknowledgements and
replies, and counted the instrument's CPU against the service. Here the fake prints one JSON
line per accepted message (`--json-lines`) and a buyer waiting for its reply is woken by the
line that brings it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any


class GraphApiProcess:
    """`async with GraphApiProcess(token) as graph:` runs the fake on a free port."""

    def __init__(self, token: str) -> None:
        self._token = token
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._messages: list[dict[str, Any]] = []
        self._counts: dict[str, int] = {}
        self._waiting: dict[str, asyncio.Event] = {}
        self.base_url = ""

    async def __aenter__(self) -> GraphApiProcess:
        from tests.service import REPO

        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.fakes.graph_api", "--json-lines",
            "--token", self._token, cwd=REPO, stdout=asyncio.subprocess.PIPE,
            limit=1 << 24)  # a line is a whole message body
        assert self._proc.stdout is not None
        async with asyncio.timeout(60):
            first = (await self._proc.stdout.readline()).decode()
        if not first.startswith("listening "):
            raise RuntimeError(f"the fake Graph API did not start: {first!r}")
        self.base_url = first.split()[1]
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._proc is not None and self._proc.returncode is None:
            self._proc.terminate()
            await self._proc.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    def messages(self) -> list[dict[str, Any]]:
        """The accepted message bodies, in order."""
        return list(self._messages)

    def count_to(self, recipient: str) -> int:
        """How many messages to `recipient` were accepted so far."""
        return self._counts.get(recipient, 0)

    async def more_than(self, recipient: str, count: int, timeout: float) -> bool:
        """Waits until more than `count` messages to `recipient` were accepted; False when
        `timeout` seconds pass first."""
        try:
            async with asyncio.timeout(timeout):
                while self.count_to(recipient) <= count:
                    event = self._waiting.setdefault(recipient, asyncio.Event())
                    await event.wait()
        except TimeoutError:
            return False
        return True

    async def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        async for line in self._proc.stdout:
            body = json.loads(line)["json"]
            self._messages.append(body)
            to = body.get("to") if isinstance(body, dict) else None
            if to is None:
                continue
            self._counts[to] = self._counts.get(to, 0) + 1
            if (event := self._waiting.pop(to, None)) is not None:
                event.set()
