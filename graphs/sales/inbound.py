"""Reading the turn's buyer messages."""

from __future__ import annotations

from typing import Any

from balcao.messages import InboundMessage


def turn_text(messages: list[InboundMessage]) -> str:
    """The words of a burst, in order, one message per line."""
    return "\n".join(m.text.strip() for m in messages if m.text and m.text.strip())


def state_text(inbound: list[dict[str, Any]]) -> str:
    """`turn_text` of the turn's inbound messages as kept in graph state."""
    return turn_text([InboundMessage.model_validate(m) for m in inbound or []])
