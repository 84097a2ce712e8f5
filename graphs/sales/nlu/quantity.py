"""`quantity`: how many units the buyer wants, in digits or words.

"2 unidades", "quero 3", "bota mais 2", "duas pretas", "uma duzia" (12), "meia duzia" (6),
"I'll take two", "2 of these". "um"/"uma"/"one" are usually articles ("quero uma camiseta"),
so they count only next to a unit or a cue ("uma unidade", "so uma", "mais um", "one more").
"""

from __future__ import annotations

import re

from graphs.sales.nlu.attributes import COLOR_WORDS
from graphs.sales.nlu.numbers import NUMBER_WORDS, parse_dozen, parse_number_words
from graphs.sales.nlu.spans import ClaimedSpans

_UNITS = {
    "unidade", "unidades", "un", "und", "unid", "peca", "pecas", "item", "itens", "kit", "kits",
    "caixa", "caixas", "pacote", "pacotes", "unit", "units", "piece", "pieces", "pcs", "pc",
    "items", "pares", "pairs", "pair",
}
_OF = {
    "desse", "dessa", "desses", "dessas", "deste", "desta", "disso", "do", "da", "dos", "das",
    "deles", "delas", "daquele", "daquela", "of",
}
_BUY_VERBS = {
    "quero", "queria", "quer", "levar", "levo", "leva", "manda", "mande", "ve", "coloca",
    "coloque", "colocar", "bota", "boto", "botar", "poe", "por", "ponha", "adiciona",
    "adicionar", "adicione", "add", "separa", "separe", "pega", "pegar", "compra", "comprar",
    "compro", "querer", "take", "get", "give", "want", "need", "buy", "order", "inclui",
    "incluir", "tira", "tirar", "remove", "remover", "retira", "mais", "more", "only", "just",
    "put", "grab", "pick", "send",
    "so", "apenas", "somente",
}
# "diminui pra 1", "reduce it to 1": a target count after a change verb.
_CHANGE_VERBS = {
    "diminui", "diminuir", "aumenta", "aumentar", "muda", "mudar", "altera", "alterar", "deixa",
    "reduce", "increase", "change", "fica",
}
_BARE_FILLERS = {
    "so", "apenas", "somente", "quero", "pode", "ser", "sao", "umas", "uns", "unidades",
    "unidade", "just", "only", "please", "pfv", "pf", "por", "favor", "x", "e", "eh", "isso",
}
_ARTICLE_LIKE = {"um", "uma", "one"}
_ONE_CUES_BEFORE = {"so", "apenas", "somente", "mais", "just", "only", "more"}
_ONE_CUES_AFTER = {"so", "a", "more", "only"}
# Plural words after a number that are not the thing being bought.
_NOT_GOODS = {
    "dias", "horas", "vezes", "reais", "meses", "anos", "dolares", "dollars", "bucks", "days",
    "hours", "weeks", "months", "years", "minutos", "mins", "pilas", "contos", "parcelas",
    "payments", "installments", "semanas", "times", "cores", "colors", "tamanhos", "sizes",
    "opcoes", "options", "filhos", "pessoas", "people", "vcs", "estrelas", "stars",
    # Counting orders or attempts is not asking for goods: "fiz duas compras iguais".
    "compras", "pedidos", "encomendas", "orders", "purchases", "tentativas", "attempts",
}
# "mais um pouco", "um minuto": "um" that measures time or degree, not goods.
_NOT_A_COUNT_AFTER_ONE = {
    "pouco", "pouquinho", "minuto", "minutinho", "segundo", "momento", "instante", "dia",
    "vez", "tempo", "bit", "moment", "sec", "second", "minute", "while", "day", "time",
}
# "os dois tenis", "the two": both items already named, not a count.
_DEFINITE_ARTICLES = {"os", "as", "the", "ambos", "ambas", "both"}
_LARGEST_QUANTITY = 999


def _read_number(words: list[str], index: int) -> tuple[int, int] | None:
    dozen = parse_dozen(words, index)
    if dozen:
        return dozen
    word = words[index]
    if word.isdigit() or word in NUMBER_WORDS:
        return parse_number_words(words, index)
    return None


def _counts(words: list[str], index: int, end: int, value: int) -> bool:
    before = words[index - 1] if index > 0 else ""
    after = words[end] if end < len(words) else ""
    if before in _DEFINITE_ARTICLES:
        return False
    if words[index] in _ARTICLE_LIKE:
        if after in _NOT_A_COUNT_AFTER_ONE:
            return False
        return after in _UNITS or before in _ONE_CUES_BEFORE or after in _ONE_CUES_AFTER \
            or after in _OF - {"do", "da", "dos", "das"}
    after_next = words[end + 1] if end + 1 < len(words) else ""
    if before == "x" and index > 1 and not words[index - 2].isdigit():
        return True  # "squeeze x2" (not "60x40", a size)
    if after in _UNITS or after in _OF or before in _BUY_VERBS or after == "more" \
            or (after == "a" and after_next == "mais"):
        return True
    if before in ("pra", "para", "to", "em") and index > 1 and words[index - 2] in _CHANGE_VERBS:
        return True
    if after in COLOR_WORDS and end + 1 < len(words):
        after = words[end + 1]  # "2 black t-shirts", "duas pretas" is handled as a plural
    plural_goods = len(after) >= 3 and after.endswith("s") and after not in _NOT_GOODS
    return plural_goods and value <= 100


def extract_quantity(
    folded: str, tokens: list[re.Match[str]], claimed: ClaimedSpans, *, whole_message: bool
) -> int | None:
    """The number of units asked for, or None.

    Args:
        folded: The folded message.
        tokens: Its tokens (normalize.tokens), so spans can be claimed.
        claimed: Spans other rules already used (prices, sizes, ordinals, ids...).
        whole_message: Also accept a number that is the whole message ("2", "duas"), as when
            the bot has just asked "how many?".

    Returns:
        A positive integer, or None.
    """
    words = [token.group() for token in tokens]
    index = 0
    while index < len(words):
        parsed = _read_number(words, index)
        if parsed is None:
            index += 1
            continue
        value, end = parsed
        start_char, end_char = tokens[index].start(), tokens[end - 1].end()
        dozen = words[end - 1] in ("duzia", "duzias", "dozen")
        bare = whole_message and all(
            word in _BARE_FILLERS for word in words[:index] + words[end:]
        )
        if claimed.is_free(start_char, end_char) and 0 < value <= _LARGEST_QUANTITY and (
            dozen or bare or _counts(words, index, end, value)
        ):
            claimed.claim(start_char, end_char)
            return value
        index = end
    return None
