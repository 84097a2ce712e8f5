"""An extractive answer: the best confident passage, in WhatsApp formatting, cut cleanly.

Without an LLM the answer says exactly what the passage says: its sentences, in order, at
most `LIMIT` characters, cut only between sentences (the window of sentences sharing most
words with the question when the passage is longer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.knowledge.search import PassageHit
from tools.knowledge.text import words

# A WhatsApp answer a buyer reads at a glance (the channel allows 4096).
LIMIT = 600
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý\"“(])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"__(.+?)__")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{3,6}\s+(.*)$")
_PREFIX = 5  # a word's first letters stand for its stem when comparing with the question

TRANSLATION_NOTE = "Our policy is written in Portuguese; here is what it says:"


@dataclass(frozen=True)
class PolicyAnswer:
    """The answer's text and the passage(s) it came from."""

    text: str
    passages: list[PassageHit]


def answer_from(hits: list[PassageHit], question: str, lang: str,
                limit: int = LIMIT) -> PolicyAnswer | None:
    """The answer from the most confident passage among the retrieved, or None when none is.

    Args:
        hits: `search.search`'s passages (the best few by rank fusion).
        question: The buyer's words (choose the sentences of a long passage).
        lang: The reply's language; a Portuguese passage for an English question is
            introduced as such (`TRANSLATION_NOTE`), never translated.
        limit: Most characters of the passage's text.
    """
    confident = [h for h in hits if h.confident]
    if not confident:
        return None
    best = max(confident, key=lambda h: h.confidence)
    text = extract(best, question, limit)
    if lang == "en" and best.lang != "en":
        text = f"{TRANSLATION_NOTE}\n{text}"
    return PolicyAnswer(text, [best])


def extract(hit: PassageHit, question: str, limit: int = LIMIT) -> str:
    """The passage's text for WhatsApp: its title (unless a FAQ's), then the sentences."""
    units = sentences(whatsapp(hit.body))
    title = "" if hit.question or hit.title == hit.doc_title else f"*{hit.title}*\n"
    chosen = _window(units, words(question), limit - len(title))
    return title + _layout(chosen)


def whatsapp(markdown: str) -> list[list[str]]:
    """Markdown as logical lines (paragraphs joined, list items apart) in WhatsApp marks.

    Returns:
        Blocks (paragraphs or list items), each a list of its source lines' texts.
    """
    blocks: list[list[str]] = []
    fresh = True
    for raw in markdown.splitlines():
        line = _inline(raw.strip())
        if not line:
            fresh = True
            continue
        heading = _HEADING.match(line)
        if heading:
            blocks.append([f"*{heading.group(1)}*"])
            fresh = True
            continue
        item = _LIST_ITEM.match(raw)
        if item:
            blocks.append(["• " + _LIST_ITEM.sub("", line, count=1)])
        elif fresh or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
        fresh = False
    return blocks


def sentences(blocks: list[list[str]]) -> list[tuple[int, str]]:
    """(block index, sentence) pairs, in order."""
    found = []
    for index, block in enumerate(blocks):
        for sentence in _SENTENCE_END.split(" ".join(block)):
            if sentence.strip():
                found.append((index, sentence.strip()))
    return found


def _inline(text: str) -> str:
    text = _BOLD.sub(r"*\1*", text)
    text = _ITALIC.sub(r"_\1_", text)
    return _LINK.sub(r"\1 (\2)", text)


def _window(units: list[tuple[int, str]], question: list[str],
            limit: int) -> list[tuple[int, str]]:
    """The run of sentences within `limit` sharing most words with the question."""
    if sum(len(s) + 1 for _, s in units) <= limit:
        return units
    wanted = {w[:_PREFIX] for w in question if len(w) > 2}
    scores = [len(wanted & {w[:_PREFIX] for w in words(s) if len(w) > 2}) for _, s in units]
    best, best_score = (0, 0), -1
    for start in range(len(units)):
        size, score, end = 0, 0, start
        while end < len(units) and size + len(units[end][1]) + 1 <= limit:
            size += len(units[end][1]) + 1
            score += scores[end]
            end += 1
        if end > start and score > best_score:
            best, best_score = (start, end), score
    if best_score < 0:  # a single sentence longer than the limit: cut it at a word
        cut = units[0][1][: limit - 1].rsplit(" ", 1)[0]
        return [(units[0][0], cut + "…")]
    return units[best[0]:best[1]]


def _layout(units: list[tuple[int, str]]) -> str:
    lines: list[str] = []
    previous = None
    for block, sentence in units:
        if block == previous:
            lines[-1] += " " + sentence
        else:
            lines.append(sentence)
        previous = block
    return "\n".join(lines)
