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
from dataclasses import replace
from typing import Any

from graphs.sales.product_answers import topics_in
from graphs.sales.resolve.asides import without_asides
from graphs.sales.resolve.earlier_list import points_back
from graphs.sales.resolve.flags import LEADING_NO, goes_ahead, how_said
from graphs.sales.resolve.parts import Catalog, Piece, Resolution, Seen
from graphs.sales.resolve.products import (
    SAID_FOR,
    Candidate,
    base_name,
    best_candidates,
    content_words,
    score,
    singular,
)
from graphs.sales.resolve.references import (
    group_pick,
    group_words,
    measure_pick,
    ordinal_span,
    price_pick,
)
from graphs.sales.resolve.requests import (
    count_of_the_only_one,
    header_shared,
    kind_then_which,
    piece_request,
)
from graphs.sales.resolve.variants import (
    attribute_sets,
    match_attributes,
    narrow,
)
from graphs.sales.resolve.words import (
    BUY_CUES,
    CONTINUING,
    ENGLISH_OPTION_WORDS,
    FILLERS,
    GREETINGS,
    NUMBER_WORDS,
    Token,
    is_attribute_word,
    tokenize,
)
from graphs.sales.summaries import sku_at_position
from tools.catalog.glossary import translations
from tools.catalog.text import undiminished
from tools.catalog.vocabulary import RELATIVE_SIZES

_BARE_NUMBER = re.compile(r"\s*(?:o|a|no|na|the|number|numero|n|#)?\s*(\d{1,2})\s*[.!]?\s*")
_INDEFINITE = frozenset("um uma uns umas an some any".split())
_SPLIT = re.compile(r",(?!\d)|;|\+|&|\.\s|\be\b|\band\b|\bplus\b")
_CANDIDATES_SHOWN = 5
_MOST_ITEMS = 12
# "o mesmo em azul", "e pro meu marido, 41": another of the item last put in the cart.
_SAME = frozenset("""mesmo mesma msm igual same marido esposa mulher filho filha namorado
namorada mae pai irma irmao amigo amiga husband wife son daughter boyfriend girlfriend mom dad
sister brother friend""".split())
_ANOTHER = frozenset("outro outra another".split())
_LARGEST_LEADING_COUNT = 20
_LARGEST_COUNT_BEFORE_OPTION = 10


def _one_product_in_view(seen: Seen) -> bool:
    """One product on screen, or the options of one."""
    return len(seen.recent) == 1 or bool(seen.shown) and not seen.suggestions and all(
        item.get("attributes") for item in seen.shown)


