"""Numbers in a reply may only be the data's: the check any rephrasing must pass.

An LLM may reword a reply (when one is configured), but it can drop, add or change figures.
`guarded` keeps the rephrasing only when every number in it is one the original stated, as
many times; otherwise the original wording is sent.
"""

from __future__ import annotations

import re
from collections import Counter

# "R$ 1.299,90", "10x", "5%", "12 meses", "10.000 mAh": digit runs with inner separators.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> Counter[str]:
    """Every number written in `text`, as written, with how often it appears."""
    return Counter(_NUMBER.findall(text))


def states_only(text: str, allowed: Counter[str]) -> bool:
    """Whether `text` states no number beyond `allowed` (nor more often)."""
    return not (numbers_in(text) - allowed)


def guarded(original: str, rephrased: str) -> str:
    """The rephrasing when it keeps to the original's numbers; else the original."""
    return rephrased if states_only(rephrased, numbers_in(original)) else original
