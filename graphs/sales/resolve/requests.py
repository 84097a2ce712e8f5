"""A piece of a message, once pointed at a product, into a request for the cart: the variant
narrowed by the options said, the quantity, or the candidates when the words fit several."""

from __future__ import annotations

import re

from graphs.sales.nlu.normalize import tokens as nlu_tokens
from graphs.sales.nlu.quantity import extract_quantity
from graphs.sales.nlu.spans import ClaimedSpans
from graphs.sales.resolve.parts import Catalog, Piece, Seen
from graphs.sales.resolve.products import names_its_kind
from graphs.sales.resolve.variants import attribute_sets, match_attributes, narrow
from graphs.sales.resolve.words import (
    BUY_CUES,
    FILLERS,
    GREETINGS,
    NUMBER_WORDS,
    POINTING,
    Token,
)
from graphs.sales.state_types import ItemRequest, ShownItem
from graphs.sales.summaries import lines_of
from tools.catalog.models import Product, Variant

_BARE_NUMBER = re.compile(r"\s*(?:o|a|no|na|the|number|numero|n|#)?\s*(\d{1,2})\s*[.!]?\s*")
_INDEFINITE = frozenset("um uma uns umas an some any".split())
_SPLIT = re.compile(r",(?!\d)|;|\+|&|\be\b|\band\b|\bplus\b")
_CANDIDATES_SHOWN = 5
_LARGEST_LEADING_COUNT = 20
_LARGEST_COUNT_BEFORE_OPTION = 10




async def piece_request(folded: str, piece: Piece, seen: Seen, catalog: Catalog, *, alone: bool
                   ) -> ItemRequest | None:
    said = folded[piece.start:piece.end].strip()
    if piece.candidates:
        if alone and _browsing(piece) and not _quantity(folded, piece):
            return None  # "queria uma bolsa": which ones there are is a search's list
        return await _ambiguous(folded, said, piece, catalog)
    if not piece.skus:
        if piece.missing is not None and not piece.content:
            return {"said": said, "position": piece.missing}
        return None
    products = [await catalog.get(sku) for sku in piece.skus]
    if len(piece.skus) > 1:  # "os dois": each as it is, no attributes or counts
        piece.used |= {i for i, t in enumerate(piece.tokens) if t.text in FILLERS}
        return {"said": said, "skus": list(piece.skus)}
    product = products[0]
    if product is None:
        return None
    free = [i for i in range(len(piece.tokens)) if i not in piece.used]
    match = match_attributes(piece.tokens, free, attribute_sets(product))
    if piece.by_context and not match.wanted:
        return None  # words about nothing on screen
    piece.used |= match.used
    on_screen = [item for item in seen.shown if item.get("attributes")
                 and all(item["attributes"].get(k) == v for k, v in match.wanted.items())]
    if piece.by_context and len(on_screen) == 1:
        # The options on screen were already narrowed ("vinho"): "G" is the one left.
        piece.skus, match.wanted = [on_screen[0]["sku"]], {}
    if not product.variants:
        match.wanted = {}  # a product without options: its colour was a way to name it
    elif product.selected_variant is not None and match.wanted:
        # "a 1, 36 caramelo" with the options on screen: the words say which option.
        match.wanted = dict(product.selected_variant.attributes) | match.wanted
    pointed = piece.skus[0]
    narrowed = _narrowed_before(pointed, seen, product, match.wanted)
    if narrowed is not None:  # "size 42" filtered the list, then "blue": the 42 in blue
        match.wanted = dict(narrowed.attributes)
    quantity = _quantity(folded, piece)
    request: ItemRequest = {"said": said, "sku": pointed}
    if match.wanted:
        request["attributes"] = match.wanted
    if quantity:
        request["quantity"] = quantity
    if piece.by_context:
        request["context"] = True
    if piece.content and pointed not in {item["sku"] for item in seen.shown} | {
            item["sku"] for item in seen.suggestions}:
        request["unseen"] = True
        if names_its_kind(piece.content, product.name):
            request["kind_named"] = True
        if alone and not match.wanted and not quantity and _browsing(piece):
            # "quero uma garrafa": which ones there are is shown first, as a search would.
            # "quero a bolsa tote de praia" names the one product: it is taken, as a shop
            # assistant hands over the thing asked for (its price is in the reply).
            return None
    return request