def _pieces(folded: str, tokens: list[Token]) -> list[Piece]:
    bounds, start = [], 0
    for match in _SPLIT.finditer(folded):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(folded)))
    pieces = [Piece(s, e, [t for t in tokens if s <= t.start and t.end <= e]) for s, e in bounds]
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
    if (back := points_back(folded, seen.listed, seen.shown)) is not None:
        # "vou no mais barato dos 3", "aquele primeiro q vc mostrou": the earlier list
        seen = replace(seen, shown=seen.listed, suggestions=())
        tokens = [t for t in tokens if not back[0] <= t.start < back[1]]
    tokens = without_asides(folded, tokens, text)
    result = how_said(text, tokens)
    if (leading_no := LEADING_NO.match(folded)) is not None:
        # "nao espera, melhor o preto": the no refuses the offer; the choice is what follows
        tokens = [t for t in tokens if t.start >= leading_no.end()]
    if not tokens or result.other_business:
        return result
    pieces = _pieces(folded, tokens)
    for piece in pieces:
        _point(folded, piece, seen)
    # A pasted wall of text cuts into a hundred pieces, each a catalog search: an order
    # lists a handful of items, so only the first few are looked up.
    pieces = _merge(pieces)[:_MOST_ITEMS]
    for index, piece in enumerate(pieces):
        if piece.same_as_before:
            before = pieces[index - 1]
            piece.skus, piece.candidates = list(before.skus), list(before.candidates)
            piece.by_context = before.by_context
            continue
        if piece.content and not piece.skus and _one_product_in_view(seen) and \
                any(t.text in RELATIVE_SIZES for t in piece.tokens):
            piece.content = []  # "ok the smaller bottle then": the one in view, its smaller size
        if piece.content and not piece.skus:
            await _name(piece, seen, catalog)
        if not piece.skus and not piece.candidates and not piece.content:
            await _context(piece, _its_companions(pieces, index), seen, catalog)
    result.named = any(p.skus or p.candidates for p in pieces if p.content)
    explained: set[int] = set()
    # "and a jump rope" with something in the cart goes on buying: added, not shown first.
    opening = next((t.text for t in tokens if t.text not in _OPENERS), "")
    result.continuing = opening in CONTINUING and bool(seen.cart_skus)  # ("oh and a …")
    alone = len(pieces) == 1 and not result.continuing
    first_named = next((p for p in pieces if p.content), None)
    counted_after: list[bool] = []  # per request: another item of the product before it
    for piece in pieces:
        request = await piece_request(folded, piece, seen, catalog, alone=alone)
        if request is not None and piece is not first_named and not request.get("kind_named") \
                and (request.get("unseen") or request.get("candidates")) \
                and not any(t.text in BUY_CUES for t in piece.tokens) \
                and topics_in(folded[piece.start:piece.end]):
            # "... e é a prova dagua?", "and how long does the battery last": a feature of the
            # item before, not the "Fone Esportivo à Prova d'Água" or a "Vestido Longo"
            request = None
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
            counted_after.append(piece.same_as_before)
    result.requests = header_shared(*kind_then_which(result.requests, counted_after))
    words = [t.text for t in tokens]
    result.pure = all(t.start in explained or t.text in FILLERS or t.text in BUY_CUES
                      or t.text in GREETINGS or goes_ahead(words, i)
                      for i, t in enumerate(tokens))
    if not result.requests and not result.skipped and \
            (request := count_of_the_only_one(tokens, seen)) is not None:
        result.requests.append(request)  # "just one please" with one product on screen
        result.pure = True  # every word was a count, a filler or a word of buying
    elif not result.requests and not result.skipped and len(pieces) > 1:
        # "quero 1. pode fechar no nome de Helena": the count is one part of the message
        counted = [r for p in pieces if (r := count_of_the_only_one(p.tokens, seen))]
        result.requests += counted[:1]
    return result


def _index(tokens: list[Token], token: Token) -> int:
    return next(i for i, t in enumerate(tokens) if t is token)


# Words before "and …" that do not stop it going on buying ("oh and a sunscreen too").
_OPENERS = frozenset("oh ah ahh opa ops oops ei hey ok okay blz".split())
# A plural article before a number counts ("os 6", "as duas"), a singular one points ("o 2").
_COUNTED = re.compile(r"\b(?:os|as)\s+\d+\s*$")


def _point(folded: str, piece: Piece, seen: Seen) -> None:
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
    if found is not None and _COUNTED.search(text[:found[1][1]]):
        found = None  # "os 6 na cor azul": the six of them, a count, not the sixth row
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
    if not piece.skus and (measured := measure_pick(text, seen.recent)
                           or price_pick(text, seen.recent)):
        # "the 25W one": the item whose name says 25 W; "a de 89": the one at R$ 89,90
        sku, (start, end) = measured
        piece.skus = [sku]
        piece.used |= {i for i, t in enumerate(piece.tokens)
                       if start <= t.start - piece.start < end}
    if not piece.skus:
        group = group_pick(text, seen.recent)
        if group:
            piece.skus = group
            for start, end in group_words(text):
                piece.used |= {i for i, t in enumerate(piece.tokens)
                               if start <= t.start - piece.start < end}
    piece.content = content_words([t.text for i, t in enumerate(piece.tokens)
                                   if i not in piece.used])


