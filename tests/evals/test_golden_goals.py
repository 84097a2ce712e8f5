"""`balcao eval` on cases with goals: the figures it prints, `--goals-only` and `--measure`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.service import REPO

REACHED = """id: goal-reached-despite-an-expectation
goal:
  cart: {"@1:1 tamanho=M,cor=preto": 1}
turns:
  - say: "tem camiseta dry fit?"
    expect: {intent: checkout}
  - say: "quero a primeira tamanho m preta"
"""
MISSED = """id: goal-missed
goal:
  orders: [pending_payment]
turns:
  - say: "oi"
"""


def _eval(pg_server_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "evals.golden", *args],
        cwd=REPO, env={**os.environ, "DATABASE_URL": pg_server_url},
        capture_output=True, text=True, timeout=300,
    )


def test_goals_are_reported_and_judged_as_asked(pg_server_url: str, tmp_path: Path) -> None:
    (tmp_path / "reached.yaml").write_text(REACHED)
    (tmp_path / "missed.yaml").write_text(MISSED)

    plain = _eval(pg_server_url, str(tmp_path))
    out = plain.stdout
    assert plain.returncode == 1, out + plain.stderr[-3000:]
    assert (f"FAIL {tmp_path.name}/goal-reached-despite-an-expectation (2 turns, goal at "
            "buyer turn 2)") in out
    assert "turn 1: intent: expected 'checkout', got 'search_product'" in out
    assert "goal not reached; after the last turn: orders: expected ['pending_payment']" in out
    assert "goals: 1/2 reached their goal (50.0%); buyer turns to goal: median 2, mean 2.0" \
        in out
    assert "  pt: 1/2 reached their goal (50.0%)" in out
    assert "not understood (fallback replies): 0/3 bot replies (0.0%)" in out
    assert out.strip().splitlines()[-1] == "0 passed, 2 failed"

    goals_only = _eval(pg_server_url, str(tmp_path), "--goals-only")
    assert goals_only.returncode == 1
    assert goals_only.stdout.strip().splitlines()[-1] == "1 passed, 1 failed"

    measured = _eval(pg_server_url, str(tmp_path), "--goals-only", "--measure")
    assert measured.returncode == 0
    assert measured.stdout.strip().splitlines()[-1] == "1 passed, 1 failed"
