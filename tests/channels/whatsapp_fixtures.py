"""The WhatsApp Cloud API fixtures of tests/fixtures/, one case per example (files hold several)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp_cloud"


def fixture_files() -> list[Path]:
    """Every JSON fixture file, sorted."""
    return sorted(FIXTURES.rglob("*.json"))


def cases() -> list[tuple[str, Any]]:
    """`("<relative path>::<example name>", example)` for every example of every file."""
    found = []
    for path in fixture_files():
        data = json.loads(path.read_text())
        rel = path.relative_to(FIXTURES).as_posix()
        if isinstance(data, dict) and "object" not in data:
            found.extend((f"{rel}::{name}", example) for name, example in data.items())
        else:
            found.append((rel, data))
    return found


def example(case_id: str) -> dict[str, Any]:
    """One example by its case id, e.g. `pywa/updates/message.json::text`."""
    for found_id, data in cases():
        if found_id == case_id:
            return data
    raise KeyError(case_id)


def raw(case_id: str) -> bytes:
    """One example as a webhook body."""
    return json.dumps(example(case_id), ensure_ascii=False).encode()
