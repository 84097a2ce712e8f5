"""The flood scenario of the load benchmark (`python -m evals.load --flood-messages N`) on a
tiny scale: its structure only. Whether the others' reply times stay within 20 % is measured
by the benchmark itself (evals/load/RESULTS.md), never asserted by a timed test."""

from __future__ import annotations

import re

import pytest

from evals.load.__main__ import main

pytestmark = pytest.mark.slow

FLOOD_MESSAGES = 30
RATE = 1  # messages a minute the flooding buyer may have stored: one turn to wait for


def figure(output: str, pattern: str) -> re.Match[str]:
    found = re.search(pattern, output, re.MULTILINE)
    assert found, f"{pattern!r} not in:\n{output}"
    return found


def test_one_flooding_buyer_is_answered_bounded_and_the_others_exactly_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--buyers", "2", "--turns", "1", "--at-once", "2", "--growth-turns", "0",
                 "--flood-messages", str(FLOOD_MESSAGES), "--flood-rate", str(RATE),
                 "--timeout", "120"])
    output = capsys.readouterr().out

    assert code == 0, output
    # The other buyers: every reply, once, in the baseline and beside the flood.
    assert figure(output, r"^lost\s+(\d+)").group(1) == "0"
    assert figure(output, r"^duplicated\s+(\d+)").group(1) == "0"
    figure(output, r"^baseline\s+reply p50 [\d.]+ ms\s+p95 [\d.]+ ms\s+2 turns")
    figure(output, r"^flood\s+reply p50 [\d.]+ ms\s+p95 [\d.]+ ms\s+2 turns")
    figure(output, r"^ratio\s+p50 [\d.]+\s+p95 [\d.]+\s+\(flood/baseline; within 1.2: (yes|no)\)")
    # The flooding buyer: every delivery acknowledged, only its rate stored, told once to
    # slow down, and at most one reply per stored message besides that.
    flooder = figure(output, r"^flooder .* HTTP \{200: (\d+)\}, (\d+) throttled, (\d+) stored, "
                             r"\d+ turns, (\d+) replies \((\d+) polite\), (\d+) unanswered")
    acknowledged, throttled, stored, replies, polite, unanswered = map(int, flooder.groups())
    assert acknowledged == FLOOD_MESSAGES
    assert stored == RATE and throttled == FLOOD_MESSAGES - RATE
    assert polite == 1 and unanswered == 0
    assert polite < replies <= stored + polite
