"""The golden conversations, run as CI runs them: every case, and crash-resume equivalence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from tests.service import REPO

CASES = REPO / "evals" / "cases"


def test_every_golden_conversation_passes_with_a_crash_after_every_step(
    pg_server_url: str, tmp_path: Path
) -> None:
    junit = tmp_path / "golden.xml"
    result = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "eval", "--crash-every-step",
         "--junit", str(junit)],
        cwd=REPO, env={**os.environ, "DATABASE_URL": pg_server_url},
        capture_output=True, text=True, timeout=900,
    )
    closing = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    cases = len(list(CASES.rglob("*.yaml")))
    assert closing == f"{cases} passed, 0 failed"
    assert cases >= 40
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
