"""The service started for one channel's end-to-end tests: the default store's YAML with that
channel's settings (secrets as ${ENV} references), the small catalog, no WhatsApp."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import yaml

from tests.service import REPO, ServiceProcess

SMALL_CATALOG = REPO / "tests" / "e2e" / "small_catalog.jsonl"


def start_channel_service(folder: Path, db_url: str, channels: dict[str, Any],
                          secrets: dict[str, str]) -> ServiceProcess:
    """The service with the default store on `channels` and the small catalog imported;
    `secrets` are the environment variables the channel settings refer to."""
    store = yaml.safe_load((REPO / "balcao/demo/store.yaml").read_text())
    store["channels"] = channels
    (folder / "stores").mkdir()
    (folder / "stores" / "default.yaml").write_text(yaml.safe_dump(store, allow_unicode=True))
    env = {"DATABASE_URL": db_url, "BALCAO_DATA_DIR": str(folder / "data"),
           "BALCAO_DEMO_STORE": "false", "BALCAO_DEMO_MODE": "true",
           "BALCAO_STORES_DIR": str(folder / "stores"), "BALCAO_DEBOUNCE_MS": "200",
           "BALCAO_WORKER_POLL_MS": "50", "BALCAO_OUTBOX_MAX_ATTEMPTS": "6",
           "BALCAO_EMBEDDINGS": "none",  # full-text search is enough here, and starts fast
           **secrets}
    imported = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "catalog", "import", str(SMALL_CATALOG)],
        cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    return ServiceProcess(env, folder / "service.log").start()


def settled_reply(db_url: str, buyer_id: str, *, timeout: float = 10
                  ) -> tuple[int, str | None, str]:
    """(attempts, last error, status) of the buyer's one outbox row once the sender has
    recorded its last try: the channel may have the message a moment before the row says so."""
    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(db_url) as conn:
            [row] = conn.execute(
                "SELECT o.attempts, o.last_error, o.status FROM outbox o JOIN conversations c"
                " ON c.id = o.conversation_id WHERE c.buyer_id = %s", (buyer_id,)).fetchall()
        if row[2] != "pending" or time.monotonic() > deadline:
            return row
        time.sleep(0.05)
