"""The golden conversations, run as CI runs them: every case, and crash-resume equivalence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from tests.service import REPO

CASES = REPO / "evals" / "cases"
CRASH_PARTS = 4
"""The crash-every-step run, split so xdist spreads it over its workers (whole, ~6 min)."""


def _cases_in(folder: Path) -> int:
    return len(list(folder.rglob("*.yaml")))


def case_folders() -> list[Path]:
    """Every folder of evals/cases that holds a case."""
    return sorted(p for p in CASES.iterdir() if p.is_dir() and _cases_in(p))


def _turns_in(folder: Path) -> int:
    """What a folder costs to run: its cases' turns (each stopped after every step)."""
    return sum(len((yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("turns") or [])
               for f in folder.rglob("*.yaml"))


def crash_parts(folders: list[Path], parts: int) -> list[list[Path]]:
    """The folders dealt into `parts` groups of about as many turns each, largest first."""
    weights = {folder: _turns_in(folder) for folder in folders}
    groups: list[list[Path]] = [[] for _ in range(parts)]
    sizes = [0] * parts
    for folder in sorted(folders, key=lambda f: (-weights[f], f.name)):
        lightest = sizes.index(min(sizes))
        groups[lightest].append(folder)
        sizes[lightest] += weights[folder]
    return [sorted(group) for group in groups if group]


PARTS = crash_parts(case_folders(), CRASH_PARTS)


def test_the_crash_parts_run_every_case_exactly_once() -> None:
    dealt = [folder for part in PARTS for folder in part]
    assert sorted(dealt) == case_folders()  # a new folder lands in a part, none twice
    assert not list(CASES.glob("*.yaml"))  # a case outside a folder would be in no part
    assert sum(_cases_in(f) for f in dealt) == len(list(CASES.rglob("*.yaml"))) >= 40


@pytest.mark.parametrize("folders", PARTS, ids=lambda part: "+".join(f.name for f in part))
def test_every_golden_conversation_passes_with_a_crash_after_every_step(
    pg_server_url: str, tmp_path: Path, folders: list[Path]
) -> None:
    junit = tmp_path / "golden.xml"
    result = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "eval", "--crash-every-step",
         "--junit", str(junit), *map(str, folders)],
        cwd=REPO, env={**os.environ, "DATABASE_URL": pg_server_url},
        capture_output=True, text=True, timeout=900,
    )
    closing = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    cases = sum(_cases_in(f) for f in folders)
    assert closing == f"{cases} passed, 0 failed"
    suite = ElementTree.parse(junit).getroot()
    assert suite.get("tests") == str(cases) and suite.get("failures") == "0"
    assert "node coverage: " in result.stdout


def test_a_failing_case_fails_the_run_and_names_what_differed(
    pg_server_url: str, tmp_path: Path
) -> None:
    case = tmp_path / "wrong.yaml"
    case.write_text(
        "id: deliberately-wrong\nturns:\n  - say: oi\n    expect:\n"
        "      intent: checkout\n      reply: {template: payment_link}\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "eval", str(case)],
        cwd=REPO, env={**os.environ, "DATABASE_URL": pg_server_url},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    assert "intent: expected 'checkout', got 'greeting'" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"
