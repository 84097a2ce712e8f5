"""The CRM interface: a customer's profile, an interaction log, tickets for escalations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from pydantic import BaseModel, Field


class CustomerProfile(BaseModel):
    """What the console and the escalation criteria know about a buyer."""

    buyer_id: str
    name: str | None = None
    vip: bool = False
    orders: int = 0
    """Paid (or later) orders, lifetime."""
    spend: Decimal = Decimal("0")
    """Lifetime spend on those orders."""
    external_id: str | None = None
    """The record's id in an outside CRM, when there is one."""


class Interaction(BaseModel):
    """One thing that happened with a customer (escalated, a reply, a message left)."""

    kind: str
    summary: str
    occurred_at: datetime
    data: dict[str, Any] = Field(default_factory=dict)
    source_key: str
    """Unique per event: logging the same event twice records it once."""


class TicketRequest(BaseModel):
    """A ticket for an escalation."""

    subject: str
    description: str = ""
    priority: str = "MEDIUM"
    """LOW, MEDIUM or HIGH (HubSpot's `hs_ticket_priority` values)."""
    source_key: str
    """Unique per escalation: opening it again returns the same ticket where the CRM allows."""


class CrmError(Exception):
    """The CRM could not be reached or refused the request; callers retry later."""


class CrmClient(Protocol):
    """One customer store; implementations: `PostgresCrm`, `HubSpotCrm`."""

    async def profile(self, store_id: str, buyer_id: str) -> CustomerProfile:
        """The buyer's profile (an empty one for a buyer the CRM does not know)."""
        ...

    async def log_interaction(self, store_id: str, buyer_id: str,
                              interaction: Interaction) -> str:
        """Records an interaction; returns its id in the CRM."""
        ...

    async def open_ticket(self, store_id: str, buyer_id: str, ticket: TicketRequest) -> str:
        """Opens a ticket; returns its id in the CRM."""
        ...

    async def close_ticket(self, store_id: str, ticket_id: str, resolution: str) -> None:
        """Closes a ticket with a short resolution note."""
        ...
