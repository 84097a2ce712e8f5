"""Budgets in a message: `price_max` and `price_min` (docs/spec/nlu.md).

"ate 150 conto" -> price_max 150, "acima de R$ 200" -> price_min 200, "entre 100 e 200"
-> both, "under $50" -> price_max 50. An amount said with a currency but no bound
("R$ 1.299,90", "achei por 89,90") is read as the ceiling the buyer has in mind.
Installments ("ate 10x"), durations ("2 a 3 dias") and counts ("mais de 2 unidades") are not
money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from graphs.sales.nlu.numbers import NUMBER_WORDS, json_number, parse_decimal, parse_number_words
from graphs.sales.nlu.spans import ClaimedSpans

_DIGIT_AMOUNT = re.compile(
    r"(?P<cur_before>\br\s?\$|\brs\.?(?=\s?\d)|\bus\$|\$|\busd|\bbrl)?\s*"
    r"(?P<amount>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
    r"(?:\s?(?P<mult>k|mil)\b)?"
    r"(?:\s*(?P<cur_after>reais|real|conto|contos|pila|pilas|mangos|dolares|dollars?|bucks|"
    r"usd|brl|r\$))?(?![\w$])"
)
_CURRENCY_WORD = re.compile(
    r"\s*(reais|real|conto|contos|pila|pilas|mangos|dolares|dollars?|bucks|usd|brl)\b"
)
# What may follow a number that is not money: installments, durations, units, counts.
_NOT_MONEY_AFTER = re.compile(
    r"\s*(x\b|vezes|parcelas?|dias?|horas?|h\b|hrs?\b|min\b|minutos|semanas?|meses|mes\b|anos?|"
    r"%|km|cm|mm|kg|gb|mah|v\b|w\b|ml|polegadas|unidades?|un\b|pecas?|itens|items?|pares?|"
    r"days?|hours?|weeks?|months?|years?|units?|pieces?|pcs|pairs?|times|payments|"
    r"installments|[/:]\d)",
)
_MAX_BEFORE = re.compile(
    r"(\bate|\bno maximo|\bmaximo|\bmax|\bmenos de|\babaixo de|\binferior a|\bpassar de|"
    r"\bno max|\bunder|\bup to|\bbelow|\bless than|\bat most|\bmaximum|\bno more than|"
    r"\bcheaper than|\bwithin|\bbudget(?: of| is)?|\borcamento(?: de| e| eh)?|\bpor|\bfor|"
    r"\bmais barato que|\bpassa de|\btenho|\bgastar|\bgasto|\bspend|\bem torno de|"
    r"\bpor volta de|\baround|\babout|\buns|\bumas)\s*(?:uns|umas|de|about|around|a|ate)?\s*$"
)
_MIN_BEFORE = re.compile(
    r"(\bacima de|\bacima|\bmais de|\ba partir de|\bpelo menos|\bno minimo|\bminimo|\bmin|"
    r"\bsuperior a|\bmaior que|\bmais caro que|\bover|\babove|\bmore than|\bat least|"
    r"\bminimum|\bstarting at|\bstarting from)\s*(?:uns|de|dos|r\$)?\s*$"
)
# Words that only round a number ("uns 150", "tenho uns 350", "around 100"): a budget when
# nothing follows, a count when an item does ("uns 20 adesivos").
_LOOSE_BEFORE = re.compile(r"(\buns|\bumas|\btenho|\baround|\babout|\bem torno de|\bpor volta de)"
                           r"\s*(?:uns|umas|de|about|around|a|ate)?\s*$")
_ITEM_AFTER = re.compile(r"\s*(?!(?:reais|real|conto|contos|pila|blz|beleza|ok|mais|no |reals|"
                         r"bucks|max|tops?|e |and |pra |por )\b)[a-z]")
_RANGE_START = re.compile(r"(\bentre|\bbetween|\bde|\bfrom|\bdos|\bfaixa de)\s*$")
_RANGE_JOIN = re.compile(r"^\s*(e|and|a|ate|to|-)\s*$")
# Without a currency, a bound must look like a price, not "ate 3 cores".
_SMALLEST_BARE_BOUND = Decimal(10)
# Larger is not a budget anyone has (and would not fit the checkpoint's 64-bit integers):
# "ate 99999999999999999999999 reais" sets no bound at all.
LARGEST_AMOUNT = Decimal(10) ** 12


@dataclass
class _Amount:
    start: int
    end: int
    value: Decimal
    has_currency: bool
    has_cents: bool


def _digit_amounts(folded: str) -> list[_Amount]:
    found = []
    for match in _DIGIT_AMOUNT.finditer(folded):
        value = parse_decimal(match.group("amount"))
        if value is None:
            continue
        if match.group("mult"):
            value *= 1000
        found.append(_Amount(
            start=match.start("cur_before") if match.group("cur_before") else match.start("amount"),
            end=match.end(),
            value=value,
            has_currency=bool(match.group("cur_before") or match.group("cur_after")),
            has_cents=bool(re.search(r",\d{2}$", match.group("amount"))),
        ))
    return found


def _word_amounts(folded: str, tokens: list[re.Match[str]]) -> list[_Amount]:
    words = [token.group() for token in tokens]
    found, index = [], 0
    while index < len(words):
        starts_number = words[index] in NUMBER_WORDS or words[index] == "mil"
        if not starts_number or words[index] in ("um", "uma", "one"):
            index += 1
            continue
        parsed = parse_number_words(words, index)
        if parsed is None:
            index += 1
            continue
        value, end_index = parsed
        end = tokens[end_index - 1].end()
        currency = _CURRENCY_WORD.match(folded, end)
        found.append(_Amount(
            start=tokens[index].start(),
            end=currency.end() if currency else end,
            value=Decimal(value),
            has_currency=bool(currency),
            has_cents=False,
        ))
        index = end_index
    return found


def extract_prices(
    folded: str, tokens: list[re.Match[str]], claimed: ClaimedSpans
) -> dict[str, int | float]:
    """Find `price_max` / `price_min` in folded text, claiming the characters used.

    Args:
        folded: The folded message (see normalize.fold).
        tokens: Its tokens (normalize.tokens).
        claimed: Spans other rules already used; amounts overlapping them are skipped.

    Returns:
        A dict with `price_max` and/or `price_min`, values as exact JSON numbers.
    """
    amounts = sorted(
        (amount for amount in _digit_amounts(folded) + _word_amounts(folded, tokens)
         if claimed.is_free(amount.start, amount.end)
         and not _NOT_MONEY_AFTER.match(folded, amount.end)
         and amount.value <= LARGEST_AMOUNT),
        key=lambda amount: amount.start,
    )
    prices: dict[str, int | float] = {}
    used: set[int] = set()
    for first, second in zip(amounts, amounts[1:], strict=False):
        between = folded[first.end : second.start]
        before = folded[max(0, first.start - 12) : first.start]
        join = _RANGE_JOIN.match(between)
        # "de 100 a 200", "R$100 - R$200", "100 a 200 reais"; not "tenis 43 ate 400 reais".
        is_range = join is not None and first.value <= second.value and (
            _RANGE_START.search(before) is not None
            or (first.has_currency and second.has_currency)
            or (second.has_currency and join.group(1) in ("a", "-", "to"))
        )
        if is_range:
            prices.setdefault("price_min", json_number(first.value))
            prices.setdefault("price_max", json_number(second.value))
            used.update((id(first), id(second)))
    for amount in amounts:
        if id(amount) in used:
            claimed.claim(amount.start, amount.end)
            continue
        before = folded[max(0, amount.start - 25) : amount.start]
        looks_like_money = amount.has_currency or amount.has_cents
        big_enough = looks_like_money or amount.value >= _SMALLEST_BARE_BOUND
        if _MIN_BEFORE.search(before) and big_enough:
            key = "price_min"
        elif _MAX_BEFORE.search(before) and big_enough and not (
                _LOOSE_BEFORE.search(before) and not looks_like_money
                and _ITEM_AFTER.match(folded, amount.end)):
            key = "price_max"
        elif looks_like_money:
            key = "price_max"
        else:
            continue
        claimed.claim(amount.start, amount.end)
        prices.setdefault(key, json_number(amount.value))
    return prices
