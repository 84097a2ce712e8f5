"""HubSpot as the CRM, over its documented CRM v3 HTTP API.

- Profile: `POST /crm/v3/objects/contacts/search` by phone (`EQ` filter), name from
  `firstname`/`lastname`, VIP from a boolean contact property (`HUBSPOT_VIP_PROPERTY`).
  Lifetime orders and spend come from our own orders table, which is authoritative for money.
- Interactions: notes (`POST /crm/v3/objects/notes`, `hs_timestamp`, `hs_note_body`)
  associated with the contact (HubSpot-defined association type 202, note to contact).
- Tickets: `POST /crm/v3/objects/tickets` (`subject`, `content`, `hs_pipeline`,
  `hs_pipeline_stage`, `hs_ticket_priority`) associated with the contact (type 16, ticket to
  contact); closed with `PATCH /crm/v3/objects/tickets/{id}` to the closed stage.
- A contact is created (`POST /crm/v3/objects/contacts`) the first time a buyer needs one.

HubSpot takes no idempotency key, so a ticket's subject carries its escalation number and a
search by subject runs first: a retry after a lost answer finds the ticket instead of
opening a second (HubSpot's search index lags a few seconds, so this narrows, not closes, the
window).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from balcao.db.connect import Pool
from balcao.pii import pseudonym
from tools.crm.base import CrmError, CustomerProfile, Interaction, TicketRequest
from tools.crm.orders import order_totals

log = logging.getLogger(__name__)

NOTE_TO_CONTACT = 202
TICKET_TO_CONTACT = 16


class HubSpotCrm:
    """`CrmClient` on HubSpot."""

    def __init__(self, http: httpx.AsyncClient, *, base_url: str, access_token: str,
                 pool: Pool, vip_property: str = "balcao_vip",
                 pipeline: str = "0", open_stage: str = "1", closed_stage: str = "4") -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._pool = pool
        self._vip = vip_property
        self._pipeline = pipeline
        self._open_stage = open_stage
        self._closed_stage = closed_stage
        self._contacts: dict[str, str] = {}

    async def profile(self, store_id: str, buyer_id: str) -> CustomerProfile:
        contact = await self._find_contact(buyer_id)
        async with self._pool.connection() as conn:
            orders, spend = await order_totals(conn, store_id, buyer_id)
        if contact is None:
            return CustomerProfile(buyer_id=buyer_id, orders=orders, spend=spend)
        props = contact.get("properties") or {}
        name = " ".join(p for p in (props.get("firstname"), props.get("lastname")) if p)
        return CustomerProfile(
            buyer_id=buyer_id, name=name or None,
            vip=str(props.get(self._vip) or "").lower() == "true",
            orders=orders, spend=spend, external_id=str(contact["id"]),
        )

    async def log_interaction(self, store_id: str, buyer_id: str,
                              interaction: Interaction) -> str:
        contact_id = await self._contact_id(buyer_id)
        body = {
            "properties": {
                "hs_timestamp": interaction.occurred_at.isoformat(),
                "hs_note_body": interaction.summary
                + "".join(f"\n{k}: {v}" for k, v in interaction.data.items()),
            },
            "associations": [_association(contact_id, NOTE_TO_CONTACT)],
        }
        return str((await self._request("POST", "/crm/v3/objects/notes", body))["id"])

    async def open_ticket(self, store_id: str, buyer_id: str, ticket: TicketRequest) -> str:
        subject = f"{ticket.subject} [{ticket.source_key}]"
        found = await self._search("tickets", "subject", subject, ["subject"])
        if found is not None:
            return str(found["id"])
        contact_id = await self._contact_id(buyer_id)
        body = {
            "properties": {
                "subject": subject, "content": ticket.description,
                "hs_pipeline": self._pipeline, "hs_pipeline_stage": self._open_stage,
                "hs_ticket_priority": ticket.priority,
            },
            "associations": [_association(contact_id, TICKET_TO_CONTACT)],
        }
        return str((await self._request("POST", "/crm/v3/objects/tickets", body))["id"])

    async def close_ticket(self, store_id: str, ticket_id: str, resolution: str) -> None:
        await self._request("PATCH", f"/crm/v3/objects/tickets/{ticket_id}", {
            "properties": {"hs_pipeline_stage": self._closed_stage}})

    # --- contacts ------------------------------------------------------------------------

    async def _find_contact(self, buyer_id: str) -> dict[str, Any] | None:
        return await self._search("contacts", "phone", _phone(buyer_id),
                                  ["firstname", "lastname", "phone", self._vip])

    async def _contact_id(self, buyer_id: str) -> str:
        if buyer_id not in self._contacts:
            contact = await self._find_contact(buyer_id)
            if contact is None:
                contact = await self._request("POST", "/crm/v3/objects/contacts", {
                    "properties": {"phone": _phone(buyer_id)}})
                log.info("HubSpot contact created for %s", pseudonym(buyer_id))
            self._contacts[buyer_id] = str(contact["id"])
        return self._contacts[buyer_id]

    # --- HTTP ----------------------------------------------------------------------------

    async def _search(self, object_type: str, prop: str, value: str,
                      properties: list[str]) -> dict[str, Any] | None:
        answer = await self._request("POST", f"/crm/v3/objects/{object_type}/search", {
            "filterGroups": [{"filters": [{"propertyName": prop, "operator": "EQ",
                                           "value": value}]}],
            "properties": properties, "limit": 1,
        })
        results = answer.get("results") or []
        return results[0] if results else None

    async def _request(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await self._http.request(method, self._base + path, json=body,
                                                headers=self._headers)
        except httpx.HTTPError as err:
            raise CrmError(f"HubSpot unreachable: {type(err).__name__}") from err
        if response.status_code >= 400:
            try:
                detail = response.json().get("category") or response.json().get("message")
            except ValueError:
                detail = response.text[:200]
            raise CrmError(f"HubSpot {method} {path}: {response.status_code} {detail}")
        return response.json() if response.content else {}


def _association(to_id: str, type_id: int) -> dict[str, Any]:
    return {"to": {"id": to_id},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}]}


def _phone(buyer_id: str) -> str:
    """A WhatsApp id in E.164, as HubSpot phone properties hold it."""
    return buyer_id if buyer_id.startswith("+") else f"+{buyer_id}"
