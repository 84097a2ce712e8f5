"""`/healthz` (the process answers), `/readyz` (it can do its work) and `/metrics`.

`/readyz` names each check: the database answers, every migration is applied, the workers of
this process are running (when it runs any). `/metrics` is Prometheus text, behind a bearer
token (`BALCAO_METRICS_TOKEN`); without a token configured it does not exist (404).
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api import metrics
from api.deps import ResourcesDep
from balcao.db.migrate import pending_migrations

router = APIRouter()


@router.get("/healthz")
async def healthz() -> JSONResponse:
    """Alive: the process serves requests (its lifespan, which opens the database, is done)."""
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
async def readyz(request: Request, resources: ResourcesDep) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        async with resources.pool.connection(timeout=2) as conn:
            await conn.execute("SELECT 1")
            checks["database"] = "ok"
            missing = await pending_migrations(conn)
            checks["migrations"] = "ok" if not missing else "pending: " + ", ".join(missing)
    except Exception as err:
        checks.setdefault("database", f"unavailable ({type(err).__name__})")
        checks.setdefault("migrations", "unknown")
    workers = getattr(request.state, "workers", None)
    if workers is None or not workers.enabled:
        checks["workers"] = "ok (none in this process)"
    else:
        stopped = workers.failed()
        checks["workers"] = "ok" if not stopped else "stopped: " + ", ".join(stopped)
    failed = sorted(name for name, result in checks.items() if not result.startswith("ok"))
    body = {"status": "ready" if not failed else "not ready", "failed": failed, "checks": checks}
    return JSONResponse(body, 200 if not failed else 503)


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(request: Request, resources: ResourcesDep) -> Response:
    configured = resources.settings.metrics_token
    token = configured.get_secret_value().strip() if configured is not None else ""
    if not token:
        return Response("Not Found", status_code=404)
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response("unauthorized", status_code=401,
                        headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    understanding = resources.services.understanding
    metrics.LLM.source = understanding.stats_by_store if understanding is not None else None
    try:
        async with resources.pool.connection(timeout=2) as conn:
            await metrics.refresh_from_database(conn, resources.clock.now())
    except Exception:  # the process's own series are still worth a scrape
        pass
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)
