"""Removing a person from the text of rows that must be kept (an order's notes, history)."""

from __future__ import annotations

import json
import re
from typing import Any

from balcao.pii import PERSONAL_PATTERNS

ERASED = "[apagado]"


def anonymise_text(text: str, known: list[str]) -> str:
    """The text without the person's known values (name, phone, address...) and without
    anything shaped like a phone, e-mail or CPF."""
    for value in known:
        text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
    for pattern in PERSONAL_PATTERNS:
        text = pattern.sub(ERASED, text)
    return text


def anonymise_json(value: Any, known: list[str]) -> Any:
    """The same, for every string of a JSON value (keys kept)."""
    if isinstance(value, str):
        return anonymise_text(value, known)
    if isinstance(value, dict):
        return {k: anonymise_json(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [anonymise_json(v, known) for v in value]
    return value


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
