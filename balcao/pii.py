"""Keeps personal data out of logs: phone numbers, names, e-mails, CPF become short hashes."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail
    re.compile(r"\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b"),  # CPF
    # Phone numbers as WhatsApp ids (10-15 digits) or as people write them, "+55 11 98765-4321"
    # or "(11) 98765-4321"; dates and times do not have these shapes.
    re.compile(r"(?<![\w:])\d{10,15}(?![\w:])"),
    re.compile(r"(?<![\w:])(?:\+?\d{2,3}[\s.-]?)?\(?\d{2}\)?[\s.-]?\d{4,5}[\s.-]\d{4}(?!\w)"),
]


def pseudonym(value: str | None) -> str:
    """A stable, non-reversible tag for a personal value, so logs can still correlate."""
    if not value:
        return "-"
    return "h:" + hashlib.sha256(value.encode()).hexdigest()[:10]


def scrub(text: str) -> str:
    """Replaces anything that looks like personal data in free text with its pseudonym."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: pseudonym(m.group(0)), text)
    return text


class ScrubbingFormatter(logging.Formatter):
    """Scrubs the whole formatted record, tracebacks included (an exception's message can
    quote a buyer's words or number)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


_CONTEXT: ContextVar[dict[str, str] | None] = ContextVar("balcao_log_context", default=None)


@contextmanager
def log_context(**fields: str) -> Iterator[None]:
    """Adds fields (store, conversation pseudonym, turn id) to the log lines written inside."""
    token = _CONTEXT.set({**(_CONTEXT.get() or {}), **fields})
    try:
        yield
    finally:
        _CONTEXT.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the context fields
    (store, conversation, turn) when set; message and traceback scrubbed like the text form."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key, value in (_CONTEXT.get() or {}).items():
            line[key] = scrub(str(value))
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Sets up root logging through a scrubbing formatter: `text` lines or `json` lines."""
    handler = logging.StreamHandler()
    if fmt.strip().lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
