"""Reading the turn's buyer messages: everything the graph derives from `inbound` is here.

`inbound` holds the burst as `InboundMessage` dumps; nodes and edges read it only through
`read_turn` (or `turn_text`, its words), so every one of them sees the same text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from balcao.messages import InboundMessage
from graphs.sales.nlu.offline import LONGEST_TEXT
from graphs.sales.state_types import HandoffEvent, OrderItemData, PaymentEvent


@dataclass(frozen=True)
class Turn:
    """The turn's buyer messages, parsed, and what the graph reads from them."""

    messages: list[InboundMessage]
    """The burst, in the order it arrived."""

    @property
    def text(self) -> str:
        """The words of the burst, in order, one message per line; the first `LONGEST_TEXT`
        characters of them (issue #18: a pasted 4,096-character text costs every step that
        reads or embeds it seconds of CPU other buyers wait for; the worker takes no more
        in one turn, see api/buyer_limits.py)."""
        words = "\n".join(m.text.strip() for m in self.messages if m.text and m.text.strip())
        return _unnumbered(words[:LONGEST_TEXT])

    @property
    def kinds(self) -> set[str]:
        """The kinds of message in the burst ("text", "image", "reaction", …)."""
        return {m.kind for m in self.messages}

    @property
    def payment(self) -> PaymentEvent | None:
        """The payment result the turn carries, if any."""
        found = next((m.payment for m in self.messages if m.kind == "payment" and m.payment),
                     None)
        return cast(PaymentEvent, found) if found is not None else None

    @property
    def handback(self) -> HandoffEvent | None:
        """The hand-back (or pickup timeout) the turn carries, if any."""
        found = next((m.event for m in self.messages if m.kind == "handoff" and m.event), None)
        return cast(HandoffEvent, found) if found is not None else None

    @property
    def tap(self) -> str | None:
        """The option id of the latest button or list row tapped, if any."""
        return next((m.reply_id for m in reversed(self.messages) if m.reply_id), None)

    @property
    def order_items(self) -> list[OrderItemData] | None:
        """The items of the latest cart sent from the WhatsApp catalog, if any."""
        order = next((m.order for m in reversed(self.messages) if m.kind == "order" and m.order),
                     None)
        if order is None:
            return None
        return [OrderItemData(product_retailer_id=item.product_retailer_id,
                              quantity=item.quantity, item_price=item.item_price,
                              currency=item.currency)
                for item in order.items]


# "1- camiseta basica", "2) meia preta", "- squeeze": a list's marker, not a count.
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}\s*[-).:]|[-•*])\s*(?=\S)")


def _unnumbered(words: str) -> str:
    """A shopping list typed one item a line ("1- camiseta basica branca tam M\n2- kit de
    meia ..."), with its markers out and each item ended by ";": "1-" is not one unit, and
    each line is an item of its own."""
    lines = words.split("\n")
    if sum(1 for line in lines if _LIST_MARK.match(line)) < 2:
        return words
    return "\n".join(_LIST_MARK.sub("", line).rstrip(" ,;.") + ";" if _LIST_MARK.match(line)
                     else line for line in lines)


def read_turn(state: Mapping[str, Any]) -> Turn:
    """The turn's buyer messages, from their dumps in the graph state."""
    return Turn([InboundMessage.model_validate(m) for m in state.get("inbound") or []])


def turn_text(state: Mapping[str, Any]) -> str:
    """The words of this turn's buyer messages, one message per line ("" for none); with two
    asks in the message, the one this pass through the graph answers."""
    return state.get("reading") or read_turn(state).text
