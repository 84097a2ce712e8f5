"""A checkout menu answered in words: "a expressa", "pac", "no cartão", "tem sedex?"."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from tools.catalog.text import fold as fold_text

# Carriers buyers name that a store may not offer: answered honestly, never taken as a choice.
CARRIERS = {"sedex": "Sedex", "jadlog": "Jadlog", "loggi": "Loggi", "motoboy": "motoboy",
            "transportadora": "transportadora", "fedex": "FedEx", "dhl": "DHL"}
_MENU_FILLER = {"na", "no", "de", "do", "da", "pra", "por", "pelo", "pela", "com", "em", "o",
                "a", "the", "by", "with", "via", "quero", "prefiro", "pode", "ser", "loja",
                "entrega", "link", "pagamento", "i", "want", "prefer"}


# What buyers call an option by another name: PAC is the Correios' standard service.
_ALIASES = {"correios": "pac", "correio": "pac"}


def choice_by_words(text: str | None, options: list[tuple[str, str]]) -> str | None:
    """The option a typed answer names ("expressa", "no cartão", "pac"): the one id whose
    name shares the most words with the text, when exactly one does; None otherwise."""
    winners = _best_named(text, options)
    return winners[0] if len(winners) == 1 else None


# Words that confirm an order ("confirma", "pode fechar", "place the order").
CONFIRM_WORDS = re.compile(r"\b(confirm\w*|fech\w*|fex\w*|finaliz\w*|place (the|my) order|place it|"
                           r"bora|simbora|partiu|demorou|manda (ver|bala)|dale|vamo(s)? (la|nessa)|"
                           r"lets do it|let s do it|do it|"
                           r"go ahead|pode mandar|ger\w* o (link|pagamento|pedido)|"
                           r"(manda|mande|envia|send( me)?) o link|send( me)? the link)\b")
# What a message that places the order with CONFIRM_WORDS may be read as ("vou pagar no
# cartao, pode gerar o link" is a payment_question to the classifier).
CONFIRMING_INTENTS = frozenset({"affirm", "checkout", "payment_question", "provide_info"})
# "wait how much is shipping?", "qto fica o frete?": the prices asked for.
ASKS_PRICE = re.compile(r"\b(quanto|qto|qnto|qnt|how much|price|prices|preco|precos|valor|"
                        r"custa|cost|costs)\b")
# "a mais rapida", "the cheapest one": a delivery picked by what the buyer cares about.
_FASTEST = re.compile(r"\b(mais (rapid[oa]|ligeir[oa]|cedo)|que chega (antes|mais rapido|primeiro)"
                      r"|chega antes|fastest|quickest|soonest|fast one|quick one|"
                      r"(a |o )?rapid[oa]|fast|quick)\b")
_CHEAPEST = re.compile(r"\b(mais (barat[oa]|em conta|economic[oa])|menor (preco|valor|frete)"
                       r"|cheapest|least expensive|cheaper (one|shipping|option|delivery)"
                       r"|cheap one|frete mais barato)\b")
# "tanto faz", "whatever is available there": any delivery will do; the cheapest is the one a
# shop assistant picks (the summary shows it, and the buyer may still change it).
_ANY = re.compile(r"\b(tanto faz|qualquer (uma|um|opcao)|qlq (uma|um)|(o|a) que tiver|whatever"
                  r"|whichever|any (one|of them|is fine|will do|works)|either (one|is fine|works"
                  r"|will do))\b")


def asks_by_quality(text: str) -> bool:
    """ "a mais barata", "the fastest one": a delivery asked for by price or speed."""
    folded = fold_text(text)
    return bool(_FASTEST.search(folded) or _CHEAPEST.search(folded) or _ANY.search(folded))


def shipping_named(text: str | None, quotes: Sequence[Mapping[str, Any]]) -> str | None:
    """The shipping option a typed answer names. When the words fit several ("pac" for
    "PAC Sudeste" and "PAC Brasil"), the one that is no dearer and no slower than the others
    is the one a shop assistant would pick; with no such option, none is guessed. "A mais
    rápida" / "the cheapest" pick by days or price among the deliveries."""
    preferred = _by_preference(text, quotes)
    if preferred is not None:
        return preferred
    winners = _best_named(text, [(str(q["id"]), str(q["name"])) for q in quotes])
    tied = [q for q in quotes if q["id"] in winners]
    best = [q for q in tied
            if all(Decimal(str(q["price"])) <= Decimal(str(other["price"]))
                   and int(q["days"]) <= int(other["days"]) for other in tied)]
    return str(best[0]["id"]) if len(winners) == 1 or len(best) == 1 else None


