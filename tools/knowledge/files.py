"""A knowledge folder read and validated: Markdown files with front matter, split in passages.

The format is `docs/spec/knowledge.md`. Every problem of every file is reported at once, as
`path:line: reason`; a folder with any problem yields no documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tools.knowledge import frontmatter

# A passage longer than this cannot be one WhatsApp answer: the owner splits it.
MAX_PASSAGE_CHARS = 1500
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
_CNPJ = re.compile(r"(?<!\d)(\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2})(?!\d)")
_IGNORED = {"readme.md"}


@dataclass(frozen=True)
class Passage:
    """One answerable piece: a section of a document, or one FAQ entry."""

    position: int
    title: str
    question: str | None
    body: str
    line: int


@dataclass(frozen=True)
class Document:
    """One file: its id, kind, language, title and passages in order."""

    doc_id: str
    kind: str
    lang: str
    title: str
    path: str
    passages: list[Passage]


class KnowledgeFormatError(Exception):
    """A folder that cannot be imported; nothing of it was written.

    Attributes:
        errors: `(path, line, reason)` triples; path relative to the folder ("" for the
            folder or the store), line 1-based (0 when no line applies).
    """

    def __init__(self, errors: list[tuple[str, int, str]]) -> None:
        self.errors = sorted(errors)
        super().__init__("; ".join(format_issue(*e) for e in self.errors))


def format_issue(path: str, line: int, reason: str) -> str:
    """"trocas.md:12: reason", or just the reason when no file or line applies."""
    where = f"{path}:{line}" if path and line else path
    return f"{where}: {reason}" if where else reason


def load_folder(folder: Path) -> list[Document]:
    """Every `.md` file under `folder` (sub-folders too; README.md skipped), validated.

    Args:
        folder: The store's knowledge folder.

    Returns:
        The documents, ordered by path.

    Raises:
        KnowledgeFormatError: With every problem of every file.
    """
    if not folder.is_dir():
        raise KnowledgeFormatError([("", 0, f"{folder} is not a folder")])
    paths = sorted(p for p in folder.rglob("*.md") if p.name.lower() not in _IGNORED)
    if not paths:
        raise KnowledgeFormatError([("", 0, f"no .md files in {folder}")])
    documents, errors = [], []
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append((relative, 0, f"cannot read the file as UTF-8 text: {exc}"))
            continue
        document, issues = parse_document(relative, text)
        errors += [(relative, line, reason) for line, reason in issues]
        if document is not None:
            documents.append(document)
    errors += _duplicates(documents)
    if errors:
        raise KnowledgeFormatError(errors)
    return documents


def parse_document(relative: str, text: str) -> tuple[Document | None, list[tuple[int, str]]]:
    """One file's document, or the problems found in it.

    Args:
        relative: The file's path in the folder ("politicas/trocas.en.md"); gives the default
            id ("politicas/trocas") and language (".en.md": English).
        text: The file's content.

    Returns:
        (document, []) or (None, issues as (line, reason)).
    """
    lines = text.splitlines()
    try:
        block, body_line = frontmatter.split(lines)
    except frontmatter.FrontMatterMissing as exc:
        return None, [exc.issue]
    meta = frontmatter.parse(block, body_line)
    if isinstance(meta, list):
        return None, meta
    default_id, suffix_lang = _from_path(relative)
    issues: list[tuple[int, str]] = []
    lang = meta.lang or suffix_lang or "pt"
    if suffix_lang and meta.lang and suffix_lang != meta.lang:
        issues.append((1, f"lang '{meta.lang}' contradicts the file name (.{suffix_lang}.md)"))
    passages, body_issues = _passages(meta, lines[body_line - 1:], body_line)
    issues += body_issues + _cnpj_issues(lines)
    if issues:
        return None, sorted(issues)
    document = Document(
        doc_id=meta.doc_id or default_id, kind=meta.kind, lang=lang, title=meta.title,
        path=relative, passages=passages,
    )
    return document, []


def _from_path(relative: str) -> tuple[str, str | None]:
    stem = relative[: -len(".md")]
    for lang in frontmatter.LANGS:
        if stem.endswith(f".{lang}"):
            return _slug(stem[: -len(lang) - 1]), lang
    return _slug(stem), None


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9_/-]+", "-", stem.lower()).strip("-")


Section = tuple[int, str | None, list[str]]
"""(line of the heading or of the body's start, heading text or None, content lines)."""


def _passages(
    meta: frontmatter.FrontMatter, body: list[str], first_line: int
) -> tuple[list[Passage], list[tuple[int, str]]]:
    """The body cut at `##` headings; FAQ headings are the questions."""
    sections, issues = _sections(body, first_line)
    passages = []
    for start, heading, content in sections:
        text = _clean(content)
        if heading is None:
            if text and meta.kind == "faq":
                issues.append((start, "text before the first question: in a FAQ every answer "
                               "goes under a '## question' heading"))
            elif text:
                passages.append(Passage(0, meta.title, None, text, start))
            continue
        issues += _section_issues(meta.kind, start, heading, text)
        question = heading if meta.kind == "faq" else None
        passages.append(Passage(len(passages) + 1, heading, question, text, start))
    passages = [p for p in passages if p.body]
    if not passages and not issues:
        issues.append((first_line, "the document has no text after its front matter"))
    issues += _repeated_headings(sections)
    return _renumbered(passages), issues


def _sections(body: list[str], first_line: int) -> tuple[list[Section], list[tuple[int, str]]]:
    sections: list[Section] = [(first_line, None, [])]
    issues: list[tuple[int, str]] = []
    for number, line in enumerate(body, start=first_line):
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 2:
            text = (heading.group(2) or "").rstrip("#").strip()
            if not text:
                issues.append((number, "a '##' heading needs its text"))
            sections.append((number, text, []))
        elif heading and len(heading.group(1)) == 1:
            issues.append((number, "'#' headings are not used: the title is in the front "
                           "matter; start sections with '##'"))
        elif not _COMMENT.match(line):
            sections[-1][2].append(line)
    return sections, issues


def _section_issues(kind: str, line: int, heading: str, body: str) -> list[tuple[int, str]]:
    if not body:
        what = "question has no answer" if kind == "faq" else "section has no text"
        return [(line, f"this {what} below it")] if heading else []
    if len(body) > MAX_PASSAGE_CHARS:
        return [(line, f"section of {len(body)} characters (at most {MAX_PASSAGE_CHARS}): "
                 "split it with more '##' headings")]
    return []


def _repeated_headings(sections: list[Section]) -> list[tuple[int, str]]:
    seen: dict[str, int] = {}
    issues = []
    for line, heading, _ in sections:
        if not heading:
            continue
        key = heading.casefold()
        if key in seen:
            issues.append((line, f"heading '{heading}' repeats line {seen[key]}"))
        seen.setdefault(key, line)
    return issues


def _renumbered(passages: list[Passage]) -> list[Passage]:
    return [
        Passage(i, p.title, p.question, p.body, p.line) for i, p in enumerate(passages)
    ]


def _clean(lines: list[str]) -> str:
    """Trailing spaces cut, runs of blank lines made one, blank edges dropped."""
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _cnpj_issues(lines: list[str]) -> list[tuple[int, str]]:
    issues = []
    for number, line in enumerate(lines, start=1):
        for match in _CNPJ.finditer(line):
            if not valid_cnpj(match.group(1)):
                issues.append((number, f"CNPJ {match.group(1)} has wrong check digits"))
    return issues


def valid_cnpj(text: str) -> bool:
    """Whether a CNPJ's two check digits are right (punctuation ignored)."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    for size in (12, 13):
        weights = list(range(size - 7, 1, -1)) + list(range(9, 1, -1))
        total = sum(d * w for d, w in zip(digits[:size], weights, strict=True))
        check = 0 if total % 11 < 2 else 11 - total % 11
        if digits[size] != check:
            return False
    return True


def _duplicates(documents: list[Document]) -> list[tuple[str, int, str]]:
    seen: dict[tuple[str, str], str] = {}
    errors = []
    for document in documents:
        key = (document.doc_id, document.lang)
        if key in seen:
            errors.append((document.path, 1, f"id '{document.doc_id}' ({document.lang}) is "
                           f"already used by {seen[key]}"))
        seen.setdefault(key, document.path)
    return errors


FAQ_ENTRY_PROBLEMS = {
    "question_empty": "the question is empty",
    "question_lines": "the question is one line (it is a '##' heading in the file)",
    "question_repeated": "another question of the same FAQ says the same",
    "answer_empty": "the answer is empty",
    "answer_too_long": f"the answer has more than {MAX_PASSAGE_CHARS} characters",
    "answer_headings": "the answer has '#' or '##' headings (only '###' subheadings)",
    "cnpj": "a CNPJ in the text has wrong check digits",
}
"""What `check_faq_entry` may find wrong, by code (the console says them in Portuguese)."""


def check_faq_entry(question: str, answer: str) -> tuple[str, str, list[str]]:
    """One FAQ entry written outside a file, read as if it were `## question` + `answer` in one.

    The same limits and clean-up as a file's entry: one-line question (its heading text),
    answer cut at no heading, comment lines dropped, blank runs made one, at most
    `MAX_PASSAGE_CHARS`, and CNPJs with the right check digits. Repeats within the FAQ are
    the caller's to check (they need the other entries).

    Args:
        question: The question as typed.
        answer: The answer as typed (Markdown, like a file's).

    Returns:
        (question, answer) as a file would store them, and problem codes
        (`FAQ_ENTRY_PROBLEMS`; none when the entry is fine).
    """
    problems: list[str] = []
    question = question.strip()
    if "\n" in question or "\r" in question:
        problems.append("question_lines")
        question = " ".join(question.split())
    sections, issues = _sections([f"## {question}", *answer.splitlines()], 1)
    heading = (sections[1][1] or "") if len(sections) > 1 else ""
    body = _clean(sections[1][2]) if len(sections) > 1 else ""
    if not heading:
        problems.append("question_empty")
    if len(sections) > 2 or any(line > 1 for line, _ in issues):
        problems.append("answer_headings")
        body = _clean(answer.splitlines())
    if not body:
        problems.append("answer_empty")
    elif len(body) > MAX_PASSAGE_CHARS:
        problems.append("answer_too_long")
    if _cnpj_issues([heading, *body.splitlines()]):
        problems.append("cnpj")
    return heading, body, problems
