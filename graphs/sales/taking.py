"""What taking and closing words take: the product offered, the one searched for, the cart.

"bora fechar" to "add the white M?" takes that one and checks out; "ta ok vou levar. Bruna
Esteves" after the cart's shipping quote takes the cart as it is; "make it 2 squeezes" names
the cart line whose units change; "essa msm, 1 so" takes the product searched for. Applied by
`classify` after the intent was read again (`misread.py`), in this order.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.basket_types import NeedData
from graphs.sales.checkout_flow import closes_now, closes_with_details, takes_it_all
from graphs.sales.nlu.types import Classification
from graphs.sales.offer_along import offer_taken_along
from graphs.sales.product_questions import last_bot_template
from graphs.sales.quantity_change import counted_words
from graphs.sales.resolve import Catalog as ResolverCatalog
from graphs.sales.resolve import Seen, resolve
from graphs.sales.resolve.variants import narrow
from graphs.sales.searched_one import taken_from_the_list
from graphs.sales.state import SalesState
from graphs.sales.state_types import ItemRequest
from graphs.sales.summaries import lines_of
from graphs.sales.variant_offers import one_item_offered, options_said
from tools.catalog.text import fold

# What "I'll take it" with the cart's products in view is misread as.
_TAKING_MISREAD = frozenset({"add_to_cart", "affirm", "search_product", "other",
                             "provide_info"})


async def what_is_taken(
    classification: Classification, text: str, state: SalesState,
    requests: list[ItemRequest], needs: list[NeedData], catalog: Any, store_id: str,
) -> tuple[Classification, list[ItemRequest]]:
    """The classification and the items, once taking and closing words are read against
    what was offered, searched for and put in the cart."""
    if state.get("pending_question") == "confirm_add" and (state.get("pending") or {}).get(
            "sku") and not requests and not needs and closes_now(text):
        # "bora fechar. Patricia Gomes / cep …" to "add the white M?": yes, and check out
        classification = classification.model_copy(update={"intent": "checkout"})
    if not (state.get("cart") or {}).get("skus") and one_item_offered(state) and \
            not requests and not needs and (closes_now(text) or closes_with_details(text)):
        # "so isso, retiro na loja. Marta Goncalves" with the one product found on screen
        # and nothing in the cart: that product, and checkout with what else was said
        classification = classification.model_copy(update={"intent": "checkout"})
    if classification.intent in _TAKING_MISREAD and not needs and takes_it_all(text) and \
            _only_cart_lines(requests, state) and \
            await _view_is_in_cart(state, catalog, store_id):
        # "ta ok vou levar. Bruna Esteves" after the shipping quote of the cart, or "nice,
        # I'll take them. Priya Nair" after the tees went in: the cart, checked out with the
        # name said (not one more of them)
        classification = classification.model_copy(update={"intent": "checkout"})
        requests = []
    if not needs and (chosen := await _any_option(text, requests, state, catalog, store_id)):
        # "tanto faz a cor, qualquer uma q tiver" with the cap found: one in stock (a shop
        # assistant hands over what there is most of), never a complaint
        classification = classification.model_copy(update={"intent": "add_to_cart"})
        requests = [chosen]
    if len(requests) == 1 and not needs and \
            await _keeps_the_line(requests[0], text, state, catalog, store_id):
        # "o de 50 ta bom" to "the 100 ml too?" with the 50 ml in the cart: no to the offer,
        # the cart stays as it is (not a second 50 ml)
        classification = classification.model_copy(update={"intent": "deny"})
        requests = []
    if not needs and _the_one_just_added(classification.intent, requests, text, state):
        # "essa msm", "essa preta msm" right after the mug went in: that one, as it is (not a
        # second; "essa msm" had started checkout with "Essa Msm" as the name): the cart
        classification = classification.model_copy(update={"intent": "view_cart"})
        requests = []
    if classification.intent == "add_to_cart" and len(requests) == 1 and not needs and \
            _both_with_the_cart(requests[0], text, state):
        # "coloca os dois" with the case in the cart and the screen protector offered: the
        # two are the case and the protector, so one protector (not two)
        requests = [{**requests[0], "quantity": 1}]
    if classification.intent in {"search_product", "other"} and not needs and \
            not (state.get("cart") or {}).get("skus") and "?" not in text and \
            last_bot_template(state) == "removed" and \
            (picked := await _one_named(text, catalog, store_id)) is not None:
        # "so a faca do chef msm" right after "apaga tudo q tem ai": the new pick, put in
        classification = classification.model_copy(update={"intent": "add_to_cart"})
        requests = [picked]
    if not requests and not needs and (state.get("cart") or {}).get("skus") and \
            (counted := await _cart_line_counted(text, state, catalog, store_id)):
        # "actually make it 2 squeezes": the squeeze's line at 2 (quantity_change.py)
        requests = [counted]
    if not requests and not needs and (taken := taken_from_the_list(
            state, text, classification.entities)) is not None:
        # "essa msm. 1 so", "so isso msm, fecha ai" with the search's list on screen: the
        # product searched for (checkout follows a closing: route_after_cart)
        requests = [taken]
        classification = classification.model_copy(update={"intent": "add_to_cart"})
    if classification.intent == "add_to_cart" and not needs and \
            (offered := offer_taken_along(text, state, requests)) is not None:
        # "coloca 1. e aquele squeeze azul tb" to "add the white socks?": both (offer_along.py)
        requests = [offered, *requests]
    return classification, requests


async def _one_named(text: str, catalog: Any, store_id: str) -> ItemRequest | None:
    """The one product the words name (by what it is) and do not ask to see ("queria ver
    umas velas" looks), or None."""
    found = await resolve(text, Seen(suggestions=[], shown=[], cart_skus=[], choosing=None),
                          ResolverCatalog(catalog, store_id))
    named = found.requests
    one = named[0] if not found.skipped and len(named) == 1 else None
    return one if one is not None and one.get("sku") and one.get("kind_named") else None


async def _cart_line_counted(text: str, state: SalesState, catalog: Any,
                             store_id: str) -> ItemRequest | None:
    """The item a count is set for by name ("make it 2 squeezes"), when it is a product in the
    cart; None otherwise."""
    words = counted_words(text)
    if words is None:
        return None
    cart_skus = (state.get("cart") or {}).get("skus") or []
    found = await resolve(words, Seen(suggestions=[], shown=[], cart_skus=cart_skus, choosing=None),
                          ResolverCatalog(catalog, store_id))
    requests = found.requests
    if len(requests) != 1 or not (sku := requests[0].get("sku")) or not lines_of(sku, cart_skus):
        return None
    return requests[0]


# "tanto faz a cor", "qualquer uma", "any colour is fine": the option is left to the shop.
_ANY_OPTION = re.compile(r"\b(tanto faz|qualquer (um|uma|cor|tamanho|numero)|nao importa|whatever|"
                         r"any (colou?r|size|one)|doesn t matter|dont mind|don t mind)\b")


async def _any_option(text: str, requests: list[ItemRequest], state: SalesState, catalog: Any,
                      store_id: str) -> ItemRequest | None:
    """The variant in stock with the most units of the one product in view (found, offered,
    or its options on screen), narrowed by the options the words do name ("G, tanto faz a
    cor"), when the buyer leaves the rest to the shop; None otherwise."""
    pending = state.get("pending") or {}
    shown = state.get("shown") or []
    sku = pending.get("product_sku") or pending.get("sku") or (
        shown[0]["sku"] if len(shown) == 1 else None)
    if sku is None or not _ANY_OPTION.search(fold(text)) or any(
            r.get("sku") and not lines_of(r["sku"], [sku]) and not lines_of(sku, [r["sku"]])
            for r in requests):
        return None
    product = await catalog.get(store_id, sku)
    if product is None or not product.variants:
        return None
    _, in_stock = narrow(product, options_said(text, product))
    if not in_stock:
        return None
    best = max(in_stock, key=lambda variant: variant.stock or 0)
    return {"said": fold(text), "sku": best.sku}


# Words that ask for one more of what the cart has ("quero o de 50 tb", "another 50 one").
_ONE_MORE = re.compile(r"\b(mais|more|another|outr[oa]s?|extra|tb|tbm|tambem|too|also)\b")


async def _keeps_the_line(request: ItemRequest, text: str, state: SalesState, catalog: Any,
                          store_id: str) -> bool:
    """Whether the option named, in answer to the offer of another option of a product in
    the cart, is the one the cart already has, with no count and no word of one more."""
    offered = (state.get("pending") or {}).get("sku")
    cart_skus = (state.get("cart") or {}).get("skus") or []
    if state.get("pending_question") != "confirm_add" or not offered or \
            offered in cart_skus or request.get("quantity") or not request.get("attributes") \
            or _ONE_MORE.search(fold(text)):
        return False
    product = await catalog.get(store_id, request.get("sku") or offered)
    if product is None or not product.variant(offered):
        return False
    _, in_stock = narrow(product, dict(request["attributes"]))
    return len(in_stock) == 1 and in_stock[0].sku in cart_skus


_SAME_ONE = re.compile(r"\b(?:ess[ae]|est[ae]|that one|this one|that|this|same)\b.*"
                       r"\b(?:msm|mesm[oa]|one|same|ai)\b|\b(?:ess[ae]|est[ae]) (?:ai|aí)\b")


_ONLY_THE_SAME_ONE = re.compile(r"^\W*(?:ess[ae]|est[ae]|that one|this one|that|this|isso)"
                                r"(?:\s+(?:ai|aí|msm|mesm[oa]|one|yes|sim|ok))*\W*$")


def _the_one_just_added(intent: str, requests: list[ItemRequest], text: str,
                        state: SalesState) -> bool:
    """Whether the words point again, with no count and no word of one more, at the item the
    bot just put in the cart: pointing words alone ("essa msm", "that one, yes"), or the item
    named again ("essa preta msm")."""
    cart_skus = (state.get("cart") or {}).get("skus") or []
    folded = fold(text)
    if last_bot_template(state) != "added" or not cart_skus:
        return False
    if not requests:
        return bool(_ONLY_THE_SAME_ONE.match(folded))
    return intent == "add_to_cart" and len(requests) == 1 and \
        requests[0].get("sku") == cart_skus[-1] and not requests[0].get("quantity") and \
        not _ONE_MORE.search(folded) and bool(_SAME_ONE.search(folded))


_BOTH = re.compile(r"^\W*(?:\w+\W+){0,2}(?:os|as) (?:dois|duas|2)\W*$|^\W*(?:\w+\W+){0,2}both"
                   r"(?: of them)?\W*$")


def _both_with_the_cart(request: ItemRequest, text: str, state: SalesState) -> bool:
    """Whether "os dois" / "both" counts the one product offered and the other one in the
    cart (the two the buyer sees), not two units of the offered one."""
    cart_skus = (state.get("cart") or {}).get("skus") or []
    offered = request.get("sku") or ""
    shown = [item["sku"] for item in state.get("shown") or []]
    return request.get("quantity") == 2 and bool(_BOTH.match(fold(text))) and bool(shown) \
        and all(lines_of(offered, [sku]) or lines_of(sku, [offered]) for sku in shown) and \
        len(cart_skus) == 1 and not lines_of(offered, cart_skus)


def _only_cart_lines(requests: list[ItemRequest], state: SalesState) -> bool:
    """Whether there is a cart and the items the words point at are its lines as they are
    (no count, no option said: "them" of the tees just added)."""
    cart_skus = (state.get("cart") or {}).get("skus") or []
    return bool(cart_skus) and all(
        (sku := r.get("sku")) and not r.get("quantity") and not r.get("attributes")
        and lines_of(sku, cart_skus) for r in requests)


async def _view_is_in_cart(state: SalesState, catalog: Any, store_id: str) -> bool:
    """Whether every product on screen already has a line in the cart (nothing else is
    offered: "vou levar" takes the cart)."""
    shown = (state.get("shown") or [])[:10]
    cart_skus = (state.get("cart") or {}).get("skus") or []
    in_cart = {p.sku for sku in cart_skus if (p := await catalog.get(store_id, sku))}
    for item in shown:
        product = await catalog.get(store_id, item["sku"])
        if product is None or product.sku not in in_cart:
            return False
    return True
