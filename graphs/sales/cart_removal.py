""""Tira a branca, vou levar so a marinho mas 2": which cart lines a removal takes out, and
what the buyer says they keep.

A shop assistant hears the line meant by its name, its place in the cart ("o segundo"), a
group ("os dois", "o mais barato") or its option ("a branca" beside a navy one of the same
shirt); what follows "deixa", "fico com", "vou levar so" stays, and a count said of what stays
is how many of it the buyer keeps.
"""

from __future__ import annotations

import re

from graphs.sales.catalog_hint import shares_a_word
from graphs.sales.inbound import turn_text
from graphs.sales.quantity_change import count_in, set_quantity
from graphs.sales.resolve.products import content_words
from graphs.sales.resolve.references import group_pick, ordinal_span
from graphs.sales.resolve.words import (
    LETTER_SIZES,
    NEGATIONS,
    REMOVE_WORDS,
    color_base,
    tokenize,
)
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.summaries import cart_summary, cart_view, sku_at_position
from tools.cart.models import Cart, CartLine
from tools.catalog.text import fold

# What follows these words stays in the cart ("tira o hidratante, deixa so o shampoo").
_KEEP = re.compile(
    r"\b(deixa|deixe|fica|fico com|fico so com|vou ficar (?:so )?com|mantem|mantenha|"
    r"(?:vou )?lev(?:o|ar) (?:so|somente|apenas)|so (?:vou )?(?:levar|querer)|"
    r"keep|leave|i'?ll (?:just|only) (?:take|keep)|only want)\b")



# "esvazia tudo", "tira tudo", "limpa o carrinho", "clear my cart", "vou comecar de novo":
# every line goes.
EMPTIES_CART = re.compile(
    r"\b(esvazi\w*|limp[ae]\w* (o |meu )?carrinho|(tira|remove|apaga|exclui) tudo|"
    r"(remove|delete|clear|scrap|ditch|dump|toss|drop) (everything|it all|all)|"
    r"(clear|empty) (out )?(my |the )?cart|"
    r"come[cç]ar d[eo] novo|start (all )?over)\b")


# "the green one", "this one": a pointing word, not a count.
_POINTING_ONE = re.compile(r"\b(?:the|this|that)\s+(?:\w+\s+)?one\b")


def removed_and_kept(text: str) -> tuple[str, str]:
    """The words naming what goes and (after "deixa", "keep") what stays."""
    folded = fold(text)
    match = _KEEP.search(folded)
    return (folded[:match.start()], folded[match.end():]) if match else (folded, "")


async def remove_from_cart(
    state: SalesState, services: Services, store_id: str, conv_id: int
) -> SalesUpdate:
    """Takes out the line(s) the words point at; asks which one when they point at none."""
    current = await services.carts.open_cart(conv_id)
    if current is None or not current.lines:
        return {"outcome": {"kind": "cart_empty"}, "cart": {}}
    goes, stays = removed_and_kept(turn_text(state))
    picked = _lines_meant(state, current, goes, stays)
    if not picked:
        return {"outcome": {"kind": "which_cart_item", "cart": cart_view(current)},
                "shown": [{"sku": line.sku, "name": line.name, "price": ""}
                          for line in current.lines]}
    quantity = ((state.get("classification") or {}).get("entities") or {}).get("quantity")
    # "tira 1 da branca": some units of one line; a count of what stays is not one of these,
    # nor the "one" of "the green one"
    partly = bool(len(picked) == 1 and quantity and
                  count_in(_POINTING_ONE.sub(" ", goes)))
    updated = current
    for sku in picked:
        updated = await services.carts.remove(
            store_id=store_id, conversation_id=conv_id, sku=sku,
            quantity=int(quantity) if partly and quantity else None,
            op_key=f"{state['turn_id']}:remove:{sku}") or updated
    kept = await _keep_count(state, services, store_id, conv_id, updated, stays)
    if kept is not None:
        return kept
    names = ", ".join(_line_label(line, current) for line in current.lines
                      if line.sku in picked)
    return {"outcome": {"kind": "removed", "name": names, "cart": cart_view(updated)},
            "cart": cart_summary(updated)}


