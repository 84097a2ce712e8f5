"""The `---` block at the top of a knowledge file: YAML keys, each checked, with its line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

KINDS = ("policy", "faq", "about")
LANGS = ("pt", "en")
KEYS = ("id", "kind", "lang", "title")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$")

Issue = tuple[int, str]
"""(1-based line, reason)."""


@dataclass(frozen=True)
class FrontMatter:
    """A file's validated keys; `body_line` is the line where the text after `---` starts."""

    doc_id: str | None
    kind: str
    lang: str | None
    title: str
    body_line: int


class FrontMatterMissing(Exception):
    """The file has no `---` block at the top; `issue` says what is wrong, on which line."""

    def __init__(self, line: int, reason: str) -> None:
        self.issue: Issue = (line, reason)
        super().__init__(f"line {line}: {reason}")


def split(lines: list[str]) -> tuple[list[str], int]:
    """The front matter's lines and the body's first line number.

    Args:
        lines: The file's lines.

    Returns:
        (the lines between the two `---`, 1-based number of the first body line).

    Raises:
        FrontMatterMissing: When the file does not open and close a front matter block.
    """
    if not lines or lines[0].strip() != "---":
        raise FrontMatterMissing(1, "the file must start with a '---' line (front matter "
                                 "with kind and title)")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return lines[1:index], index + 2
    raise FrontMatterMissing(1, "the front matter opened here is never closed with '---'")


def parse(block: list[str], body_line: int) -> FrontMatter | list[Issue]:
    """Validates the keys of a front matter block.

    Args:
        block: The lines between the `---` lines (the first is the file's line 2).
        body_line: Where the body starts.

    Returns:
        The keys, or every problem found with its line.
    """
    try:
        loader = yaml.SafeLoader("\n".join(block))
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        return [(line, f"front matter is not valid YAML: {exc.problem or exc}")]
    if not isinstance(data, dict):
        return [(2, "front matter must be 'key: value' lines (kind, title, lang, id)")]
    lines = _key_lines(node)
    issues = _unknown_keys(data, lines)
    values = {key: data.get(key) for key in KEYS}
    for key in ("kind", "title"):
        if values[key] in (None, ""):
            issues.append((1, f"front matter: '{key}' is required"))
    issues += _check_values(values, lines)
    if issues:
        return sorted(issues)
    return FrontMatter(
        doc_id=values["id"], kind=str(values["kind"]), lang=values["lang"],
        title=str(values["title"]).strip(), body_line=body_line,
    )


def _key_lines(node: Any) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 2 for key, _ in node.value}


def _unknown_keys(data: dict[Any, Any], lines: dict[str, int]) -> list[Issue]:
    issues = []
    for key in data:
        if str(key) not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (use {', '.join(KEYS)})"
            issues.append((lines.get(str(key), 2), f"unknown key '{key}'{hint}"))
    return issues


def _check_values(values: dict[str, Any], lines: dict[str, int]) -> list[Issue]:
    issues = []
    kind, lang, doc_id, title = values["kind"], values["lang"], values["id"], values["title"]
    if kind not in (None, "") and kind not in KINDS:
        issues.append((lines["kind"], f"kind '{kind}' is not one of {', '.join(KINDS)}"))
    if lang is not None and lang not in LANGS:
        issues.append((lines["lang"], f"lang '{lang}' is not one of {', '.join(LANGS)}"))
    if doc_id is not None and not (isinstance(doc_id, str) and _ID.match(doc_id)):
        issues.append((lines["id"], f"id '{doc_id}': use lower-case letters, digits, - and _"))
    if title not in (None, "") and not isinstance(title, str | int | float):
        issues.append((lines["title"], "title must be text"))
    return issues
