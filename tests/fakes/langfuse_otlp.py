"""A local fake of Langfuse's OpenTelemetry ingestion, served over real HTTP.

It follows Langfuse's documented endpoint (the public API's "OpenTelemetry Traces Ingestion
Endpoint"): `POST /api/public/otel/v1/traces`, Basic auth with the public key as user and
the secret key as password (401 otherwise), an OTLP/HTTP body: a protobuf
`ExportTraceServiceRequest` (`Content-Type: application/x-protobuf`), gzip-compressed when
`Content-Encoding: gzip`; the answer is an empty `ExportTraceServiceResponse`. The body is
decoded with opentelemetry-proto's own messages, and each span kept as a `Span` (names,
ids, attributes decoded to Python values) in `spans`.

    with FakeLangfuse() as langfuse:
        Settings(LANGFUSE_HOST=langfuse.base_url, LANGFUSE_PUBLIC_KEY=langfuse.public_key,
                 LANGFUSE_SECRET_KEY=langfuse.secret_key)
"""

from __future__ import annotations

import base64
import gzip
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, Response
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

from tests.fakes.server import LocalServer


@dataclass
class Span:
    """One received span: ids as hex, attributes as plain values."""

    name: str
    trace_id: str
    span_id: str
    parent_id: str
    start_ns: int
    end_ns: int
    attributes: dict[str, Any] = field(default_factory=dict)
    scope: str = ""


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return [_value(v) for v in value.array_value.values]
    if kind == "kvlist_value":
        return {kv.key: _value(kv.value) for kv in value.kvlist_value.values}
    return getattr(value, kind) if kind else None


class FakeLangfuse:
    """Langfuse's OTLP ingestion on 127.0.0.1, recording what it receives."""

    def __init__(self, public_key: str = "pk-lf-fake", secret_key: str = "sk-lf-fake") -> None:
        self.public_key = public_key
        self.secret_key = secret_key
        self.spans: list[Span] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = LocalServer(self._build_app(), "fake Langfuse")

    @property
    def base_url(self) -> str:
        """What `LANGFUSE_HOST` would hold."""
        return self._server.base_url

    def __enter__(self) -> FakeLangfuse:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    def _build_app(self) -> FastAPI:
        app = FastAPI()
        expected = "Basic " + base64.b64encode(
            f"{self.public_key}:{self.secret_key}".encode()).decode()

        @app.post("/api/public/otel/v1/traces")
        async def traces(request: Request) -> Response:
            if request.headers.get("authorization") != expected:
                return Response('{"message":"Invalid credentials"}', status_code=401,
                                media_type="application/json")
            if request.headers.get("content-type") != "application/x-protobuf":
                return Response('{"message":"protobuf expected"}', status_code=415,
                                media_type="application/json")
            body = await request.body()
            if request.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            export = ExportTraceServiceRequest.FromString(body)
            with self._lock:
                self.headers.append(dict(request.headers))
                self.spans.extend(_spans(export))
            return Response(ExportTraceServiceResponse().SerializeToString(),
                            media_type="application/x-protobuf")

        return app


def _spans(export: ExportTraceServiceRequest) -> list[Span]:
    found = []
    for resource in export.resource_spans:
        for scoped in resource.scope_spans:
            for span in scoped.spans:
                found.append(Span(
                    name=span.name, trace_id=span.trace_id.hex(), span_id=span.span_id.hex(),
                    parent_id=span.parent_span_id.hex(), start_ns=span.start_time_unix_nano,
                    end_ns=span.end_time_unix_nano, scope=scoped.scope.name,
                    attributes={kv.key: _value(kv.value) for kv in span.attributes}))
    return found