# English words before "a" that make it the indefinite article ("I want a power bank"); in
# Portuguese "a" is "the" ("quero a bolsa tote").
_ENGLISH_BEFORE_A = frozenset("want need get take buy like looking for have any".split())


def _browsing(piece: Piece) -> bool:
    """Whether the item's words follow an indefinite article: a kind of thing, not one. "coloca
    tb um squeeze" puts one in the cart: a verb of putting in makes it the one named."""
    first = next((i for i, t in enumerate(piece.tokens) if t.text in piece.content), 0)
    return first > 0 and _indefinite(piece.tokens[:first]) and \
        not any(t.text in _PUT_IN for t in piece.tokens[:first])


_PUT_IN = frozenset("""coloca coloque coloka bota boto poe ponha adiciona adicione add inclui
incluir manda mande put throw""".split())


def _indefinite(before: list[Token]) -> bool:
    """Whether the item's words follow an indefinite article ("uma garrafa", "a power bank")."""
    last = before[-1].text
    return last in _INDEFINITE or (last == "a" and len(before) > 1
                                   and before[-2].text in _ENGLISH_BEFORE_A)


def _narrowed_before(sku: str, seen: Seen, product: Product, wanted: dict[str, str]
                     ) -> Variant | None:
    """The one variant left when a filtered list showed the item (its `variant_skus`, e.g.
    those in size 42) and the words now say the rest."""
    shown = next((item for item in (*seen.suggestions, *seen.shown) if item["sku"] == sku), None)
    allowed = set((shown or {}).get("variant_skus") or [])
    if not allowed or not product.variants:
        return None
    left = [v for v in product.variants if v.sku in allowed and v.in_stock
            and all(v.attributes.get(k) == value for k, value in wanted.items())]
    return left[0] if len(left) == 1 else None


async def _ambiguous(folded: str, said: str, piece: Piece, catalog: Catalog) -> ItemRequest:
    """Several products fit the words: keep those that have what was asked, as options."""
    options: list[ShownItem] = []
    free = [i for i in range(len(piece.tokens)) if i not in piece.used]
    used: set[int] = set()
    fits = []
    for candidate in piece.candidates:
        product = await catalog.get(candidate.sku)
        if product is not None and product.in_stock:
            fits.append((product, match_attributes(piece.tokens, free, attribute_sets(product))))
    # Those that have every option said ("preta M") before those that have some of them.
    most = max((len(match.used) for _, match in fits), default=0)
    for product, match in fits:
        if len(match.used) < most:
            continue
        _, in_stock = narrow(product, match.wanted) if product.variants else ([], [])
        if product.variants and match.wanted and not in_stock:
            continue
        chosen = in_stock[0] if len(in_stock) == 1 else None
        option: ShownItem = {
            "sku": chosen.sku if chosen else product.sku,
            "name": product.name,
            "price": str(chosen.price if chosen else product.price_range[0]),
            "in_stock": True,
        }
        if chosen:
            option["attributes"] = dict(chosen.attributes)
        options.append(option)
        used |= match.used
    piece.used |= used
    request: ItemRequest = {"said": said, "candidates": options[:_CANDIDATES_SHOWN]}
    if len(options) == 1:  # only one of them has what was asked
        request = {"said": said, "sku": options[0]["sku"]}
        if options[0].get("attributes"):
            request["attributes"] = dict(options[0]["attributes"])
    if quantity := _quantity(folded, piece):
        request["quantity"] = quantity
    return request


