"""Dependencies, declared once; handlers take them as parameters, tests override them."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, Request

from api.resources import Resources
from balcao.settings import Settings


def get_resources(request: Request) -> Resources:
    return request.state.resources


def get_settings(request: Request) -> Settings:
    return request.state.resources.settings


def get_turn_wake(request: Request) -> asyncio.Event:
    """Set after storing inbound messages, so the in-process worker looks at once."""
    return request.state.turn_wake


def get_outbox_wake(request: Request) -> asyncio.Event:
    """Set after recording outbound messages, so the in-process sender sends at once."""
    return request.state.outbox_wake


ResourcesDep = Annotated[Resources, Depends(get_resources)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TurnWakeDep = Annotated[asyncio.Event, Depends(get_turn_wake)]
OutboxWakeDep = Annotated[asyncio.Event, Depends(get_outbox_wake)]
