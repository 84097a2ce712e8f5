"""Short replies read against what the bot just asked (DialogueContext.pending_question).

"2" picks an item after a product list but is a count after "how many?"; "sim" confirms
whatever was proposed; "04567-000" answers "what is your CEP?". The model cannot know
this, so these rules decide first, and only for replies short enough to be answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphs.sales.nlu.normalize import fold, squeeze, words
from graphs.sales.nlu.types import DialogueContext

_YES = frozenset("""
sim s ss sm simm isso pode claro bora fechado fechou correto exato exatamente positivo aham
uhum confirmo confirmado confirma quero demorou yes y yeah yep yup sure yea ya absolutely
definitely correct vai vamo vamos manda partiu
""".split())
# Weak yeses are "yes" only alone: "ok" / "ok!" agree, "ok obrigado" thanks, "ok tchau" leaves.
_WEAK_YES = frozenset("ok okay okk blz beleza certo ta right alright fine".split())
_YES_PHRASES = ("pode ser", "isso mesmo", "com certeza", "pode sim", "quero sim", "claro que sim",
                "ta bom", "go ahead", "of course", "sounds good", "do it", "yes please",
                "pode ir", "manda ver", "pode mandar", "vai la", "bora la")
_NO = frozenset("""
nao n nn nop nops naum nem negativo no nope nah nay
""".split())
_NO_PHRASES = ("agora nao", "nao quero", "melhor nao", "acho que nao", "no thanks", "not now",
               "ainda nao", "hoje nao", "de jeito nenhum", "nem pensar", "no thank you")
_FILLERS = frozenset("""
por favor pfv pf obrigado obrigada obg valeu vlw entao e ai please thanks thank you ta pode
mesmo sim isso
""".split())
_YES_EMOJI = ("👍", "👌", "✅", "🙏🏻", "👍🏻", "👍🏼", "👍🏽")
_NO_EMOJI = ("👎", "❌", "🚫")
_PICK_WORDS = frozenset("""
o a os as quero queria vou de levar pode ser esse essa este esta numero num n opcao op item
the one i ll take want number option please pfv e eh manda me ve fico com go with
""".split())
_THIS_ONE = re.compile(r"^(quero |vou de |vou levar |manda |i'?ll take |i want )?"
                       r"(esse|essa|este|esta|esse ai|essa ai|this one|that one|this|that)[!. ]*$")
_NAME_PREFIX = re.compile(
    r"^\s*(meu nome (e|eh|é)|me chamo|sou (o|a)|sou|nome:?|my name is|i'?m|it'?s|this is)\s+",
    re.IGNORECASE)
_ADDRESS_PREFIX = re.compile(
    r"^\s*(meu endere[cç]o (e|eh|é)|endere[cç]o:?|moro na|moro no|my address is|address:?)\s*",
    re.IGNORECASE)
_ADDRESS_CUES = re.compile(
    r"\d|\b(rua|r\.|av|avenida|travessa|alameda|rodovia|estrada|praca|bairro|apto|street|st|"
    r"avenue|road|lane|drive)\b")
_SHORT_ANSWER_WORDS = 6
_CONFIRMATIONS = {"confirm_add", "confirm_checkout", "confirm"}


@dataclass(frozen=True)
class Resolution:
    """An intent decided by a context rule, with the entities it adds."""

    intent: str
    confidence: float
    entities: dict[str, Any]


def yes_or_no(text: str) -> str | None:
    """"affirm" or "deny" when the whole message is a short yes or no ("s", "nao pfv", "👍")."""
    stripped = text.strip()
    if stripped and all(char in "".join(_YES_EMOJI) + " " for char in stripped):
        return "affirm"
    if stripped and all(char in "".join(_NO_EMOJI) + " " for char in stripped):
        return "deny"
    # "n", "nn", "naum" are how "nao" is typed; read them as "nao" so "n quero" is a no.
    tokens = ["nao" if token in ("n", "nn", "naum") else token for token in words(text)]
    folded = " ".join(tokens)
    if not tokens or len(tokens) > 4:
        return None
    for phrase_set, answer in ((_NO_PHRASES, "deny"), (_YES_PHRASES, "affirm")):
        for phrase in phrase_set:
            if folded.startswith(phrase) and all(
                token in _FILLERS for token in folded[len(phrase):].split()
            ):
                return answer
    head, rest = tokens[0], tokens[1:]
    if head in _WEAK_YES and not rest:
        return "affirm"
    if all(token in _FILLERS or token == head for token in rest):
        if head in _NO:
            return "deny"
        if head in _YES:
            return "affirm"
    return None


def _is_pick(text: str) -> bool:
    tokens = words(text)
    return bool(tokens) and all(token in _PICK_WORDS or token.isdigit() for token in tokens)


def resolve(
    text: str, entities: dict[str, Any], context: DialogueContext | None
) -> Resolution | None:
    """Decide the intent of a short reply from the pending question, or return None.

    Args:
        text: The message as typed.
        entities: Entities already extracted with the same context.
        context: What the bot last asked or showed.

    Returns:
        A Resolution, or None when the model should decide.
    """
    pending = context.pending_question if context else None
    list_size = context.last_list_size if context else 0
    answer = yes_or_no(text)
    if answer:
        return Resolution(answer, 0.97, {})
    tokens = words(text)
    short = len(tokens) <= _SHORT_ANSWER_WORDS and "?" not in text
    ordinal_words = {"primeiro", "primeira", "segundo", "segunda", "terceiro", "terceira",
                     "ultimo", "ultima", "first", "second", "third", "last"}
    choosing = pending == "choose_product" or (pending is None and list_size > 0)
    if choosing:
        if "ordinal" in entities and (_is_pick(text) or set(tokens) & ordinal_words) and short:
            return Resolution("add_to_cart", 0.95, {})
        if _THIS_ONE.match(squeeze(fold(text)).strip()):
            return Resolution("add_to_cart", 0.9, {})
        if tokens and all(token.isdigit() for token in tokens):
            return Resolution("other", 0.6, {})  # a number outside the list shown
    if pending in _CONFIRMATIONS and "quantity" in entities and _is_pick(text):
        return Resolution("affirm", 0.9, {})
    if pending == "quantity" and "quantity" in entities and short:
        return Resolution("provide_info", 0.95, {})
    if pending == "size" and "size" in entities and short:
        return Resolution("provide_info", 0.95, {})
    if pending == "cep" and "cep" in entities and short:
        return Resolution("provide_info", 0.95, {})
    if pending == "email" and "email" in entities and short:
        return Resolution("provide_info", 0.95, {})
    if pending == "address" and short and _ADDRESS_CUES.search(fold(text)):
        address = _ADDRESS_PREFIX.sub("", text).strip(" .")
        return Resolution("provide_info", 0.9, {"address": address})
    if pending == "name" and short and 1 <= len(tokens) <= 5 and not any(
        token.isdigit() for token in tokens
    ):
        name = _NAME_PREFIX.sub("", text).strip(" .!")
        if name and all(part.isalpha() or part in "'-" for part in name.replace(" ", "")):
            return Resolution("provide_info", 0.85, {"name": name})
    if pending is None and list_size == 0 and tokens and all(t.isdigit() for t in tokens) \
            and "quantity" in entities:
        return Resolution("provide_info", 0.5, {})  # a bare count nobody asked for
    return None
