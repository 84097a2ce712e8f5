"""Personal data never reaches logs in clear, tracebacks included."""

from __future__ import annotations

import logging

from balcao.pii import ScrubbingFormatter, pseudonym, scrub


def test_phone_email_and_cpf_become_stable_pseudonyms() -> None:
    text = scrub("buyer +55 11 98765-4321 wrote maria@gmail.com, cpf 123.456.789-09")
    assert "98765" not in text and "maria@" not in text and "123.456" not in text
    assert pseudonym("maria@gmail.com") in text
    assert scrub("5511987654321") == scrub("5511987654321")


def test_a_logged_traceback_is_scrubbed() -> None:
    formatter = ScrubbingFormatter("%(message)s")
    try:
        raise ValueError("no cart for 5511987654321")
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "turn of %s failed",
                                   ("5511987654321",), exc_info=__import__("sys").exc_info())
    rendered = formatter.format(record)
    assert "5511987654321" not in rendered
    assert "ValueError" in rendered


def test_times_dates_and_ports_are_left_alone() -> None:
    line = "2026-11-22 01:50:40,270 INFO uvicorn: 127.0.0.1:48360 - GET /healthz port=5432"
    assert scrub(line) == line
    for phone in ("(11) 98765-4321", "+55 11 98765-4321", "11 98765 4321"):
        assert "98765" not in scrub(f"ligue {phone} agora")
