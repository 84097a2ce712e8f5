""""Troca o tamanho pra G": changing a cart line to another variant of the same product."""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.inbound import turn_text
from graphs.sales.resolve.asides import DELIVERY_CHANGE
from graphs.sales.resolve.words import ENGLISH_LETTERS, REMOVE_WORDS, color_base
from graphs.sales.state import SalesState
from tools.catalog.text import fold

# "make the white one M": English for a change; "volta pro preto": back to the one before
_CHANGE = re.compile(r"\b(troca|trocar|troque|muda|mudar|mude|altera|alterar|change|swap"
                     r"|switch|make|volta pr[oa]|go back to)\b")


# A change said as a second thought ("pera, melhor G", "actually the blue one"): a change only
# when no option is being chosen and no product is named (then it is a choice or an add).
_SECOND_THOUGHT = re.compile(r"\b(melhor|prefiro|pensando bem|na verdade|em vez|ao inves|"
                             r"actually|instead|rather|errei|erro meu|ops|foi mal|"
                             r"quis dizer|queria dizer|corrigindo|oops|my bad|i meant)\b")


def second_thought(text: str) -> bool:
    """Whether the words take back what was just said ("errei, é 42", "oops, I meant L")."""
    return bool(_SECOND_THOUGHT.search(fold(text)))


def asks_change(text: str) -> bool:
    """Whether the words ask to change something ("make it medium", "troca pro azul")."""
    return bool(_CHANGE.search(fold(text)))


def options_as_entities(options: dict[str, str]) -> dict[str, str]:
    """A product's option values ("tamanho", "cor") as the classification's entities."""
    keys = {"tamanho": "size", "numero": "size", "size": "size", "cor": "color",
            "color": "color"}
    return {keys[fold(k)]: v for k, v in options.items() if fold(k) in keys}


def wants_variant_swap(state: SalesState) -> bool:
    """A change of size or colour asked while the cart has items (before any purchase)."""
    entities = (state.get("classification") or {}).get("entities") or {}
    if not ((state.get("cart") or {}).get("skus") and (entities.get("size") or
                                                         entities.get("color"))):
        return False
    # ("muda pra expressa e poe mais uma jogger preta G": the delivery changes, no line)
    folded = DELIVERY_CHANGE.sub(" ", fold(turn_text(state)))
    if (state.get("classification") or {}).get("intent") == "remove_from_cart" and \
            REMOVE_WORDS & set(folded.split()):
        return False  # "pensando bem tira o preto, fico com o azul": a removal, no change
    return bool(_CHANGE.search(folded)) or bool(
        _SECOND_THOUGHT.search(folded) and not state.get("requests")
        and state.get("pending_question") not in {"choose_product", "confirm_add"})


def swap_target(product: Any, current_sku: str, entities: dict[str, Any]) -> Any:
    """The in-stock variant that keeps the current one's attributes except the ones asked."""
    current = next((v for v in product.variants if v.sku == current_sku), None)
    if current is None:
        return None
    sold = {fold(str(v)) for variant in product.variants for v in variant.attributes.values()}
    wanted = {key: _as_sold(fold(str(entities[key])), sold)
              for key in ("size", "color") if entities.get(key)}
    for variant in product.variants:
        if variant.sku == current_sku or not (variant.stock is None or variant.stock > 0):
            continue
        values = {fold(str(v)) for v in variant.attributes.values()}
        if not all(w in values for w in wanted.values()):
            continue
        kept = {fold(str(v)) for v in current.attributes.values()} - _asked_values(
            current.attributes, wanted)
        if kept <= values:
            return variant
    return None


def _as_sold(value: str, sold: set[str]) -> str:
    """The value as the catalog writes it: "black" is "preto", "L" is "g" where P/M/G sell."""
    if value in sold:
        return value
    base = color_base(value)
    same_colour = [v for v in sold if base is not None and color_base(v) == base]
    if same_colour:
        return same_colour[0]
    if value in ENGLISH_LETTERS and ENGLISH_LETTERS[value] in sold:
        return ENGLISH_LETTERS[value]
    return value


def _asked_values(attributes: dict[str, str], wanted: dict[str, str]) -> set[str]:
    """The current variant's values of the attributes the buyer is changing."""
    keys = {"size": {"tamanho", "size", "numero", "número"}, "color": {"cor", "color"}}
    return {fold(str(v)) for k, v in attributes.items()
            if any(fold(k) in {fold(x) for x in keys[w]} for w in wanted)}


# "the white one", "a branca", "da preta": a colour right after an article names the line.
_REFERENCE = re.compile(r"\b(?:the|o|a|os|as|da|do|das|dos|na|no)\s+(\w+)")


def lines_to_change(lines: list[Any], entities: dict[str, Any], text: str = "") -> list[Any]:
    """The cart lines in the order a change is tried: a line the message points at by a
    colour ("make the white one M" changes the white line, not the M one), then a line the
    words describe ("make the blue one L"), then the latest line first."""
    said = {fold(str(entities[key])) for key in ("size", "color") if entities.get(key)}
    pointed = {color_base(word) for word in _REFERENCE.findall(fold(text))} - {None}
    latest_first = list(reversed(lines))

    def bases(line: Any) -> set[str | None]:
        return {color_base(fold(str(v))) for v in (line.variant or {}).values()} - {None}

    def described(line: Any) -> bool:
        values = {fold(str(v)) for v in (line.variant or {}).values()}
        return bool(values & said or bases(line) & {color_base(w) for w in said})

    return sorted(latest_first, key=lambda line: (not bases(line) & pointed,
                                                  not described(line)))
