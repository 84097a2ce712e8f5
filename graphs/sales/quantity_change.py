""""actually make it 2", "deixa 3 entao": how many units of the item in the cart the buyer wants.

A count said about "it", with nothing named, is the number of units of the cart's latest line
(the one just talked about), not another search or a second item: a shop assistant hears
"make it 2, my sister has the same phone" as one more of the same case.
"""

from __future__ import annotations

import re

from graphs.sales.inbound import turn_text
from graphs.sales.resolve.words import BUY_CUES, FILLERS, NUMBER_WORDS
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.summaries import cart_summary, cart_view, lines_of
from tools.cart.models import Cart
from tools.catalog.text import fold

_SET = re.compile(
    r"\b(?:make it|make that|make them|change it to|i want|i meant|quis dizer|queria dizer|"
    r"faz|fica|deixa|quero|coloca|poe|melhor|better|"
    r"bota|manda|muda pra|muda para|altera pra|passa pra)\s+(?:(?:it|that|entao|logo|so|"
    r"sao|ser)\s+)?(?P<count>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\b"
    r"(?!\s*(?:reais|real|r|rs|kg|g|ml|l|cm|gb|mah|w|dias|x\s*de)\b)")
_LARGEST = 20
# "2 em vez de 3", "3 instead of 2": the count said against the one there is.
_INSTEAD = re.compile(
    r"\b(?P<count>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?:em vez de|ao inves de|no lugar de"
    r"|instead of|rather than)\s+(?P<was>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\b")


# What may follow a count of "it": an end, a unit, a courtesy ("deixa 3 entao", "make it 2,
# my sister has the same phone"); a noun after it counts something else ("faz um desconto").
_AFTER_COUNT = re.compile(
    r"\s*(?:$|[^\w\s]|(?:unidades?|un|und|pecas?|itens|items?|entao|pfv|pf|pls|please|por favor|"
    r"instead|then|of|de cada|em vez|ao inves|no lugar|rather than|not|nao|"
    r"mesmo|msm|tb|tbm|too|only|so|pra|for|iguais|igual|same|ja|now|"
    r"agora|ai|and|e|ne|ok|blz|my|minha|meu|because|pq|que|q|dela|dele|disso|dessa|desse|"
    r"delas|deles|those|these|them|it)\b)")


# A count of units said anywhere ("mas 2", "so uma", "qro 2 camisetas"); not a price or a
# measure.
_UNITS = re.compile(
    r"\b(?P<count>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\b"
    r"(?!\s*(?:reais|real|r|rs|kg|g|ml|l|cm|gb|mah|w|dias|x\s*de|[,.]\d)\b)")


def count_in(folded: str) -> int | None:
    """The first count of units in folded words, or None."""
    match = _UNITS.search(folded)
    if match is None:
        return None
    said = match.group("count")
    count = int(said) if said.isdigit() else NUMBER_WORDS[said]
    return count if 1 <= count <= _LARGEST else None


def only_a_count(text: str) -> bool:
    """ "just one please", "só 2": a number of units and courtesy words, nothing else."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    counts = [w for w in words if w.isdigit() and 0 < int(w) <= _LARGEST or w in NUMBER_WORDS]
    return bool(counts) and all(w in counts or w in FILLERS or w in BUY_CUES
                                or w in {"just", "only", "so"} for w in words)


def _count_match(folded: str) -> re.Match[str] | None:
    return next((m for m in _SET.finditer(folded) if _AFTER_COUNT.match(folded, m.end())),
                None) or _INSTEAD.search(folded)


def counted_words(text: str) -> str | None:
    """The words a count is set for, when a noun follows it ("make it 2 squeezes" ->
    "squeezes"): the cart line they name gets the count (classify reads them)."""
    folded = fold(text)
    match = _SET.search(folded)
    if match is None or _AFTER_COUNT.match(folded, match.end()):
        return None
    return re.split(r"[,.;!?]", folded[match.end():], maxsplit=1)[0].strip() or None


def count_said(text: str) -> bool:
    """Whether the words set a count of "it" ("make it 2", "ops, quis dizer 2")."""
    return _count_match(fold(text)) is not None


def quantity_asked(state: SalesState) -> int | None:
    """The number of units asked for the cart's latest line (or the line named: "make it 2
    squeezes"), or None when the message is not such a change (another product or an option
    named, nothing in the cart, a choice open)."""
    if not (state.get("cart") or {}).get("skus") or state.get("action") or \
            state.get("pending_question") in {"choose_product", "confirm_add"}:
        return None
    named = line_named(state)
    if state.get("requests") and named is None:
        return None
    entities = (state.get("classification") or {}).get("entities") or {}
    if entities.get("size") or entities.get("color"):
        return None  # "make it the 42": a change of option (variant_swap.py)
    folded = fold(turn_text(state))
    match = _count_match(folded) if named is None else _SET.search(folded)
    if match is None and named is None and only_a_count(folded) and \
            (state.get("classification") or {}).get("intent") == "add_to_cart":
        # "2" alone about the line just put in (misread.py reads it so): its units
        match = _UNITS.search(folded)
    if match is None:
        return None
    said = match.group("count")
    count = int(said) if said.isdigit() else NUMBER_WORDS[said]
    return count if 1 <= count <= _LARGEST else None


def line_named(state: SalesState) -> str | None:
    """The cart line the message's one item names ("squeezes" of "make it 2 squeezes"), when
    exactly one line is of that product; None otherwise."""
    requests = state.get("requests") or []
    sku = requests[0].get("sku") if len(requests) == 1 else None
    if not sku or requests[0].get("attributes"):
        return None
    lines = lines_of(sku, (state.get("cart") or {}).get("skus") or [])
    return lines[0] if len(lines) == 1 else None


def count_replaced(state: SalesState) -> int | None:
    """The units said to be replaced ("2 em vez de 3": 3), which name the line that has them."""
    match = _INSTEAD.search(fold(turn_text(state)))
    if match is None:
        return None
    said = match.group("was")
    return int(said) if said.isdigit() else NUMBER_WORDS[said]


async def set_quantity(state: SalesState, services: Services, store_id: str, conv_id: int,
                       count: int, sku: str | None = None) -> SalesUpdate:
    """The cart line `sku` (by default the one with the units said to be replaced, else the
    latest) at `count` units, if the stock has them."""
    current = await services.carts.open_cart(conv_id)
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}}
    was = count_replaced(state)
    line = next((line for line in current.lines if line.sku == sku), None) or next(
        (line for line in current.lines if line.quantity == was), current.lines[-1])
    product = await services.catalog.get(store_id, line.sku)
    variant = product.variant(line.sku) if product is not None else None
    stock = variant.stock if variant is not None else product.stock if product else None
    if stock is not None and count > stock:
        return {"outcome": {"kind": "not_enough_stock", "name": line.name, "available": stock}}
    key = f"{state['turn_id']}:quantity:{line.sku}"
    updated: Cart | None = current
    if count > line.quantity:
        updated = await services.carts.add(
            store_id=store_id, conversation_id=conv_id, sku=line.sku,
            product_sku=line.product_sku, name=line.name, variant=dict(line.variant or {}),
            unit_price=line.unit_price, quantity=count - line.quantity, op_key=key)
    elif count < line.quantity:
        updated = await services.carts.remove(store_id=store_id, conversation_id=conv_id,
                                              sku=line.sku, quantity=line.quantity - count,
                                              op_key=key)
    if updated is None:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}}
    return {"outcome": {"kind": "quantity_set", "name": line.name, "quantity": count,
                        "cart": cart_view(updated)},
            "cart": cart_summary(updated)}
