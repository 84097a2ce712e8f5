"""A question that names a product's options ("e tem verde no M?", "o frasco menor sai
qnto?"): the one variant in stock with them, offered with its price so a yes adds it."""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.resolve.variants import attribute_sets, label, match_attributes, narrow
from graphs.sales.resolve.words import tokenize
from graphs.sales.state import SalesState
from graphs.sales.state_types import ShownItem
from graphs.sales.summaries import available_variants
from tools.catalog.models import Product
from tools.catalog.text import fold


def one_item_offered(state: SalesState) -> bool:
    """Whether the bot's last reply offered one item to add: "add it to your cart?" about a
    variant, or the one product shown (a "yes" takes it)."""
    pending = state.get("pending_question")
    return (pending == "confirm_add" and bool((state.get("pending") or {}).get("sku"))) or (
        pending == "choose_product" and len(state.get("shown") or []) == 1
        and not (state.get("pending") or {}).get("product_sku"))


def options_said(text: str, product: Product) -> dict[str, str]:
    """The product's option values the words name ("verde no M" -> cor verde, tamanho M)."""
    if not product.variants:
        return {}
    if (preferred := _PREFERRED.search(fold(text))) is not None:
        # "meu pe ta entre 40 e 41, melhor o 41": the option preferred, not the ones weighed
        tokens = tokenize(preferred.group(0))[1]
        if (wanted := match_attributes(tokens, range(len(tokens)),
                                       attribute_sets(product)).wanted):
            return wanted
    # "e tem preta? a inox mancha mt": what is asked is in the question, not in the aside
    asked = "".join(re.findall(r"[^?]*\?", text))
    tokens = tokenize(asked or text)[1]
    return match_attributes(tokens, range(len(tokens)), attribute_sets(product)).wanted


_PREFERRED = re.compile(r"\b(?:melhor|prefiro|better|rather|fico com|vou de|vou no|vou na)\s+"
                        r"(?:(?:o|a|the|no|na|com o|com a)\s+)?\w+(?:\s+\w+)?")


def the_variant_asked(product: Product, wanted: dict[str, str], outcome: dict[str, Any]
                       ) -> ShownItem | None:
    """The one variant in stock with every option the question names; the outcome's option
    then says whether that combination is there (not just the colour). One option alone
    ("tem em verde?") is answered as before, with the values in stock."""
    if not product.variants or not wanted or (
            len(wanted) < min(2, len(product.variants[0].attributes))
            and not _no_other_choice(product, wanted)):
        return None
    matching, in_stock = narrow(product, wanted)
    outcome["option"] = {"name": "option", "value": label(wanted), "available": bool(in_stock),
                         "sold_out": bool(matching) and not in_stock}
    if len(in_stock) != 1:
        return None
    chosen = next(v for v in available_variants(product) if v["sku"] == in_stock[0].sku)
    outcome["option"]["price"] = chosen["price"]
    return chosen


def _no_other_choice(product: Product, wanted: dict[str, str]) -> bool:
    """Whether the options not named have one value only ("slim jeans in size 40" when they
    come in blue alone): the option named is then the whole choice."""
    unsaid = {key for variant in product.variants for key in variant.attributes} - set(wanted)
    return all(len({variant.attributes.get(key) for variant in product.variants}) == 1
               for key in unsaid)
