"""Words that point at something the buyer has seen: "o 2", "o primeiro", "os dois", "o mais
barato", "esse". Positions count in the last list shown; "os dois", "o mais barato" and
"esse" in the most recent list (the suggestions just made, else the last list)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from graphs.sales.nlu.ordinals import extract_ordinal
from graphs.sales.nlu.spans import ClaimedSpans
from tools.catalog.text import fold

_BOTH = re.compile(r"\b(?:os|as)\s+(?:dois|duas|2)\b|\bambos\b|\bambas\b|\bboth\b|"
                   r"\bthe\s+two\b|\bos\s+2\b|\bboth\s+of\s+them\b")
_ALL = re.compile(r"\btodos\b|\btodas\b|\ball\s+of\s+them\b|\bthem\s+all\b|\ball\s+three\b|"
                  r"\bos\s+tres\b|\bas\s+tres\b")
_CHEAPEST = re.compile(r"\bmais\s+barat[oa]\b|\bmenor\s+preco\b|\bmais\s+em\s+conta\b|"
                       r"\bcheapest\b|\bleast\s+expensive\b|\blowest\s+price\b")
_DEAREST = re.compile(r"\bmais\s+car[oa]\b|\bmaior\s+preco\b|\bmost\s+expensive\b|"
                      r"\bpriciest\b")
_THIS = re.compile(r"\b(esse|essa|este|esta|ele|ela|this|that|it)\b")


# Numbers that measure something ("the 2 kg one", "2x", "100 ml"), never a position.
_MEASURES = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:kg|g|ml|l|gb|mah|w|cm|mm|x|vezes|reais|real|"
                       r"conto|%|dias?|days?|horas?|hours?)(?![a-z])")


def ordinal_span(folded: str, list_size: int) -> tuple[int, tuple[int, int]] | None:
    """The position named and where it is in the words, or None."""
    claimed = _Recorder()
    for match in _MEASURES.finditer(folded):
        claimed.claim(*match.span())
    claimed.last = None
    ordinal = extract_ordinal(folded, claimed, list_size=list_size)
    if ordinal is None or claimed.last is None:
        return None
    return ordinal, claimed.last


class _Recorder(ClaimedSpans):
    """Claimed spans that remember the last claim (where the position was said)."""

    last: tuple[int, int] | None = None

    def claim(self, start: int, end: int) -> None:
        super().claim(start, end)
        self.last = (start, end)


def group_pick(folded: str, recent: Sequence[Mapping[str, Any]]) -> list[str] | None:
    """Skus that "os dois", "todos", "o mais barato" or "o mais caro" pick, or None."""
    if not recent:
        return None
    if _BOTH.search(folded):
        return [item["sku"] for item in recent] if len(recent) == 2 else None
    if _ALL.search(folded):
        return [item["sku"] for item in recent]
    for pattern, pick in ((_CHEAPEST, min), (_DEAREST, max)):
        if pattern.search(folded):
            priced = [(price, item["sku"]) for item in recent
                      if (price := _price(item.get("price"))) is not None]
            return [pick(priced)[1]] if priced else None
    return None


def measure_pick(folded: str, recent: Sequence[Mapping[str, Any]]
                 ) -> tuple[str, tuple[int, int]] | None:
    """The one item of the list whose name carries the measure said ("the 25W one", "a de
    450 ml" with "Carregador Turbo USB-C 25 W" listed), and where it was said; else None."""
    for match in _MEASURES.finditer(folded):
        said = _compact(match.group(0))
        skus = [item["sku"] for item in recent
                if said in {_compact(m.group(0)) for m in _MEASURES.finditer(
                    fold(str(item.get("name", ""))))}]
        if len(skus) == 1:
            return skus[0], match.span()
    return None


# "a de 89", "o de 59,90", "the 89 one": an item of the list by its price.
_BY_PRICE = re.compile(r"\b(?:a|o|the|da|do)\s+(?:de\s+)?(?:r\$\s*)?(\d{2,4})(?:[.,](\d{2}))?"
                       r"(?=\s*(?:reais|conto|one|\b|$))(?!\s*(?:ml|l|w|kg|g|cm|mm|gb|mah)\b)")


def price_pick(folded: str, recent: Sequence[Mapping[str, Any]]
               ) -> tuple[str, tuple[int, int]] | None:
    """The one item of the list whose price is the one said ("a de 89 tem cinza M?" with the
    R$ 89,90 tee listed), and where it was said; else None."""
    for match in _BY_PRICE.finditer(folded):
        reais, cents = int(match.group(1)), match.group(2)
        # (an item whose variants cost differently is not named by one price: "the 50 one"
        # of the gift cards is its R$ 50 option)
        skus = [item["sku"] for item in recent if item.get("price") and not item.get(
            "price_max") and _price_is(Decimal(str(item["price"])), reais, cents)]
        if len(skus) == 1:
            return skus[0], match.span()
    return None


def _price_is(price: Decimal, reais: int, cents: str | None) -> bool:
    return int(price) == reais and (cents is None or price == Decimal(f"{reais}.{cents}"))


def _compact(measure: str) -> str:
    return re.sub(r"[\s.]", "", measure).replace(",", ".")


def group_words(folded: str) -> list[tuple[int, int]]:
    """Where "os dois", "todos", "o mais barato" were said (those words are explained)."""
    spans = []
    for pattern in (_BOTH, _ALL, _CHEAPEST, _DEAREST):
        spans += [m.span() for m in pattern.finditer(folded)]
    return spans


def points_here(folded: str) -> bool:
    """Whether the words say "this one" ("esse", "essa", "this")."""
    return bool(_THIS.search(folded))


def _price(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None
