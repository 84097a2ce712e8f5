"""Keeps personal data and bearer tokens out of logs: phone numbers, names, e-mails, CPF
become keyed pseudonyms; payment-page tokens and secret query values become markers."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from balcao.settings import Settings, get_settings, install_secret

PERSONAL_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail
    re.compile(r"\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b"),  # CPF
    # Phone numbers as WhatsApp ids (10-15 digits) or as people write them, "+55 11 98765-4321"
    # or "(11) 98765-4321"; dates and times do not have these shapes.
    re.compile(r"(?<![\w:])\d{10,15}(?![\w:])"),
    re.compile(r"(?<![\w:])(?:\+?\d{2,3}[\s.-]?)?\(?\d{2}\)?[\s.-]?\d{4,5}[\s.-]\d{4}(?!\w)"),
]


# Bearer tokens in URLs: the payment page's path token, and query values that open or sign
# something (the sandbox buttons' grant, Meta's verify token). A log line keeps the route.
_TOKEN_PATH = re.compile(r"(/pay/)[^/?#\s\"']+")
_TOKEN_QUERY = re.compile(
    r"([?&](?:[\w.]*token|grant|csrf|sig|signature|secret|key|code)=)[^&#\s\"']+", re.IGNORECASE
)

_secret: str | None = None


def use_pseudonym_secret(settings: Settings) -> None:
    """Keys pseudonyms with BALCAO_PSEUDONYM_SECRET, or with a secret generated once for this
    install in the data folder when unset (never a fixed value: knowing the code must not
    let anyone hash the whole phone range and reverse a log line)."""
    global _secret
    configured = settings.pseudonym_secret
    _secret = (configured.get_secret_value() if configured is not None
               else install_secret(settings.data_dir, "pseudonym_secret"))


def _pseudonym_key() -> bytes:
    if _secret is None:
        use_pseudonym_secret(get_settings())
    assert _secret is not None
    return _secret.encode()


def pseudonym(value: str | None, *, secret: str | None = None) -> str:
    """A stable, non-reversible tag for a personal value, so logs can still correlate.

    HMAC-SHA256 under the install's secret (`secret` overrides it): without the key, a
    phone number cannot be found by hashing every candidate.
    """
    if not value:
        return "-"
    key = secret.encode() if secret is not None else _pseudonym_key()
    return "h:" + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:12]


def redact_tokens(text: str) -> str:
    """Replaces bearer tokens in URLs (`/pay/<token>`, `?grant=...`) with a marker."""
    text = _TOKEN_PATH.sub(r"\1[token]", text)
    return _TOKEN_QUERY.sub(r"\1[redacted]", text)


def scrub(text: str) -> str:
    """Replaces anything that looks like personal data in free text with its pseudonym, and
    bearer tokens in URLs with a marker."""
    text = redact_tokens(text)
    for pattern in PERSONAL_PATTERNS:
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


def configure_logging(level: str = "INFO", fmt: str = "text",
                      settings: Settings | None = None) -> None:
    """Sets up root logging through a scrubbing formatter: `text` lines or `json` lines.

    uvicorn's records (its access log included) reach the same handler when uvicorn runs with
    `log_config=None`, so request paths lose their tokens too. With `settings`, pseudonyms
    are keyed now rather than on first use.
    """
    if settings is not None:
        use_pseudonym_secret(settings)
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
