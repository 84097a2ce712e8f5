"""Keeps personal data out of logs: phone numbers, names, e-mails, CPF become short hashes."""

from __future__ import annotations

import hashlib
import logging
import re

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


def configure_logging(level: str = "INFO") -> None:
    """Sets up root logging through the scrubbing formatter."""
    handler = logging.StreamHandler()
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
