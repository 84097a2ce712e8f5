"""Records the tool calls nodes make (catalog, cart, payment provider), per turn.

Nodes reach tools only through `Services`, so wrapping its clients sees every call without
changing the graph.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

from graphs.sales.services import Services


class ToolRecorder:
    """Collects `<tool>.<method>` names in call order."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def take(self) -> list[str]:
        """The calls since the last `take`."""
        calls, self.calls = self.calls, []
        return calls

    def wrap(self, services: Services) -> Services:
        return dataclasses.replace(
            services,
            catalog=_Recording(services.catalog, "catalog", self),
            carts=_Recording(services.carts, "carts", self),
            gateway=_RecordingGateway(services.gateway, self),
        )


class _Recording:
    def __init__(self, real: Any, name: str, recorder: ToolRecorder) -> None:
        self._real, self._name, self._recorder = real, name, recorder

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._real, attribute)
        if not inspect.iscoroutinefunction(value):
            return value

        async def recorded(*args: Any, **kwargs: Any) -> Any:
            self._recorder.calls.append(f"{self._name}.{attribute}")
            return await value(*args, **kwargs)

        return recorded


class _RecordingGateway:
    def __init__(self, real: Any, recorder: ToolRecorder) -> None:
        self._real, self._recorder = real, recorder

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._real, attribute)

    def provider(self, name: str) -> Any:
        return _RecordingProvider(self._real.provider(name), self._recorder)


class _RecordingProvider:
    def __init__(self, real: Any, recorder: ToolRecorder) -> None:
        self._real, self._recorder = real, recorder
        self.name = real.name

    async def create(self, request: Any) -> Any:
        self._recorder.calls.append("payments.create")
        return await self._real.create(request)

    async def notification(self, *args: Any, **kwargs: Any) -> Any:
        return await self._real.notification(*args, **kwargs)

    async def refund(self, request: Any) -> Any:
        self._recorder.calls.append("payments.refund")
        return await self._real.refund(request)
