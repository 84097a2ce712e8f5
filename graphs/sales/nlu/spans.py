"""Bookkeeping of which characters of a message an entity rule has already claimed.

Entity rules run in a fixed order (e-mail, CEP, order id, money, size, ordinal, quantity...)
and each claims the characters it used, so "pedido 4521" is never also read as a quantity
and "ate 150" never as a size.
"""

from __future__ import annotations


class ClaimedSpans:
    """Character ranges already used by an entity rule."""

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []

    def is_free(self, start: int, end: int) -> bool:
        """Whether no claimed range overlaps `[start, end)`."""
        return all(end <= claimed_start or start >= claimed_end
                   for claimed_start, claimed_end in self._ranges)

    def claim(self, start: int, end: int) -> None:
        """Mark `[start, end)` as used."""
        self._ranges.append((start, end))

    def claim_if_free(self, start: int, end: int) -> bool:
        """Claim `[start, end)` when nothing overlaps it; return whether it was claimed."""
        if not self.is_free(start, end):
            return False
        self.claim(start, end)
        return True
