"""`/healthz`: answers once the service is ready (database reachable, graph compiled)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ResourcesDep

router = APIRouter()


@router.get("/healthz")
async def healthz(resources: ResourcesDep) -> JSONResponse:
    try:
        async with resources.pool.connection(timeout=2) as conn:
            await conn.execute("SELECT 1")
    except Exception as err:
        return JSONResponse({"status": "unavailable", "error": type(err).__name__}, 503)
    return JSONResponse({"status": "ok"})
