"""Business hours as buyers read them: "seg a sex, 9h às 18h; sáb, 9h às 13h; dom, fechado"."""

from __future__ import annotations

from balcao.escalation_config import WEEKDAYS, parse_range

_SHORT = {
    "pt": {"mon": "seg", "tue": "ter", "wed": "qua", "thu": "qui", "fri": "sex", "sat": "sáb",
           "sun": "dom"},
    "en": {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat",
           "sun": "Sun"},
}
_WORDS = {
    "pt": {"to": " a ", "range": "{start} às {end}", "closed": "fechado", "and": " e "},
    "en": {"to": "–", "range": "{start} to {end}", "closed": "closed", "and": " and "},
}


def clock(minutes: int, lang: str) -> str:
    """Minutes since midnight as "9h", "9h30" (pt) or "9am", "6:30pm" (en)."""
    hour, minute = divmod(minutes, 60)
    if lang != "en":
        return f"{hour}h" + (f"{minute:02d}" if minute else "")
    if hour in (0, 24):
        return "midnight" if not minute else f"12:{minute:02d}am"
    suffix = "am" if hour < 12 else "pm"
    shown = hour if hour <= 12 else hour - 12
    return f"{shown}" + (f":{minute:02d}" if minute else "") + suffix


def day_ranges(ranges: list[str], lang: str) -> str:
    """A day's ranges: "9h às 12h e 14h às 18h"."""
    words = _WORDS["en" if lang == "en" else "pt"]
    parts = []
    for text in ranges:
        start, end = parse_range(text)
        parts.append(words["range"].format(start=clock(start, lang), end=clock(end, lang)))
    return words["and"].join(parts)


def week_text(week: dict[str, list[str]], lang: str) -> str:
    """The week from Monday, runs of days with the same hours joined, closed days said."""
    lang = "en" if lang == "en" else "pt"
    words, short = _WORDS[lang], _SHORT[lang]
    runs: list[tuple[str, str, str]] = []
    for day in WEEKDAYS:
        hours = day_ranges(week.get(day, []), lang) if week.get(day) else words["closed"]
        if runs and runs[-1][2] == hours:
            runs[-1] = (runs[-1][0], day, hours)
        else:
            runs.append((day, day, hours))
    parts = []
    for first, last, hours in runs:
        days = short[first] if first == last else f"{short[first]}{words['to']}{short[last]}"
        parts.append(f"{days}, {hours}")
    return "; ".join(parts)
