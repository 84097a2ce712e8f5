"""Identifiers a buyer types: e-mail, CEP and order id, plus numbers that must not be read as
anything else (phone numbers, CPF).
"""

from __future__ import annotations

import re

from graphs.sales.nlu.spans import ClaimedSpans

_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
# "maria arroba gmail ponto com": only trusted when the bot has just asked for an e-mail.
_SPOKEN_EMAIL = re.compile(r"([a-z0-9._-]+)\s+arroba\s+([a-z0-9-]+(?:\s+ponto\s+[a-z]+)+)")
_CPF = re.compile(r"\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b")
_PHONE = re.compile(r"(?:\+\d{1,3}\s?)?\(?\b\d{2,3}\)?[\s.-]?9?\d{4}[\s.-]?\d{4}\b")
_CEP_HYPHENATED = re.compile(r"\b\d{2}\.?\d{3}-\d{3}\b")
_CEP_BARE = re.compile(r"\b\d{8}\b")
_CEP_WORD = re.compile(r"\b(cep|zip|zipcode|postal|postcode|codigo postal)\b")
_ORDER_ID = re.compile(
    r"\b(?:pedido|pedidos|compra|encomenda|order|purchase|protocolo|nota)\b"
    r"(?:\s*(?:n[o.]?|nº|n°|num|numero|number|nr|no\.|id|e o|eh o|e|eh|is|:|-|#))*"
    r"\s*#?\s*(?P<id>[a-z]{0,4}-?\d[a-z0-9-]*)"
)
_HASH_ID = re.compile(r"(?<![\w#])#\s?(?P<id>[a-z0-9-]*\d[a-z0-9-]{2,})")
# "nº 6612" (folded to "no 6612"): four digits or more, because "nº 39" is a shoe size.
_NUMBER_SIGN_ID = re.compile(r"(?:\bn[o°]|\bn\.)\s?(?P<id>\d{4,})\b")
_AFTER_ID_NOT_ID = re.compile(r"\s*(reais|real|conto|r\$|x\b|vezes|unidades?|itens|dias?)")


def extract_email(folded: str, claimed: ClaimedSpans, *, spoken: bool = False) -> str | None:
    """The first e-mail address, lower-cased; with `spoken`, also "ana arroba gmail ponto com"."""
    match = _EMAIL.search(folded)
    if match:
        claimed.claim(match.start(), match.end())
        return match.group().rstrip(".")
    if spoken:
        match = _SPOKEN_EMAIL.search(folded)
        if match:
            claimed.claim(match.start(), match.end())
            domain = re.sub(r"\s+ponto\s+", ".", match.group(2))
            return f"{match.group(1)}@{domain}"
    return None


def claim_phones_and_cpf(folded: str, claimed: ClaimedSpans) -> None:
    """Claim phone numbers and CPFs so their digits are not read as CEP, price or quantity."""
    for pattern in (_CPF, _PHONE):
        for match in pattern.finditer(folded):
            if not _CEP_HYPHENATED.fullmatch(match.group().strip()):
                claimed.claim_if_free(match.start(), match.end())


def extract_order_id(text: str, folded: str, claimed: ClaimedSpans) -> str | None:
    """The order id "as written, without # or spaces" ("pedido #4521" -> "4521").

    An id follows an order word ("pedido", "compra", "order") or a "#"; it must hold a digit
    and, unless marked with "#"/"numero", at least three characters ("pedido de 2" is a count).
    """
    for pattern in (_ORDER_ID, _HASH_ID, _NUMBER_SIGN_ID):
        for match in pattern.finditer(folded):
            start, end = match.span("id")
            raw = text[start:end].strip("-")
            marked = "#" in match.group() or re.search(r"n[ºo°.]|num|number", match.group())
            if len(raw) < 3 and not marked:
                continue
            if _AFTER_ID_NOT_ID.match(folded, end) or not claimed.is_free(start, end):
                continue
            claimed.claim(start, end)
            return raw
    return None


def extract_cep(folded: str, claimed: ClaimedSpans, *, expecting: bool = False) -> str | None:
    """A CEP as 8 digits: "04567-000" / "04.567-000" always; 8 bare digits when they are the
    whole message, when "cep"/"frete"/"zip" is near, or the bot has just asked (`expecting`)."""
    match = _CEP_HYPHENATED.search(folded)
    if match and claimed.is_free(*match.span()):
        claimed.claim(*match.span())
        return re.sub(r"\D", "", match.group())
    alone = bool(re.fullmatch(r"\s*\d{8}\s*[.!]?\s*", folded))
    for match in _CEP_BARE.finditer(folded):
        if not claimed.is_free(*match.span()):
            continue
        cue = _CEP_WORD.search(folded) or re.search(r"\b(frete|entrega|ship|deliver)", folded)
        if expecting or alone or cue:
            claimed.claim(*match.span())
            return match.group()
    return None
