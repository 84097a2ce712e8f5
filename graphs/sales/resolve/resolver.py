"""From one message and what the buyer has seen to concrete requests for the cart.

"quero uma legging preta P e um top rosa M" is two requests: the legging with
`{"cor": "preto", "tamanho": "P"}` and the top with `{"cor": "rosa", "tamanho": "M"}`.
A message is cut into items at commas, "e", "and" and "+"; an item is found by a position
in the last list ("o 2"), a word for a group of what was seen ("os dois", "o mais barato"),
product words (matched against what was seen, most recent first, then the catalog's search),
or, with none of these, it is the product whose option is being chosen ("38 rosa"). A piece
with only a colour or size ("..., na cor preta") belongs to the item before it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphs.sales.nlu.normalize import tokens as nlu_tokens
from graphs.sales.nlu.quantity import extract_quantity
from graphs.sales.nlu.spans import ClaimedSpans
from graphs.sales.resolve.glossary import translations
from graphs.sales.resolve.products import (
    SAID_FOR,
    Candidate,
    base_name,
    best_candidates,
    content_words,
    score,
    singular,
)
from graphs.sales.resolve.references import group_pick, group_words, ordinal_span
from graphs.sales.resolve.variants import attribute_sets, match_attributes, narrow
from graphs.sales.resolve.words import (
    BUY_CUES,
    CHANGE_WORDS,
    COMPLAINT_WORDS,
    CONTINUING,
    FILLERS,
    GREETINGS,
    LOOK_WORDS,
    NEGATIONS,
    NUMBER_WORDS,
    QUESTION_STARTS,
    QUESTION_WORDS,
    REMOVE_WORDS,
    Token,
    is_attribute_word,
    tokenize,
)
from graphs.sales.state_types import ItemRequest, ShownItem
from graphs.sales.summaries import sku_at_position
from tools.catalog.models import Product, Variant

_BARE_NUMBER = re.compile(r"\s*(?:o|a|no|na|the|number|numero|n|#)?\s*(\d{1,2})\s*[.!]?\s*")
_INDEFINITE = frozenset("um uma uns umas an some any".split())
_SPLIT = re.compile(r",(?!\d)|;|\+|&|\be\b|\band\b|\bplus\b")
_SEARCH_LIMIT = 8
_CANDIDATES_SHOWN = 5
_LARGEST_LEADING_COUNT = 20
_LARGEST_COUNT_BEFORE_OPTION = 10


@dataclass(frozen=True)
class Seen:
    """What the buyer has seen, most recent first."""

    suggestions: Sequence[Mapping[str, Any]] = ()
    """The products suggested in the last reply ("combina com")."""
    shown: Sequence[Mapping[str, Any]] = ()
    """The last list shown (search results, a product's options, the cart's lines)."""
    cart_skus: Sequence[str] = ()
    """The cart's lines."""
    choosing: str | None = None
    """The product whose option the bot asked for, if it did."""

    @property
    def recent(self) -> Sequence[Mapping[str, Any]]:
        """The most recent list: the suggestions just made, else the last list."""
        return self.suggestions or self.shown

    @property
    def nothing(self) -> bool:
        return not (self.suggestions or self.shown or self.choosing)


@dataclass
class Resolution:
    """What a message asks for, item by item, and how it was said."""

    requests: list[ItemRequest] = field(default_factory=list)
    pure: bool = False
    """Every word is a filler, a cue to buy, or said something about an item."""
    buy_cue: bool = False
    """A word of buying ("quero", "coloca", "vou no", "I'll take")."""
    question: bool = False
    negated: bool = False
    looking: bool = False
    """A word of looking ("ver", "mostra", "show me")."""
    other_business: bool = False
    """A change, a removal or a complaint: handled elsewhere, never an add."""
    named: bool = False
    """Product words named a catalog product."""
    continuing: bool = False
    """The message goes on buying ("and a jump rope" with something in the cart)."""

    @property
    def skipped(self) -> bool:
        return self.question or self.negated or self.looking or self.other_business


@dataclass
class _Piece:
    start: int
    end: int
    tokens: list[Token]
    used: set[int] = field(default_factory=set)
    skus: list[str] = field(default_factory=list)
    """Items pointed at by position or group, or the named product (one)."""
    candidates: list[Candidate] = field(default_factory=list)
    """Several products the words name equally."""
    content: list[str] = field(default_factory=list)
    by_context: bool = False
    same_as_before: bool = False
    """Another item of the product named just before ("... and one white in L")."""
    missing: int | None = None
    """A position beyond the last list ("o 4" of three)."""

    @property
    def attribute_only(self) -> bool:
        return not self.skus and not self.content and self.missing is None and any(
            t.is_number or is_attribute_word(t.text) for t in self.tokens)


