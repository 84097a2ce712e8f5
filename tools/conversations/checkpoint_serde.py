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

import base64
import json
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


PACKED = "balcao_maps"
"""Key of a checkpoint row's packed maps (`pack_maps`)."""

PACK_BELOW = 1_600
"""Characters of checkpoint JSON under which a row is packed: Postgres compresses a row only
above ~2 KB (`TOAST_TUPLE_THRESHOLD`; JSONB takes ~1.2 bytes a character), so a smaller
checkpoint is stored as it is, and its version maps are most of it. A larger one is left to
Postgres, whose compression of the whole row does better."""

_UNPACKED = ("versions_seen", "updated_channels")


def pack_maps(checkpoint: dict[str, Any], blob_channels: set[str]) -> dict[str, Any]:
    """The checkpoint as stored: when small, the maps that only Python reads (`versions_seen`,
    `updated_channels`, the versions of channels without a blob row) zlib-compressed into one
    string. The versions of the channels with a blob row stay: LangGraph's queries join the
    blobs on them, and upkeep's prune reads them (tools/conversations/checkpoints.py)."""
    plain = json.dumps(checkpoint, separators=(",", ":"))
    if len(plain) >= PACK_BELOW:
        return checkpoint
    versions = checkpoint["channel_versions"]
    maps = {key: checkpoint[key] for key in _UNPACKED if key in checkpoint}
    maps["channel_versions"] = {k: v for k, v in versions.items() if k not in blob_channels}
    text = base64.b85encode(zlib.compress(json.dumps(maps, separators=(",", ":")).encode(), 9))
    packed = {k: v for k, v in checkpoint.items() if k not in _UNPACKED}
    packed["channel_versions"] = {k: v for k, v in versions.items() if k in blob_channels}
    packed[PACKED] = text.decode()
    return packed if len(json.dumps(packed, separators=(",", ":"))) < len(plain) else checkpoint


def unpack_maps(stored: dict[str, Any]) -> dict[str, Any]:
    """The checkpoint `pack_maps` stored, whole again (an unpacked one as it is)."""
    if PACKED not in stored:
        return stored
    maps = json.loads(zlib.decompress(base64.b85decode(stored[PACKED])))
    checkpoint = {k: v for k, v in stored.items() if k != PACKED}
    checkpoint["channel_versions"] = {**stored["channel_versions"], **maps.pop("channel_versions")}
    return checkpoint | maps