# "o de 4 dias", "a que chega amanha", "the 1 day one": an option by its delivery time.
_IN_DAYS = re.compile(r"\b(?:de|em|in|the)?\s*(\d{1,2})\s*"
                      r"(?:dias?|days?|dia util|business days?)\b")
_TOMORROW = re.compile(r"\b(amanha|tomorrow|next day|dia seguinte)\b")


def _by_preference(text: str | None, quotes: Sequence[Mapping[str, Any]]) -> str | None:
    """The fastest or cheapest delivery, when the buyer asks for it by that quality, or the
    one that takes the days said. Pickup is not a delivery: a buyer who asks for the fastest
    one wants it brought to them."""
    folded = fold_text(text or "")
    deliveries = [q for q in quotes if q.get("kind") != "pickup"]
    if not deliveries:
        return None
    days = _IN_DAYS.search(folded)
    wanted = int(days.group(1)) if days else 1 if _TOMORROW.search(folded) else None
    if wanted is not None:
        taking = [q for q in deliveries if int(q["days"]) == wanted]
        if len(taking) == 1:
            return str(taking[0]["id"])
    def price(q: Mapping[str, Any]) -> Decimal:
        return Decimal(str(q["price"]))
    if _FASTEST.search(folded):
        return str(min(deliveries, key=lambda q: (int(q["days"]), price(q)))["id"])
    if _CHEAPEST.search(folded) or _ANY.search(folded):
        return str(min(deliveries, key=lambda q: (price(q), int(q["days"])))["id"])
    return None


def _best_named(text: str | None, options: list[tuple[str, str]]) -> list[str]:
    """The ids whose names share the most words with the text (none when none shares one).
    A word counts when equal, when one starts the other and both have 4 letters or more
    ("express" for "expressa"), or in the other gender ("expresso")."""
    said = {_ALIASES.get(w, w) for w in re.findall(r"[a-z0-9]+", fold_text(text or ""))}
    said -= _MENU_FILLER
    scores = []
    for option_id, name in options:
        words = {w for w in re.split(r"[^a-z0-9]+", fold_text(name)) if len(w) > 1}
        scores.append((sum(1 for word in said if _same_word(word, words - _MENU_FILLER)),
                       option_id))
    best = max((score for score, _ in scores), default=0)
    return [option_id for score, option_id in scores if score == best] if best else []


def _same_word(word: str, names: set[str]) -> bool:
    return word in names or (len(word) >= 4 and any(
        len(name) >= 4 and (name.startswith(word) or word.startswith(name)
                            or _other_gender(word, name)) for name in names))


def _other_gender(word: str, name: str) -> bool:
    """ "expresso" for "expressa", "rapido" for "rapida": one word in the other gender."""
    return len(word) >= 5 and len(name) == len(word) and word[:-1] == name[:-1] and \
        {word[-1], name[-1]} == {"a", "o"}


def carrier_not_offered(text: str | None, options: list[str]) -> str | None:
    """A carrier the buyer names ("sedex?") that none of the store's options is."""
    said = set(re.findall(r"[a-z0-9]+", fold_text(text or "")))
    names = fold_text(" ".join(options))
    return next((label for word, label in CARRIERS.items()
                 if word in said and word not in names), None)
