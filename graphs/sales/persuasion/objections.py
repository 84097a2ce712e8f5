"""What kind of hesitation a buyer voices: price, trust, timing or fit."""

from __future__ import annotations

import re
from typing import Literal

from tools.catalog.text import fold

ObjectionType = Literal["price", "trust", "timing", "fit", "other"]

_PATTERNS: list[tuple[ObjectionType, re.Pattern[str]]] = [
    ("price", re.compile(r"\b(car[oa]s?|preco|barat|desconto|valor|grana|dinheiro|salgad"
                         r"|expensive|price|pricey|cheaper|discount|afford)")),
    ("trust", re.compile(r"\b(confi|golpe|original|seguro|garantia|presta|qualidade|bom mesmo"
                         r"|avalia|trust|legit|scam|warranty|quality|reviews?|fake)")),
    ("timing", re.compile(r"\b(pensar|depois|mais tarde|outro dia|agora nao|semana que vem"
                          r"|mes que vem|salario|think|later|next week|not now)")),
    ("fit", re.compile(r"\b(tamanho|serve|cabe|medida|numeracao|apertad|larg|size|fit)")),
]


def objection_type(text: str) -> ObjectionType:
    """The first kind the words point to; "other" when none does."""
    folded = fold(text)
    return next((kind for kind, pattern in _PATTERNS if pattern.search(folded)), "other")


def hesitation(intent: str | None, text: str) -> ObjectionType | None:
    """The kind of hesitation a turn voices: any objection, or a question doubting quality
    ("is it legit?", "é original?"), which is a trust objection asked as a question."""
    if intent == "objection":
        return objection_type(text)
    if intent == "product_question" and objection_type(text) == "trust":
        return "trust"
    return None
