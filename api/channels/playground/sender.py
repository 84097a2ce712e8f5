"""The playground's outbox sender: nothing leaves the service; the page reads the rows."""

from __future__ import annotations

from typing import Any


class PlaygroundSender:
    """Marks playground replies delivered: the browser reads them from the outbox, so they
    go through the same recording, ordering and idempotency as WhatsApp's."""

    async def send(self, row: dict[str, Any]) -> str:
        return f"playground.{row['id']}"
