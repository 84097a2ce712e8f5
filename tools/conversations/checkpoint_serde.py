"""How the service serializes checkpoint values: LangGraph's, with the larger ones compressed.

A turn stores each channel it changed as one `checkpoint_blobs` row: the conversation's
`messages` window twice (the buyer's line, then the bot's), the reply, the inbound batch, the
classification... (~2.6 KB of msgpack a turn, docs/performance.md). These rows are under the
size at which Postgres compresses a row itself (~2 KB), so they were stored as they are.
`zlib` roughly halves them for ~20 µs a value.

The stored type says which values are compressed (`zlib+msgpack`), so the rows written before
read as ever; but LangGraph's stock serializer cannot read the new ones: every reader of the
checkpoint tables uses this serializer (the service's `TurnSaver`, api/checkpointer.py, which
the golden runner and replay use too; the privacy export, tools/privacy/checkpoints.py).
"""

from __future__ import annotations

import zlib
from typing import Any

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

COMPRESSED = "zlib+"
"""Prefix of the stored type of a compressed value (then the inner type: `zlib+msgpack`)."""

COMPRESS_FROM = 128
"""Bytes from which a value is worth compressing: below it zlib's own header and the lack of
repetition leave nothing to gain (most state keys are a few dozen bytes)."""


class CompressingSerializer(JsonPlusSerializer):
    """LangGraph's serializer, with values of `COMPRESS_FROM` bytes or more zlib-compressed
    when that makes them smaller. A subclass rather than a wrapper: the graph derives its
    msgpack allowlist from the saver's serializer (`with_msgpack_allowlist`, a copy of it)."""

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        kind, data = super().dumps_typed(obj)
        if data is None or len(data) < COMPRESS_FROM:
            return kind, data
        packed = zlib.compress(data, 6)
        return (COMPRESSED + kind, packed) if len(packed) < len(data) else (kind, data)

    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        kind, payload = data
        if kind.startswith(COMPRESSED):
            return super().loads_typed((kind[len(COMPRESSED):], zlib.decompress(payload)))
        return super().loads_typed(data)
