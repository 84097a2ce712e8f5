"""The CRM the settings name: `postgres` (default) or `hubspot`."""

from __future__ import annotations

import httpx

from balcao.clock import Clock
from balcao.db.connect import Pool
from balcao.settings import Settings
from tools.crm.base import CrmClient


def build_crm(settings: Settings, pool: Pool, http: httpx.AsyncClient,
              clock: Clock) -> CrmClient:
    """Raises ValueError for an unknown CRM or missing HubSpot settings (at start)."""
    if settings.crm == "postgres":
        from tools.crm.postgres import PostgresCrm

        return PostgresCrm(pool, clock)
    if settings.crm == "hubspot":
        from tools.crm.hubspot import HubSpotCrm

        if settings.hubspot_access_token is None:
            raise ValueError("BALCAO_CRM=hubspot needs HUBSPOT_ACCESS_TOKEN")
        return HubSpotCrm(
            http, base_url=settings.hubspot_api_base_url,
            access_token=settings.hubspot_access_token.get_secret_value(), pool=pool,
            vip_property=settings.hubspot_vip_property,
            pipeline=settings.hubspot_ticket_pipeline,
            open_stage=settings.hubspot_ticket_open_stage,
            closed_stage=settings.hubspot_ticket_closed_stage,
        )
    raise ValueError(f"unknown BALCAO_CRM {settings.crm!r}: use postgres or hubspot")