class Catalog:
    """What the resolver reads from the catalog (a `CatalogClient` and a store)."""

    def __init__(self, client: Any, store_id: str) -> None:
        self._client = client
        self._store_id = store_id
        self._products: dict[str, Product | None] = {}

    async def get(self, sku: str) -> Product | None:
        if sku not in self._products:
            self._products[sku] = await self._client.get(self._store_id, sku)
        return self._products[sku]

    async def search(self, words: str) -> list[Product]:
        hits = await self._client.search(self._store_id, words, limit=_SEARCH_LIMIT)
        return [hit.product for hit in hits]


def _flags(text: str, tokens: list[Token]) -> Resolution:
    words = [t.text for t in tokens]
    first = next((w for w in words if w not in GREETINGS), "")
    return Resolution(
        buy_cue=any(w in BUY_CUES for w in words),
        question="?" in text or any(w in QUESTION_WORDS for w in words)
        or first in QUESTION_STARTS,
        negated=any(w in NEGATIONS for w in words) or (bool(words) and words[0] == "n"),
        looking=any(w in LOOK_WORDS for w in words),
        other_business=any(w in CHANGE_WORDS or w in REMOVE_WORDS or w in COMPLAINT_WORDS
                           for w in words),
    )


def _pieces(folded: str, tokens: list[Token]) -> list[_Piece]:
    bounds, start = [], 0
    for match in _SPLIT.finditer(folded):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(folded)))
    pieces = [_Piece(s, e, [t for t in tokens if s <= t.start and t.end <= e]) for s, e in bounds]
    return [p for p in pieces if p.tokens]


async def resolve(text: str, seen: Seen, catalog: Catalog) -> Resolution:
    """The items a message asks for, as requests the cart can act on.

    Args:
        text: The buyer's message.
        seen: What the buyer has seen.
        catalog: The store's catalog.

    Returns:
        The requests (empty when the message names no item) and how the message was said.
    """
    folded, tokens = tokenize(text)
    result = _flags(text, tokens)
    if not tokens or result.other_business:
        return result
    pieces = _pieces(folded, tokens)
    for piece in pieces:
        _point(folded, piece, seen)
    pieces = _merge(pieces)
    for index, piece in enumerate(pieces):
        if piece.same_as_before:
            before = pieces[index - 1]
            piece.skus, piece.candidates = list(before.skus), list(before.candidates)
            piece.by_context = before.by_context
            continue
        if piece.content and not piece.skus:
            await _name(piece, seen, catalog)
        if not piece.skus and not piece.candidates and not piece.content:
            await _context(piece, seen, catalog)
    result.named = any(p.skus or p.candidates for p in pieces if p.content)
    explained: set[int] = set()
    # "and a jump rope" with something in the cart goes on buying: added, not shown first.
    result.continuing = tokens[0].text in CONTINUING and bool(seen.cart_skus)
    alone = len(pieces) == 1 and not result.continuing
    for piece in pieces:
        request = await _request(folded, piece, seen, catalog, alone=alone)
        explained |= {piece.tokens[i].start for i in piece.used}
        previous = result.requests[-1] if result.requests else None
        if request is not None and previous is not None and request.get("sku") and \
                request.get("sku") == previous.get("sku") and not piece.same_as_before:
            # "a legging e cintura alta": "e" was "é", both pieces name the same product.
            previous["attributes"] = previous.get("attributes", {}) | request.get(
                "attributes", {})
            if not previous["attributes"]:
                del previous["attributes"]
        elif request is not None:
            result.requests.append(request)
    result.pure = all(t.start in explained or t.text in FILLERS or t.text in BUY_CUES
                      or t.text in GREETINGS for t in tokens)
    return result


def _index(tokens: list[Token], token: Token) -> int:
    return next(i for i, t in enumerate(tokens) if t is token)


def _point(folded: str, piece: _Piece, seen: Seen) -> None:
    """A position ("o 2") or a group ("os dois", "o mais barato") in the piece."""
    text = folded[piece.start:piece.end]
    bare = _BARE_NUMBER.fullmatch(text)
    if bare and seen.shown and 1 <= int(bare.group(1)) <= len(seen.shown):
        # "2" with a numbered list on screen is its second row, as the list says.
        piece.skus = [seen.shown[int(bare.group(1)) - 1]["sku"]]
        piece.used = set(range(len(piece.tokens)))
        return
    found = ordinal_span(text, len(seen.shown)) or (
        ordinal_span(text, 0) if seen.shown else None)  # "o 5" of a list of two: said so
    if found is not None:
        ordinal, (start, end) = found
        sku = sku_at_position(seen.shown, ordinal)
        if sku is None:
            piece.missing = ordinal
        if sku:
            piece.skus = [sku]
        piece.used |= {i for i, t in enumerate(piece.tokens)
                       if start <= t.start - piece.start < end
                       or (t.start - piece.start < start and t.text in FILLERS)}
    if not piece.skus:
        group = group_pick(text, seen.recent)
        if group:
            piece.skus = group
            for start, end in group_words(text):
                piece.used |= {i for i, t in enumerate(piece.tokens)
                               if start <= t.start - piece.start < end}
    piece.content = content_words([t.text for i, t in enumerate(piece.tokens)
                                   if i not in piece.used])


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    """A piece with only a colour or a size joins the item before it; one that starts with a
    count ("... and one white in L") is another item of the same product."""
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and piece.attribute_only and _counted(piece):
            piece.same_as_before = True
            merged.append(piece)
        elif merged and piece.attribute_only:
            last = merged[-1]
            offset = len(last.tokens)
            last.tokens += piece.tokens
            last.used |= {offset + i for i in piece.used}
            last.end = piece.end
        else:
            merged.append(piece)
    return merged


