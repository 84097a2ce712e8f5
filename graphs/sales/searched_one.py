""""essa msm. 1 so", "so isso msm, fecha ai" with a list on screen: the product the buyer
searched for.

A search lists what fits its words, best first, often with near things after it ("caneca
termica" lists the mug and a thermal bottle). A buyer who then takes "that one", or closes the
order, means the product they asked for, in the colour, size and count they asked it in; a
shop assistant would not ask "which one?". Only when one product of the list has the words
searched for (`product_questions.searched_for`); otherwise the list's choice stays open.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.checkout_flow import closes_now, closes_with_details
from graphs.sales.product_questions import searched_for, searched_words
from graphs.sales.quantity_change import count_in
from graphs.sales.resolve.words import BUY_CUES, POINTING
from graphs.sales.state import SalesState
from graphs.sales.state_types import ItemRequest
from graphs.sales.summaries import lines_of
from tools.catalog.text import fold

# "isso msm", "so isso", "yep that one": the thing asked for, said back.
_THAT_ONE = frozenset({"msm", "mesmo", "mesma", "isso", "exactly", "exatamente", "yes", "yep",
                       "yeah", "yup", "sim", "ss"})


_BOTH = re.compile(r"\b(?:both|ambos|ambas|os dois|as duas|the two of them)\b")


def taken_from_the_list(state: SalesState, text: str, entities: dict[str, Any]
                        ) -> ItemRequest | None:
    """The product searched for, as the request to add, when the words take it or close the
    order while the search's list (or the searched product's options) waits for a pick; None
    otherwise (also when they name an option: "o azul ta top, manda esse" is read against the
    list's products by the resolver)."""
    shown = state.get("shown") or []
    if state.get("pending_question") != "choose_product" or not shown or "?" in text \
            or entities.get("color") or entities.get("size"):
        return None
    folded = fold(text)
    words = set(folded.replace(",", " ").replace(".", " ").split())
    with_details = closes_with_details(text)
    # "add both pls" after one item went in and a search for the other: that other one
    both = bool(_BOTH.search(folded) and words & BUY_CUES and (state.get("cart") or {}).get(
        "skus"))
    if not (with_details or closes_now(text) or both or bool(
            words & POINTING and words & (BUY_CUES | _THAT_ONE))):
        return None
    # (classify reads the turn before its words join the conversation's messages: kept=False)
    if choosing := (state.get("pending") or {}).get("product_sku"):
        sku = _option_searched(state, shown) or choosing
    elif (found := shown[0]["sku"] if len(shown) == 1 else searched_for(
            state, shown, kept=False)) is not None:  # (one found: that one, with its count)
        item = next(item for item in shown if item["sku"] == found)
        matched = item.get("variant_skus") or []
        sku = matched[0] if len(matched) == 1 else found
    else:
        return None
    request: ItemRequest = {"said": folded, "sku": sku}
    # (a count in a details message may be a flat's number: "ap 14")
    said = None if with_details else count_in(folded)
    product_sku = choosing or found or sku
    if not said and lines_of(product_sku, (state.get("cart") or {}).get("skus") or []):
        return None  # "go ahead and finalize it" after a question about the dress in the
        # cart: the order is closed, no second dress
    count = said or count_in(fold(searched_words(state, kept=False) or ""))
    if count:
        request["quantity"] = count
    return request


_RECENT = 3


def _option_searched(state: SalesState, shown: list[Any]) -> str | None:
    """With one product's options on screen ("qro o smartwatch fit preto", then a question
    about it): the one option whose values the buyer's recent words name, else None (the
    cart asks which)."""
    recent = [m.get("text") or "" for m in (state.get("messages") or []) if m.get("role") ==
              "buyer"][-_RECENT:]
    said = set(fold(" ".join(recent)).replace(",", " ").split())
    for every in (True, False):  # all its values named ("preto 40"), else any one ("preto")
        fitting = [item["sku"] for item in shown if item.get("attributes") and (all if every
                   else any)(fold(str(value)) in said for value in item["attributes"].values())]
        if len(fitting) == 1:
            return fitting[0]
    return None
