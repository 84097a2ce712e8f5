"""Text that fits WhatsApp's limits: labels and captions cut cleanly, long bodies split,
options as numbered lines (the terminal chat and the fallback when options cannot be taps)."""

from __future__ import annotations

from typing import Any

from balcao.messages import Reply, ReplyOption

ELLIPSIS = "…"
TEXT_MAX = 4096
"""WhatsApp's limit for one text message body."""


def fit(text: str, limit: int) -> str:
    """Shortens a label to `limit` characters, cutting at a word boundary with "…".

    Whitespace runs (newlines included) collapse to single spaces first: labels are
    one line on WhatsApp.

    Args:
        text: The label.
        limit: The maximum length of the result, "…" included.

    Returns:
        The label unchanged when it fits (after collapsing whitespace), else a prefix
        ending in "…" that is at most `limit` characters long.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    room = limit - 1
    # A space at index `room` still leaves `room` characters of whole words before it.
    cut = text.rfind(" ", 0, room + 1)
    # When the last space is early, a word-boundary cut would throw most of the label
    # away; a mid-word cut then keeps more of it.
    head = text[:cut] if cut >= room // 2 else text[:room]
    head = head.rstrip(" ,;:.-–—/(")
    return (head or text[:room]) + ELLIPSIS


def split_text(text: str, limit: int = TEXT_MAX) -> list[str]:
    """Splits text into messages of at most `limit` characters at clean boundaries.

    Prefers a paragraph break, then a line break, then a space; cuts mid-word only
    when a chunk has no boundary in its second half.

    Returns:
        The non-empty chunks, in order; empty for blank text.
    """
    text = text.strip()
    chunks: list[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            found = window.rfind(separator)
            # Boundaries in the first half would leave a stub message; try a finer one.
            if found >= limit // 2:
                cut = found
                break
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        chunks.append(text)
    return chunks


def numbered_lines(options: list[ReplyOption]) -> str:
    """The options as "1. title — description" lines, for buyers to answer by number."""
    lines = []
    for number, option in enumerate(options, start=1):
        line = f"{number}. {' '.join(option.title.split())}"
        if option.description:
            line += f" — {' '.join(option.description.split())}"
        lines.append(line)
    return "\n".join(lines)


def render_text(reply: Reply, body: str) -> str:
    """The reply as plain text: the body, then its options numbered.

    Used by the terminal chat, and on WhatsApp when options cannot be interactive.

    Args:
        reply: The structured reply (only its options are read here).
        body: The localized body text.

    Returns:
        The full text; options are listed whole, never shortened.
    """
    body = body.strip()
    if not reply.options:
        return body
    options = numbered_lines(reply.options)
    return f"{body}\n\n{options}" if body else options


def fit_text(text: str, limit: int) -> str:
    """Shortens multi-line text to `limit` characters at a line or word boundary, with "…".

    Unlike `fit`, line breaks are kept (captions and bodies show them).

    Args:
        text: The text.
        limit: The maximum length of the result, "…" included.

    Returns:
        The text unchanged when it fits, else its longest clean prefix plus "…".
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    room = limit - 1
    cut = max(text.rfind("\n", 0, room + 1), text.rfind(" ", 0, room + 1))
    head = text[:cut] if cut >= room // 2 else text[:room]
    return head.rstrip(" ,;:.-–—/(\n") + ELLIPSIS


def interactive_options(content: dict[str, Any]) -> list[ReplyOption]:
    """The buttons or list rows of a rendered interactive message, in order (for channels
    that show them as numbered text or their own widgets)."""
    action = content.get("action") or {}
    if content.get("type") == "button":
        return [ReplyOption(id=b["reply"]["id"], title=b["reply"]["title"])
                for b in action.get("buttons") or []]
    if content.get("type") == "list":
        return [ReplyOption(id=r["id"], title=r["title"], description=r.get("description"))
                for section in action.get("sections") or [] for r in section.get("rows") or []]
    return []  # catalog product messages: their body says what they show
