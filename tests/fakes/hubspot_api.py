"""A local fake of HubSpot's CRM v3 objects API (contacts, notes, tickets), over real HTTP.

It follows HubSpot's documented shapes: Bearer token check (401 with
`category: INVALID_AUTHENTICATION`), `POST /crm/v3/objects/{type}` answering 201 with
`{id, properties, createdAt, updatedAt, archived}`, `PATCH /crm/v3/objects/{type}/{id}`,
`POST /crm/v3/objects/{type}/search` with `filterGroups` (EQ filters) answering
`{total, results}`, and `associations` given at creation (`to.id` plus `types` of
`associationCategory`/`associationTypeId`). Failures can be injected.

In tests::

    with FakeHubSpotApi(token="t") as hubspot:
        crm = HubSpotCrm(http, base_url=hubspot.base_url, access_token="t", pool=pool)
"""

from __future__ import annotations

import itertools
import secrets
import threading
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.fakes.server import LocalServer

_TYPES = {"contacts", "notes", "tickets"}
# HubSpot-defined association types the fake accepts, per (from, to) object type.
_ASSOCIATION_TYPES = {("notes", 202), ("tickets", 16)}
_REQUIRED = {"notes": {"hs_timestamp"}, "tickets": {"subject", "hs_pipeline_stage"}}


def _error(status: int, message: str, category: str) -> JSONResponse:
    return JSONResponse({"status": "error", "message": message,
                         "correlationId": secrets.token_hex(8), "category": category},
                        status_code=status)


class FakeHubSpotApi:
    """The fake on 127.0.0.1 in a background thread.

    Attributes:
        objects: `{type: {id: record}}` as stored (records hold `associations`).
        requests: Every request: `method`, `path`, `json`, `status`.
    """

    def __init__(self, token: str = "hubspot-test-token") -> None:
        self.token = token
        self.objects: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in _TYPES}
        self.requests: list[dict[str, Any]] = []
        self._failures: list[int] = []
        self._ids = itertools.count(1001)
        self._lock = threading.Lock()
        self.app = self._build_app()
        self._server = LocalServer(self.app, "FakeHubSpotApi")

    @property
    def base_url(self) -> str:
        return self._server.base_url

    def add_contact(self, **properties: str) -> str:
        """Seeds a contact (e.g. `phone="+55…", firstname=…, balcao_vip="true"`)."""
        return self._create("contacts", properties, [])["id"]

    def fail_next(self, status: int, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([status] * times)

    def start(self) -> FakeHubSpotApi:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> FakeHubSpotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- behaviour -----------------------------------------------------------------------

    def _create(self, object_type: str, properties: dict[str, Any],
                associations: list[dict[str, Any]]) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        record = {"id": str(next(self._ids)), "properties": dict(properties), "createdAt": now,
                  "updatedAt": now, "archived": False, "associations": associations}
        with self._lock:
            self.objects[object_type][record["id"]] = record
        return record

    def _build_app(self) -> FastAPI:
        app = FastAPI(openapi_url=None, docs_url=None)

        @app.middleware("http")
        async def guard(request: Request, call_next):  # noqa: ANN001, ANN202
            body = await request.body()
            entry = {"method": request.method, "path": request.url.path,
                     "json": __import__("json").loads(body) if body else None}
            with self._lock:
                failure = self._failures.pop(0) if self._failures else None
            if failure is not None:
                response = _error(failure, "injected failure",
                                  "RATE_LIMITS" if failure == 429 else "INTERNAL_ERROR")
            elif request.headers.get("authorization") != f"Bearer {self.token}":
                response = _error(401, "Authentication credentials not found.",
                                  "INVALID_AUTHENTICATION")
            else:
                response = await call_next(request)
            entry["status"] = response.status_code
            with self._lock:
                self.requests.append(entry)
            return response

        @app.post("/crm/v3/objects/{object_type}/search")
        async def search(object_type: str, request: Request) -> JSONResponse:
            if object_type not in _TYPES:
                return _error(404, f"Unknown object type {object_type}", "OBJECT_NOT_FOUND")
            body = await request.json()
            wanted = body.get("properties") or []
            results = []
            for record in list(self.objects[object_type].values()):
                if any(all(record["properties"].get(f["propertyName"]) == f.get("value")
                           for f in group.get("filters") or [] if f.get("operator") == "EQ")
                       for group in body.get("filterGroups") or [{}]):
                    props = {k: record["properties"].get(k) for k in wanted}
                    results.append({**{k: v for k, v in record.items() if k != "associations"},
                                    "properties": {**props, "hs_object_id": record["id"]}})
            limit = int(body.get("limit") or 10)
            return JSONResponse({"total": len(results), "results": results[:limit]})

        @app.post("/crm/v3/objects/{object_type}")
        async def create(object_type: str, request: Request) -> JSONResponse:
            if object_type not in _TYPES:
                return _error(404, f"Unknown object type {object_type}", "OBJECT_NOT_FOUND")
            body = await request.json()
            properties = body.get("properties")
            if not isinstance(properties, dict):
                return _error(400, "Invalid input JSON: properties", "VALIDATION_ERROR")
            missing = _REQUIRED.get(object_type, set()) - set(properties)
            if missing:
                return _error(400, f"Property values were not valid: {sorted(missing)}",
                              "VALIDATION_ERROR")
            associations = body.get("associations") or []
            for association in associations:
                types = association.get("types") or []
                target = (association.get("to") or {}).get("id")
                if target not in self.objects["contacts"] or not all(
                        (object_type, t.get("associationTypeId")) in _ASSOCIATION_TYPES
                        and t.get("associationCategory") == "HUBSPOT_DEFINED" for t in types):
                    return _error(400, "invalid association", "VALIDATION_ERROR")
            record = self._create(object_type, properties, associations)
            return JSONResponse({k: v for k, v in record.items() if k != "associations"},
                                status_code=201)

        @app.patch("/crm/v3/objects/{object_type}/{object_id}")
        async def update(object_type: str, object_id: str, request: Request) -> JSONResponse:
            record = self.objects.get(object_type, {}).get(object_id)
            if record is None:
                return _error(404, f"resource not found {object_id}", "OBJECT_NOT_FOUND")
            record["properties"].update((await request.json()).get("properties") or {})
            return JSONResponse({k: v for k, v in record.items() if k != "associations"})

        return app
