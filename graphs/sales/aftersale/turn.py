"""What every after-sale step reads: the turn's words, the services, the buyer's orders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphs.sales.aftersale_types import AftersaleData
from graphs.sales.context import Context
from graphs.sales.inbound import turn_text
from graphs.sales.outcomes import Outcome
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from tools.catalog.text import fold
from tools.orders.models import Order


@dataclass
class AftersaleTurn:
    """One turn of the after-sale steps."""

    state: SalesState
    services: Services
    context: Context
    conv_id: int
    orders: list[Order] = field(default_factory=list)
    """The buyer's latest orders, newest first (never anyone else's)."""

    @property
    def text(self) -> str:
        return turn_text(self.state)

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def intent(self) -> str:
        return str((self.state.get("classification") or {}).get("intent", "other"))

    @property
    def entities(self) -> dict[str, Any]:
        return dict((self.state.get("classification") or {}).get("entities") or {})

    @property
    def tap(self) -> str:
        """The after-sale option tapped ("confirm:2", "order:1002"), or ""."""
        return (self.state.get("action") or {}).get("aftersale", "")

    @property
    def pending(self) -> str | None:
        return self.state.get("pending_question")

    @property
    def store_id(self) -> str:
        return self.context.store_id


def done(outcome: Outcome, extra: SalesUpdate | None = None) -> SalesUpdate:
    """An after-sale step that ends the request: nothing is asked any more (`extra`: other
    fields the step changes)."""
    update: SalesUpdate = {"outcome": outcome, "aftersale": {}, "pending_question": None}
    update.update(extra or {})
    return update


def ask(outcome: Outcome, data: AftersaleData, question: str) -> SalesUpdate:
    """An after-sale step that asks `question` and keeps the request for the answer."""
    return {"outcome": outcome, "aftersale": data, "pending_question": question}
