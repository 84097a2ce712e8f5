""""essa msm. 1 so", "so isso msm, fecha ai" with a list on screen: the product the buyer
searched for.

A search lists what fits its words, best first, often with near things after it ("caneca
termica" lists the mug and a thermal bottle). A buyer who then takes "that one", or closes the
order, means the product they asked for, in the colour, size and count they asked it in; a
shop assistant would not ask "which one?". Only when one product of the list has the words
searched for (`product_questions.searched_for`); otherwise the list's choice stays open.
"""

from __future__ import annotations

from typing import Any

from graphs.sales.checkout_flow import closes_now, closes_with_details
from graphs.sales.product_questions import searched_for, searched_words
from graphs.sales.quantity_change import count_in
from graphs.sales.resolve.words import BUY_CUES, POINTING
from graphs.sales.state import SalesState
from graphs.sales.state_types import ItemRequest
from tools.catalog.text import fold

# "isso msm", "so isso", "yep that one": the thing asked for, said back.
_THAT_ONE = frozenset({"msm", "mesmo", "mesma", "isso", "exactly", "exatamente", "yes", "yep",
                       "yeah", "yup", "sim", "ss"})


def taken_from_the_list(state: SalesState, text: str, entities: dict[str, Any]
                        ) -> ItemRequest | None:
    """The product searched for, as the request to add, when the words take it or close the
    order while the search's list waits for a pick; None otherwise (also when they name an
    option: "o azul ta top, manda esse" is read against the list's products by the resolver)."""
    shown = state.get("shown") or []
    if state.get("pending_question") != "choose_product" or len(shown) < 2 or "?" in text \
            or (state.get("pending") or {}).get("product_sku") or entities.get("color") \
            or entities.get("size"):
        return None
    folded = fold(text)
    words = set(folded.replace(",", " ").replace(".", " ").split())
    takes = closes_now(text) or closes_with_details(text) or bool(
        words & POINTING and words & (BUY_CUES | _THAT_ONE))
    # (classify reads the turn before its words join the conversation's messages)
    if not takes or (sku := searched_for(state, shown, kept=False)) is None:
        return None
    item = next(item for item in shown if item["sku"] == sku)
    matched = item.get("variant_skus") or []
    request: ItemRequest = {"said": folded, "sku": matched[0] if len(matched) == 1 else sku}
    # (a count in a details message may be a flat's number: "ap 14")
    said = None if closes_with_details(text) else count_in(folded)
    count = said or count_in(fold(searched_words(state, kept=False) or ""))
    if count:
        request["quantity"] = count
    return request