def _merge(pieces: list[Piece]) -> list[Piece]:
    """A piece with only a colour, a size or a count joins the item before it ("a caneca
    entao, 1 so": one of it); one that starts with a count and names an option ("... and one
    white in L") is another item of the same product."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and piece.attribute_only and _counted(piece) and any(
                not t.is_number and is_attribute_word(t.text) for t in piece.tokens[1:]):
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


def _counted(piece: Piece) -> bool:
    """Whether a piece starts with a count: "one white", "2 pretas", "uma G", "outro G", "a
    white 36" (English "a" is one; Portuguese "a" is "the")."""
    first = piece.tokens[0].text
    return len(piece.tokens) > 1 and (first in NUMBER_WORDS or first in _ANOTHER or (
        first in {"a", "an"} and piece.tokens[1].text in ENGLISH_OPTION_WORDS) or (
        first.isdigit() and 0 < int(first) <= _LARGEST_COUNT_BEFORE_OPTION))


# Words of a piece searched one by one when the whole found nothing (each is a query).
_MOST_WORDS_ALONE = 3


def _seen_candidates(seen: Seen) -> list[Candidate]:
    found: list[Candidate] = []
    for rank, items in ((0, seen.suggestions), (1, seen.shown)):
        found += [Candidate(sku=item["sku"], name=base_name(item["name"]), rank=rank)
                  for item in items]
    return found


async def _name(piece: Piece, seen: Seen, catalog: Catalog) -> None:
    """The product the piece's words name: among what was seen, then in the catalog."""
    # Singulars and translations help the search ("batons": "batom"; "cap": "bone").
    extra = [form for word in piece.content
             for form in (singular(word), *undiminished(word), *translations(word))]
    hits = await catalog.search(" ".join(dict.fromkeys(piece.content + extra)))
    if not hits and len(piece.content) > 1:
        # "bne aba crva": too many typos for the search to cover the words together; each
        # word alone finds what it can, and a product counts when its name reads (typos
        # and all) at least half the words, as the search asks of a whole query ("qria
        # falar c alguem da loja" names no "Vale-Presente Loja Balcão")
        for word in [w for w in piece.content if len(w) >= 3][:_MOST_WORDS_ALONE]:
            hits += [p for p in await catalog.search(word) if p not in hits and 2 * len(
                score(piece.content, Candidate(sku=p.sku, name=p.name))[1]) >= len(
                    piece.content)]
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


def _its_companions(pieces: list[Piece], index: int) -> list[Piece]:
    """The piece and the counted pieces after it that are more of the same product: "2 black
    ones size M" and "one white in L"."""
    following = pieces[index + 1:]
    ends = next((i for i, p in enumerate(following) if not p.same_as_before), len(following))
    return [pieces[index], *following[:ends]]


async def _context(piece: Piece, companions: list[Piece], seen: Seen, catalog: Catalog
                   ) -> None:
    """Only a colour or a size: the product being chosen, or the one product on screen; "o
    mesmo em azul" / "same in blue": the item last put in the cart, in that option; with a
    list on screen, the one product of it sold in every option the companions name."""
    sku = seen.choosing
    if sku is None and seen.cart_skus and any(t.text in _SAME for t in piece.tokens):
        sku = seen.cart_skus[-1]
    if sku is None and seen.shown and all(item.get("attributes") for item in seen.shown):
        sku = seen.shown[0]["sku"]  # the options of one product
    if sku is None and len(seen.recent) == 1:
        sku = seen.recent[0]["sku"]
    if sku is None and seen.recent:
        sku = await _the_one_that_has_it(companions, seen.recent, catalog)
    if sku is not None:
        piece.skus = [sku]
        piece.by_context = True


async def _the_one_that_has_it(pieces: list[Piece], items: Sequence[Mapping[str, Any]],
                               catalog: Catalog) -> str | None:
    """"green" with a list of products on screen: the one product of it sold in green; "2
    black ones and one white" is one product sold in both."""
    fits = []
    for item in items[:_CANDIDATES_SHOWN * 2]:
        product = await catalog.get(item["sku"])
        if product is None or not product.variants:
            continue
        used = 0
        for piece in pieces:
            match = match_attributes(piece.tokens, range(len(piece.tokens)),
                                     attribute_sets(product))
            if not (match.wanted and narrow(product, match.wanted)[1]):
                break
            used += len(match.used)
        else:
            fits.append((used, item["sku"]))
    best = max((used for used, _ in fits), default=0)
    skus = [sku for used, sku in fits if used == best]
    return skus[0] if len(skus) == 1 else None