def _lines_meant(state: SalesState, current: Cart, goes: str, stays: str) -> list[str]:
    """The skus of the lines to take out, or [] when the words do not say which."""
    entities = (state.get("classification") or {}).get("entities") or {}
    lines = [{"sku": line.sku, "name": line.name} for line in current.lines]
    action_sku = (state.get("action") or {}).get("sku")
    sku = action_sku or sku_at_position(lines, entities.get("ordinal"))
    if sku is not None:
        return [sku] if any(line["sku"] == sku for line in lines) else []
    if EMPTIES_CART.search(fold(goes)) and not stays:
        return [line["sku"] for line in lines]
    said = goes if stays else entities.get("product") or goes
    named = [line for line in current.lines if shares_a_word(said, line.name)
             and not (stays and shares_a_word(stays, line.name))]
    # "tira a branca": among the lines named (or all), the one whose option the words say
    by_option = [line for line in (named or current.lines) if _says_option(goes, line)
                 and not (stays and _says_option(stays, line))]
    for choice in (named, by_option):
        if len(choice) == 1:
            return [choice[0].sku]
    folded = fold(turn_text(state))
    if (position := ordinal_span(folded, len(lines))) is not None:
        found = sku_at_position(lines, position[0])  # "tira o segundo": a line of the cart
        return [found] if found else []
    group = group_pick(folded, [{"sku": line.sku, "price": str(line.unit_price)}
                                for line in current.lines]) or []
    if group:
        return group  # "tira o mais barato", "tira os dois"
    if len(lines) == 1 and not _names_another(goes, lines[0]["name"]):
        return [lines[0]["sku"]]  # "tira", "remove it": the only line ("tira a garrafa" is not)
    return []


def _says_option(words: str, line: CartLine) -> bool:
    """Whether the words name one of the line's options ("a branca", "the M one")."""
    tokens = set(fold(words).replace(",", " ").split())
    colours = {color_base(token) for token in tokens} - {None}
    for value in (fold(str(v)) for v in (line.variant or {}).values()):
        if color_base(value) in colours or value in colours:
            return True
        if value in tokens and (value in LETTER_SIZES or (value.isdigit() and len(value) > 1)):
            return True
    return False


async def _keep_count(state: SalesState, services: Services, store_id: str, conv_id: int,
                      cart: Cart, stays: str) -> SalesUpdate | None:
    """"vou levar so a marinho, mas 2": the line kept at the count said, or None when the
    words keep no count of one line."""
    count = count_in(stays) if stays else None
    if count is None or not cart.lines:
        return None
    meant = [line for line in cart.lines
             if _says_option(stays, line) or shares_a_word(stays, line.name)]
    line = meant[0] if len(meant) == 1 else cart.lines[0] if len(cart.lines) == 1 else None
    if line is None or count == line.quantity:
        return None
    return await set_quantity(state, services, store_id, conv_id, count, sku=line.sku)


def _line_label(line: CartLine, cart: Cart) -> str:
    """The line's name, with its options when another line has the same name."""
    twins = sum(1 for other in cart.lines if other.name == line.name)
    options = " / ".join(str(v) for v in (line.variant or {}).values())
    return f"{line.name} ({options})" if twins > 1 and options else line.name


def _names_another(words: str, line_name: str) -> bool:
    """Whether the words name a product, and not the cart's line ("tira a garrafa" with only
    a coffee maker in the cart)."""
    named = content_words([t.text for t in tokenize(words)[1]
                           if t.text not in REMOVE_WORDS and t.text not in NEGATIONS])
    return bool(named) and not shares_a_word(" ".join(named), line_name)