def _counted(piece: _Piece) -> bool:
    """Whether a piece starts with a count: "one white", "2 pretas", "uma G"."""
    first = piece.tokens[0].text
    return len(piece.tokens) > 1 and (first in NUMBER_WORDS or (
        first.isdigit() and 0 < int(first) <= _LARGEST_COUNT_BEFORE_OPTION))


def _seen_candidates(seen: Seen) -> list[Candidate]:
    found: list[Candidate] = []
    for rank, items in ((0, seen.suggestions), (1, seen.shown)):
        found += [Candidate(sku=item["sku"], name=base_name(item["name"]), rank=rank)
                  for item in items]
    return found


async def _name(piece: _Piece, seen: Seen, catalog: Catalog) -> None:
    """The product the piece's words name: among what was seen, then in the catalog."""
    # Singulars and translations help the search ("batons": "batom"; "cap": "bone").
    extra = [form for word in piece.content for form in (singular(word), *translations(word))]
    hits = await catalog.search(" ".join(dict.fromkeys(piece.content + extra)))
    candidates = _seen_candidates(seen) + [
        Candidate(sku=p.sku, name=p.name, extra=" ".join(
            [*p.tags, p.category.split(">")[-1], p.brand])) for p in hits]
    after_for = frozenset(
        t.text for i, t in enumerate(piece.tokens)
        if any(p.text in SAID_FOR for p in piece.tokens[:i]))
    best = best_candidates(piece.content, candidates, after_for)
    matched = set()
    for candidate in best:
        matched |= score(piece.content, candidate)[1]
    piece.used |= {i for i, t in enumerate(piece.tokens) if t.text in matched}
    if len(best) == 1:
        piece.skus = [best[0].sku]
    else:
        piece.candidates = best


async def _context(piece: _Piece, seen: Seen, catalog: Catalog) -> None:
    """Only a colour or a size: the product being chosen, or the one product on screen."""
    sku = seen.choosing
    if sku is None and seen.shown and all(item.get("attributes") for item in seen.shown):
        sku = seen.shown[0]["sku"]  # the options of one product
    if sku is None and len(seen.recent) == 1:
        sku = seen.recent[0]["sku"]
    if sku is None and seen.recent:
        sku = await _the_one_that_has_it(piece, seen.recent, catalog)
    if sku is not None:
        piece.skus = [sku]
        piece.by_context = True


async def _the_one_that_has_it(piece: _Piece, items: Sequence[Mapping[str, Any]],
                               catalog: Catalog) -> str | None:
    """"green" with a list of products on screen: the one product of it sold in green."""
    fits = []
    for item in items[:_CANDIDATES_SHOWN * 2]:
        product = await catalog.get(item["sku"])
        if product is None or not product.variants:
            continue
        match = match_attributes(piece.tokens, range(len(piece.tokens)), attribute_sets(product))
        if match.wanted and narrow(product, match.wanted)[1]:
            fits.append((len(match.used), item["sku"]))
    best = max((used for used, _ in fits), default=0)
    skus = [sku for used, sku in fits if used == best]
    return skus[0] if len(skus) == 1 else None


async def _request(folded: str, piece: _Piece, seen: Seen, catalog: Catalog, *, alone: bool
                   ) -> ItemRequest | None:
    said = folded[piece.start:piece.end].strip()
    if piece.candidates:
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
        first = next((i for i, t in enumerate(piece.tokens) if t.text in piece.content), 0)
        browsing = first > 0 and piece.tokens[first - 1].text in _INDEFINITE
        if alone and not match.wanted and not quantity and (not product.variants or browsing):
            # "quero uma garrafa": which ones there are is shown first, as a search would.
            # "quero o carregador turbo" (nothing to choose) with it nowhere on screen is
            # shown first, with its price and an add button.
            return None
    return request


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


async def _ambiguous(folded: str, said: str, piece: _Piece, catalog: Catalog) -> ItemRequest:
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


def _quantity(folded: str, piece: _Piece) -> int | None:
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
