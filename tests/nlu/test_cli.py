"""The `balcao nlu` command-line contract, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["intent", "confidence", "entities", "sentiment", "lang"]


def _run(stdin: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "api.cli.nlu", *args], cwd=ROOT,
                          input=stdin.encode("utf-8"), capture_output=True, timeout=60)


def test_classifies_json_lines_in_order() -> None:
    lines = [
        {"text": "procuro vestido azul até 150"},
        {"text": "where is my order 4521?", "lang": "en"},
        {"text": "oi"},
    ]
    done = _run("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "nlu")
    assert done.returncode == 0, done.stderr
    outputs = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [list(output) for output in outputs] == [KEYS] * 3
    assert outputs[0]["intent"] == "search_product"
    assert outputs[0]["entities"] == {"price_max": 150, "color": "azul", "category": "vestido"}
    assert outputs[1]["intent"] == "order_status" and outputs[1]["lang"] == "en"
    assert outputs[1]["entities"] == {"order_id": "4521"}
    assert outputs[2]["intent"] == "greeting"


def test_a_bad_line_is_reported_and_the_rest_still_classified() -> None:
    stdin = '{"text": "oi"}\nthis is not json\n{"lang": "pt"}\n{"text": 3}\n{"text": "tchau"}\n'
    done = _run(stdin)
    assert done.returncode == 1
    outputs = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(outputs) == 5
    assert outputs[0]["intent"] == "greeting"
    assert set(outputs[1]) == {"error", "line"} and outputs[1]["line"] == 2
    assert outputs[2] == {"error": 'missing "text"', "line": 3}
    assert outputs[3]["line"] == 4 and "error" in outputs[3]
    assert outputs[4]["intent"] == "goodbye"


def test_context_can_be_passed_per_line() -> None:
    line = {"text": "2", "context": {"pending_question": "choose_product", "last_list_size": 3}}
    done = _run(json.dumps(line) + "\n")
    output = json.loads(done.stdout)
    assert (output["intent"], output["entities"]) == ("add_to_cart", {"ordinal": 2})
