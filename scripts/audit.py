"""`./dev audit [pip-audit options]`: the pinned dependencies against known vulnerabilities.

Runs `pip-audit -r constraints.txt` on the exact versions of the lock, without resolving
anything again (`--disable-pip --no-deps`), and with `--strict`, so a package whose advisories
could not be fetched fails the audit instead of being skipped with a warning. pip-audit asks
an advisory service on the internet (PyPI's JSON API by default, OSV with `-s osv`); before
running it this checks that the service answers for a release that exists, and otherwise says
why no audit was done. Exit status: pip-audit's (0 clean, 1 vulnerabilities found), or 2 when
the audit could not run at all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "constraints.txt"
CANNOT_RUN = 2
TIMEOUT_SECONDS = 10


def pip_audit() -> str | None:
    """pip-audit on PATH, or next to this Python (.venv/bin)."""
    beside = Path(sys.executable).parent / "pip-audit"
    return shutil.which("pip-audit") or (str(beside) if beside.exists() else None)


def a_pinned_release() -> tuple[str, str]:
    for line in LOCK.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            return name.strip(), version.strip()
    raise SystemExit(f"audit: no pinned version in {LOCK.name}")


def probe(service: str, name: str, version: str) -> str | None:
    """None when `service` answers for `name` `version` as pip-audit needs, else why not."""
    if service == "osv":
        url = "https://api.osv.dev/v1/query"
        body = json.dumps({"package": {"name": name, "ecosystem": "PyPI"}, "version": version})
        request = urllib.request.Request(url, data=body.encode(), method="POST")
    else:
        url = f"https://pypi.org/pypi/{name}/{version}/json"
        request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):
            return None
    except urllib.error.HTTPError as error:
        return (f"{url} answered HTTP {error.code} for a release that exists (a mirror or proxy"
                " without the advisory API?)")
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return f"{url} cannot be reached ({reason}): no network to the advisory service"


def chosen_service(args: list[str]) -> str:
    for flag in ("-s", "--vulnerability-service"):
        if flag in args and args.index(flag) + 1 < len(args):
            return args[args.index(flag) + 1].lower()
    return "pypi"


def cannot_run(why: str) -> int:
    print(f"audit: cannot run: {why}. No audit was done.", file=sys.stderr)
    return CANNOT_RUN


def main(args: list[str]) -> int:
    executable = pip_audit()
    if executable is None:
        return cannot_run("pip-audit is not installed; install it apart from the project"
                          " (`pipx install pip-audit`) so its own dependencies leave .venv alone")
    if problem := probe(chosen_service(args), *a_pinned_release()):
        return cannot_run(problem)
    command = [executable, "-r", str(LOCK), "--disable-pip", "--no-deps", "--strict",
               "--progress-spinner", "off", *args]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
