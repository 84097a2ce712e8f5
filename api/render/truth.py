"""What a reply may state is the data's: the checks any rephrasing must pass.

An LLM may reword a reply (when one is configured), but it can drop, add or change figures,
and it can promise what the store never said: a discount, a deadline, stock. `guarded` keeps
the rephrasing only when every number in it is one the original stated, as many times, and it
makes no promise of a kind the original did not make; otherwise the original wording is
sent. `refusal` says why a rephrasing may not go out (the phrasing job, api/render/phrasing.py,
also requires every number of the original to stay).
"""

from __future__ import annotations

import re
from collections import Counter

from graphs.sales.nlu.normalize import fold

# "R$ 1.299,90", "10x", "5%", "12 meses", "10.000 mAh": digit runs with inner separators.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Words that promise something, per kind, on folded text (lower case, no accents), pt and en.
# A rephrasing may repeat the original's promises, never add one.
_PROMISES = {
    "discount": r"descont\w*|gratis|gratuit\w*|de graca|promo\w*|ofert\w*|cupo[mn]\w*|brinde\w*"
                r"|cashback|sem juros|off|discount\w*|free|sale|coupon\w*|deal\w*"
                r"|interest[- ]free|cheaper|mais barat\w*",
    "deadline": r"hoje|amanha|agora mesmo|imediat\w*|na hora|rapid\w*|expres\w*|prazo\w*"
                r"|dias? ute?is|semana\w*|horas?|ultima chance|today|tomorrow|tonight"
                r"|immediate\w*|asap|fast\w*|quick\w*|overnight|express|deadline\w*"
                r"|business days?|weeks?|hours?|last chance",
    "availability": r"disponive\w*|estoque\w*|pronta entrega|ultimas? unidades?|garanti\w*"
                    r"|esgot\w*|reservad\w*|tem sim|availab\w*|in stock|stock|last units?"
                    r"|guarantee\w*|warrant\w*|reserved|sold out|only a few|limited",
}
_PROMISE = {kind: re.compile(rf"\b(?:{words})\b") for kind, words in _PROMISES.items()}


def numbers_in(text: str) -> Counter[str]:
    """Every number written in `text`, as written, with how often it appears."""
    return Counter(_NUMBER.findall(text))


def states_only(text: str, allowed: Counter[str]) -> bool:
    """Whether `text` states no number beyond `allowed` (nor more often)."""
    return not (numbers_in(text) - allowed)


def promises_in(text: str) -> Counter[tuple[str, str]]:
    """Every promising word in `text` as (kind, folded word), with how often it appears."""
    folded = fold(text)
    return Counter((kind, match) for kind, pattern in _PROMISE.items()
                   for match in pattern.findall(folded))


def added_promises(original: str, rephrased: str) -> set[str]:
    """The kinds of promise (discount, deadline, availability) `rephrased` makes beyond
    `original`'s words."""
    return {kind for kind, _ in promises_in(rephrased) - promises_in(original)}


def refusal(original: str, rephrased: str, *, keep_every_number: bool = False) -> str | None:
    """Why `rephrased` may not replace `original` ("number", "promise:<kind>"), or None.

    `keep_every_number`: a number of the original that the rephrasing drops refuses it too
    (a price or a total the buyer would no longer see)."""
    said, says = numbers_in(original), numbers_in(rephrased)
    if says - said or (keep_every_number and said - says):
        return "number"
    if added := added_promises(original, rephrased):
        return "promise:" + ",".join(sorted(added))
    return None


def guarded(original: str, rephrased: str) -> str:
    """The rephrasing when it keeps to the original's numbers and promises; else the
    original."""
    return rephrased if refusal(original, rephrased) is None else original
