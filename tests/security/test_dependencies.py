"""Pinned dependencies and their audit (issue #18), offline: no test here touches the network."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.service import REPO, free_port


def _locked() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_every_dependency_of_pyproject_is_pinned_within_its_bounds() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = _locked()
    for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in constraints.txt: run ./dev lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside {requirement}")
    assert "balcao" not in pins


def test_audit_without_network_says_why_and_claims_nothing(tmp_path: Path) -> None:
    # Every HTTPS request goes to a proxy port nobody listens on: as offline as it gets.
    refused = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "https_proxy": refused, "HTTPS_PROXY": refused}
    # A pip-audit that would say "all clean" if it were ever run without the service.
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "pip-audit").write_text("#!/bin/sh\necho 'No known vulnerabilities found'\n")
    (fake_bin / "pip-audit").chmod(0o755)
    env["PATH"] = f"{fake_bin}{os.pathsep}{env['PATH']}"

    done = subprocess.run([sys.executable, str(REPO / "scripts" / "audit.py")], env=env,
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 2
    assert "cannot run" in done.stderr and "No audit was done" in done.stderr
    assert "pypi.org" in done.stderr
    assert "No known vulnerabilities" not in done.stdout
