"""All entities of one message, normalized per docs/spec/nlu.md.

Rules run in a fixed order and claim the characters they use, so one stretch of text feeds
one entity: e-mail, order id, phone/CPF (claimed and dropped), CEP, money, installments and
durations (claimed and dropped), size, ordinal, quantity, color, category.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.nlu.attributes import extract_category, extract_color, extract_size
from graphs.sales.nlu.identifiers import (
    claim_phones_and_cpf,
    extract_cep,
    extract_email,
    extract_order_id,
)
from graphs.sales.nlu.money import extract_prices
from graphs.sales.nlu.normalize import fold, tokens
from graphs.sales.nlu.ordinals import extract_ordinal
from graphs.sales.nlu.quantity import extract_quantity
from graphs.sales.nlu.spans import ClaimedSpans

# Numbers that are neither goods nor positions: installments, durations, percentages, specs.
_NOT_AN_ENTITY = re.compile(
    r"\b\d{1,2}\s?x\b|\b\d+\s*(?:vezes|parcelas?|dias?|horas?|hrs?|h|min|minutos|semanas?|"
    r"meses|anos?|days?|hours?|weeks?|months?|years?|km|cm|mm|kg|gb|mah|v|w|ml|polegadas)\b"
    r"|\b\d+\s?%|\b\d{1,2}[/:]\d{1,2}\b|\b(?:iphone|galaxy|ps|xbox|moto|redmi)\s?\d+\b"
)
_PICK_FILLERS = {
    "o", "a", "numero", "num", "n", "opcao", "op", "item", "quero", "vou", "de", "levar",
    "pode", "ser", "esse", "essa", "the", "number", "option", "one", "i", "ll", "take",
    "want", "please", "pfv", "e", "eh", "manda", "me", "ve",
}
# Pending questions after which a bare number is a pick from the list, a count, or a size.
_NUMBER_IS_PICK = {"choose_product"}
_NUMBER_IS_COUNT = {"quantity", "confirm_add", None}


def _bare_pick(folded: str, claimed: ClaimedSpans, list_size: int) -> int | None:
    found = tokens(folded)
    numbers = [token for token in found if token.group().isdigit()]
    others = [token.group() for token in found if not token.group().isdigit()]
    if len(numbers) != 1 or len(numbers[0].group()) > 2 or any(
        word not in _PICK_FILLERS for word in others
    ):
        return None
    value = int(numbers[0].group())
    if value == 0 or (list_size and value > list_size):
        return None
    claimed.claim(*numbers[0].span())
    return value


def extract_entities(
    text: str, *, pending: str | None = None, list_size: int = 0
) -> dict[str, Any]:
    """Extract the normalized entities of one message.

    Args:
        text: The message as typed.
        pending: What the bot last asked for (DialogueContext.pending_question); it decides
            what a bare answer means ("2" is a pick after a list, a count after "how many?").
        list_size: Size of the last list shown, to resolve "o ultimo" and reject positions
            beyond it.

    Returns:
        A dict with any of quantity, price_max, price_min, cep, order_id, email, ordinal,
        size, color, category; values are plain JSON numbers or strings.
    """
    folded = fold(text)
    found = tokens(folded)
    claimed = ClaimedSpans()
    entities: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        if value is not None:
            entities[key] = value

    put("email", extract_email(folded, claimed, spoken=pending == "email"))
    put("order_id", extract_order_id(text, folded, claimed))
    claim_phones_and_cpf(folded, claimed)
    put("cep", extract_cep(folded, claimed, expecting=pending == "cep"))
    entities.update(extract_prices(folded, found, claimed))
    for match in _NOT_AN_ENTITY.finditer(folded):
        claimed.claim_if_free(*match.span())
    put("size", extract_size(text, folded, claimed, expecting=pending == "size"))
    # With a list on screen and nothing else asked, a bare number picks from the list.
    picking = pending in _NUMBER_IS_PICK or (pending is None and list_size > 0)
    if picking:
        put("ordinal", _bare_pick(folded, claimed, list_size))
    put("ordinal", entities.get("ordinal") or extract_ordinal(folded, claimed, list_size=list_size))
    put("quantity", extract_quantity(
        folded, found, claimed, whole_message=pending in _NUMBER_IS_COUNT and not picking
    ))
    put("color", extract_color(text, folded, claimed))
    put("category", extract_category(folded))
    return entities
