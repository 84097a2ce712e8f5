"""Answers to a basket: "pode colocar tudo", "a rasteira caramelo. o resto pode colocar
tudo", "yes, add all three", "mochila preta" (the one choice it needed), or its button."""

from __future__ import annotations

import re

from graphs.sales.basket_types import BasketItem
from graphs.sales.state_types import ItemRequest
from tools.catalog.text import fold

# Words that take the whole basket (or what is left of it after the items named).
_EVERYTHING = re.compile(
    r"\b(tudo|todos|todas|o resto|os outros|as outras|os (dois|tres|quatro)|"
    r"as (duas|tres|quatro)|all|everything|the rest|the others|all (of )?them|"
    r"(all|both) (two|three|four|3|4|2))\b")
# "só a mochila", "just the knife": only the items named.
_ONLY = re.compile(r"\b(so|somente|apenas|just|only)\b")
_NOT = re.compile(r"\b(nao|nada|nem|no|not|dont|don't|nothing|none)\b")


def basket_requests(
    text: str, intent: str, basket: list[BasketItem], named: list[ItemRequest],
) -> list[ItemRequest] | None:
    """The items to add in answer to the basket, or None when the message is no answer to
    it. Items the buyer named keep what they said and gain what their need said ("36");
    the others come as proposed.

    Args:
        text: The buyer's message.
        intent: The classifier's intent ("affirm" is a yes to the whole basket).
        basket: The basket proposed last.
        named: What the resolver read in the message (items seen or named).
    """
    folded = fold(text)
    by_sku = {item["sku"]: item for item in basket}
    picked = [r for r in named if r.get("sku") in by_sku and not r.get("candidates")]
    if _NOT.search(folded) and not _EVERYTHING.search(folded):
        return None
    # ("pode fechar" to the basket shown takes it all, then checkout starts: routing.py)
    everything = bool(_EVERYTHING.search(folded)) or intent == "affirm" or (
        intent == "checkout" and not named)
    # Naming only basket items answers it: "só a faca" takes those; "mochila preta"
    # (the choice the basket left open) takes everything with it.
    if not everything and (not picked or len(picked) != len(named)):
        return None
    requests = [_with_need(r, by_sku[r["sku"]]) for r in picked]
    # "leggings black M and the top in pink M" of three: the ones named, each with its
    # options; one item named is the choice the basket left open, said with a yes to the rest
    some = 1 < len(picked) < len(basket)
    if everything or not (_ONLY.search(folded) or some):
        named_skus = {r["sku"] for r in picked}
        requests += [_as_request(item) for item in basket if item["sku"] not in named_skus]
    return requests


def _with_need(request: ItemRequest, item: BasketItem) -> ItemRequest:
    merged: ItemRequest = dict(request)  # type: ignore[assignment]
    merged["attributes"] = {**item["attributes"], **(request.get("attributes") or {})}
    return merged


def _as_request(item: BasketItem) -> ItemRequest:
    request: ItemRequest = {"said": item["need"], "sku": item["sku"]}
    if item["attributes"]:
        request["attributes"] = dict(item["attributes"])
    return request
