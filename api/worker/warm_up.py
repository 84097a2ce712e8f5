"""Work done once per worker process before its first turn, not inside it."""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any

from tools.catalog.client import PostgresCatalog

log = logging.getLogger(__name__)


async def warm_up(services: Any) -> None:
    """Loads the search model and embeds one query. Left to the first turn, loading takes
    seconds (profiled: unpickling the model and building its tokenizer), and every turn that
    starts meanwhile waits for it too."""
    catalog = services.catalog
    if not isinstance(catalog, PostgresCatalog):
        return
    try:
        embedder = await catalog.embedder()
        if embedder is not None:
            await asyncio.to_thread(embedder.embed_query, "oi")
    except Exception:  # the turns load it again, and report what fails there
        log.exception("warming up the search model failed")
    freeze_startup_objects()


def freeze_startup_objects() -> None:
    """Keeps what the process built to start (modules, the graph, the model: ~150,000 objects)
    out of the garbage collector's full passes: one pass over them took ~90 ms, a stall of
    every turn and acknowledgement on the event loop each time the collector ran it; frozen,
    a pass reads only what turns left alive. Once a process (the objects frozen are never
    freed, so not again for what later work built)."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()