def _quantity(folded: str, piece: Piece) -> int | None:
    """How many of the item: "2 camisetas", "duas", "quero 3"."""
    text = folded[: piece.end]
    claimed = ClaimedSpans()
    claimed.claim(0, piece.start)
    for index in piece.used:
        token = piece.tokens[index]
        claimed.claim(token.start, token.end)
    quantity = extract_quantity(text, nlu_tokens(text), claimed, whole_message=False)
    if quantity is None:
        # "2 top rosa", "dois fones": a count before the item's words.
        first = next((i for i in range(len(piece.tokens)) if i not in piece.used
                      and piece.tokens[i].text not in FILLERS - {"um", "uma", "one"}), None)
        if first is not None:
            word = piece.tokens[first].text
            value = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
            if value and (value > 1 or word.isdigit() or piece.same_as_before) and \
                    value <= _LARGEST_LEADING_COUNT and \
                    first + 1 < len(piece.tokens):
                quantity = value
    if quantity:
        piece.used |= {i for i, t in enumerate(piece.tokens)
                       if t.text == str(quantity) or NUMBER_WORDS.get(t.text) == quantity
                       or t.text in ("x", "unidades", "unidade")}
    return quantity


# A yes before the count or the pointing ("yes pls add it", "sim, quero 1").
_YES = frozenset("yes yeah yep yup sure sim claro".split())


def count_of_the_only_one(tokens: list[Token], seen: Seen) -> ItemRequest | None:
    """A bare count ("just one please", "quero 2") while one product is on screen: that many
    of it. With several products shown, or none, a count alone says no item."""
    # Suggestions just made beside an item added make a count ambiguous ("quero 2": two of
    # the item or of the suggestion?): only one product listed counts.
    if seen.suggestions or len(seen.shown) != 1 or seen.choosing:
        return None
    counts = [int(t.text) if t.text.isdigit() else NUMBER_WORDS.get(t.text, 0) for t in tokens]
    pointer = next((i for i, t in enumerate(tokens) if t.text in POINTING), None)
    if not any(counts) and pointer is not None and any(t.text in BUY_CUES for t in tokens):
        counts[pointer] = 1  # "buy it", "quero esse": one of it
    if sum(1 for c in counts if c) != 1 or max(counts) > _LARGEST_LEADING_COUNT:
        return None
    if not all(c or t.text in FILLERS or t.text in BUY_CUES or t.text in GREETINGS
               or t.text in _YES for c, t in zip(counts, tokens, strict=True)):
        return None  # other words say something else ("2x no cartao?", "o de 50")
    # ("looking for a cap. black if you have one" -> "add it": the one variant the search's
    # colour or size matched, not the choice of all again)
    matched = seen.shown[0].get("variant_skus") or []
    return {"said": " ".join(t.text for t in tokens),
            "sku": matched[0] if len(matched) == 1 else seen.shown[0]["sku"],
            "quantity": max(counts)}


def header_shared(requests: list[ItemRequest], counted: list[bool]) -> list[ItemRequest]:
    """ "a camiseta basica tam M, 1 preta e 1 branca": the product named with what its items
    share, then the items counted; the items take the shared options and the product named
    is no item of its own (unless a count was said for it)."""
    kept: list[ItemRequest] = []
    for index, request in enumerate(requests):
        items = [r for r, same in zip(requests[index + 1:], counted[index + 1:], strict=True)
                 if same and r.get("sku") == request.get("sku")]
        if counted[index] or len(items) < 2 or not request.get("sku"):
            kept.append(request)
            continue
        for item in items:
            item["attributes"] = dict(request.get("attributes") or {}) | dict(
                item.get("attributes") or {})
        if request.get("quantity"):
            kept.append(request)
    return kept


def kind_then_which(requests: list[ItemRequest], counted: list[bool]
                    ) -> tuple[list[ItemRequest], list[bool]]:
    """ "preciso de tenis pra escola, o pisca pisca, um azul 30 ...": a kind of product, then
    which one of that kind; the kind is no item of its own."""
    kept = [(request, same) for index, (request, same) in enumerate(zip(
        requests, counted, strict=True)) if not (
            request.get("candidates") and index + 1 < len(requests)
            and (which := requests[index + 1].get("sku"))
            and any(lines_of(c["sku"], [which]) for c in request["candidates"]))]
    return [r for r, _ in kept], [same for _, same in kept]
