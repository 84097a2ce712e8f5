"""The intent the classifier gave, read again with what is on screen and in the cart.

The classifier reads one message alone. A shop assistant hears it after what was shown and
asked: "tem mais barato?" with a bottle on screen asks for cheaper bottles, not for a nudge
about the price; "o tecido dela fica transparente?" asks about the legging just added, not
for fabrics; "hmm esquece, n quero mais" at the summary is a no. Each rule below is such a
reading, in the order `classify` applies them.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.basket_types import NeedData
from graphs.sales.buyer_details import PICKUP
from graphs.sales.cart_removal import EMPTIES_CART
from graphs.sales.catalog_hint import names_a_product
from graphs.sales.cheaper import asks_cheaper
from graphs.sales.checkout_flow import gives_own_details
from graphs.sales.nlu.sentiment import sentiment_score
from graphs.sales.nlu.types import Classification
from graphs.sales.product_answers import topics_in
from graphs.sales.product_questions import last_bot_template, points_back_at_it
from graphs.sales.quantity_change import only_a_count
from graphs.sales.resolve.words import REMOVE_WORDS
from graphs.sales.state import SalesState
from graphs.sales.state_types import ItemRequest
from graphs.sales.store_questions import (
    STORE_QUESTIONS,
    asks_size_guide,
    options_on_screen,
    unsure_complaint_asks_about_store,
)
from graphs.sales.variant_offers import one_item_offered
from tools.catalog.text import fold

# An item taken back in words the classifier reads as a search: "nvm the bottle", "esquece a
# vela", "nao quero mais o bone".
_TAKEN_BACK = re.compile(r"\b(?:nvm|never ?mind|forget(?: about)?|esquece|dispensa|deixa pra la|"
                         r"nao quero mais|n quero mais|dont want|don t want)\s+(?:the|o|a|os|as)"
                         r"\s+\w{3,}")
# A message that starts by taking something out ("pensando bem tira o segundo"); "retira"
# is left out ("retira na loja" is a pickup), and so is "cancela" (an order's own intent).
_TAKE_OUT_FIRST = re.compile(
    r"^\W*(?:(?:ah|ahh|pera|ops|opa|ok|blz|hmm|putz|xi|na verdade|pensando bem|actually|oh|"
    r"wait)\W+)*(?:" + "|".join(sorted(w for w in REMOVE_WORDS if not w.startswith(
        ("retir", "cancel")))) + r"|take out|take off)\b")

# Giving up with nothing named: "hmm esquece, n quero mais", "nvm, forget it", "desisti".
_GIVES_UP = re.compile(
    r"^\W*(?:(?:hmm+|ah+|ahh|ai|ugh|meh|putz|pensando bem|na verdade|ok|okay|actually|oh|sorry|"
    r"desculpa|nah|no|nao|n)\W+)*(?:(?:esquece|esqueca|deixa pra la|deixa quieto|desisti|"
    r"desisto|n quero mais|nao quero mais|nao vou querer|n vou querer|nao vou levar|n vou levar|"
    r"nvm|never ?mind|forget (?:it|about it)|i changed my mind|changed my mind|"
    r"(?:i )?dont want it|(?:i )?don t want it|(?:i )?dont want (?:it )?anymore|"
    r"(?:i )?don t want (?:it )?anymore|(?:i ll|ill) pass)\W*"
    r"(?:(?:about|on|of|with) (?:this|it|that|the order)|(?:dessa|desta|da|do) "
    r"(?:compra|pedido)|this (?:order|purchase))?\W*)+"
    r"(?:(?:obrigad[oa]|valeu|thanks|thank you|sorry|desculpa|mesmo|msm)\W*)*$")

# An answer that takes what was offered: "entao pode ser as duas msm", "ok then, add them".
_ACCEPTS = re.compile(r"^\W*(?:(?:entao|ok|blz|beleza|ah|then|so)\W+)*(?:pode ser|pode|sim|quero"
                      r"|manda|fechado|bora|yes|sure|fine|add them|add it)\b")


async def read_again(
    classification: Classification, text: str, state: SalesState,
    requests: list[ItemRequest], needs: list[NeedData], catalog: Any, store_id: str,
) -> tuple[Classification, list[ItemRequest]]:
    """The classification (and the items asked for) in the light of what is on screen: first
    what the words are about (the store, the cart, the buyer's own details, a price), then
    what they say to the bot's last offer or to what it shows."""
    if unsure_complaint_asks_about_store(classification.intent,
                                         classification.confidence, text):
        # No complaint to hand over: the store's data answers it (retrieve).
        classification = classification.model_copy(update={"intent": "other"})
    if classification.intent == "deny" and PICKUP.search(fold(text)) and \
            not set(re.findall(r"[a-z]+", fold(text))) & {"nao", "n", "no", "not", "nope"}:
        # "passo ai pra pegar": how the buyer will get it (a pickup), no "no" to anything
        classification = classification.model_copy(update={"intent": "shipping_question"})
    if classification.intent == "remove_from_cart" and _KEEPS.search(fold(text)) and \
            not set(re.findall(r"[a-z]+", fold(text))) & REMOVE_WORDS:
        # "nah, I'm good with the clear one" after "in blue as well?": the cart stays as it
        # is, a no to more, never a removal of the one kept
        classification = classification.model_copy(update={"intent": "deny"})
    if classification.intent == "complaint" and classification.confidence < _GUESSED and \
            sentiment_score(text) >= 0:
        # "to no plantao entao vou mandando picado": a guess with no word of displeasure is
        # no complaint to hand a person (a buyer who is unhappy says so in some word)
        classification = classification.model_copy(update={"intent": "other"})
    if (state.get("cart") or {}).get("skus") and (
            _TAKEN_BACK.search(fold(text)) or _TAKE_OUT_FIRST.match(fold(text))
            or EMPTIES_CART.search(fold(text))) and \
            classification.intent not in {"remove_from_cart", "cancel_order"}:
        # "actually nvm the bottle, just found mine at home", "tira o segundo, pensando bem n
        # vou pular corda nao kkk": out of the cart, not a search nor a doubt
        classification = classification.model_copy(update={"intent": "remove_from_cart"})
    if classification.intent in {"search_product", "other", "affirm", "shipping_question",
                                 "complaint"} and not requests \
            and not needs and "?" not in text \
            and (state.get("cart") or {}).get("skus") and gives_own_details(text) and \
            not await names_a_product(catalog, store_id, text):
        # "Ryan Walsh" with a cart: the buyer's name, typed before checkout asked for it
        classification = classification.model_copy(update={"intent": "provide_info"})
    if classification.intent in {"view_cart", "affirm", "other"} and not requests and \
            not (state.get("cart") or {}).get("skus") and state.get("shown") and \
            "price" in topics_in(text):
        # "how much is it?", "qto q ta" with a product on screen and nothing in the cart: its
        # price (the one searched for, of a list: product_questions.py)
        classification = classification.model_copy(update={"intent": "product_question"})
    if classification.intent in {"objection", "other", "product_question"} and not requests \
            and not needs and state.get("shown") and asks_cheaper(text):
        # "eita tem mais barato?" with a product in view: cheaper ones of its kind (a search,
        # cheaper.py), not a price objection's nudge
        classification = classification.model_copy(update={"intent": "search_product"})
    classification, requests = await _about_the_offer_or_view(
        classification, text, state, requests, needs, catalog, store_id)
    if asks_size_guide(text) and classification.intent not in STORE_QUESTIONS and \
            not options_on_screen(state):
        # "tem alguma tabela de tamanho?" is no doubt nor a search, "cool. is there a size
        # guide somewhere? my kid is between sizes" no yes to the offer nor a question about
        # kids' shoes: the store's sizing passage (asked while one product's options are on
        # screen, its own sizes answer)
        classification = classification.model_copy(update={"intent": "other"})
        requests = []
    return classification, requests


async def _about_the_offer_or_view(
    classification: Classification, text: str, state: SalesState,
    requests: list[ItemRequest], needs: list[NeedData], catalog: Any, store_id: str,
) -> tuple[Classification, list[ItemRequest]]:
    """The rules of `read_again` that read the words against what the bot just offered or
    shows: a yes to the offer, a no, a question about "it", a count of it."""
    if state.get("pending_question") == "confirm_add" and not requests and not needs and \
            classification.intent not in {"affirm", "deny", "add_to_cart", "checkout"} and \
            _ACCEPTS.match(fold(text.rpartition("?")[2])):
        # "ah so tem duas? entao pode ser as duas msm" to "add the two there are?": a yes,
        # after a question that only echoes the offer
        classification = classification.model_copy(update={"intent": "affirm"})
    if classification.intent in {"other", "complaint", "objection", "remove_from_cart"} and \
            not requests and not needs and _GIVES_UP.match(fold(text)):
        # "hmm esquece, n quero mais" at the summary: a no, answered as one (nothing named)
        classification = classification.model_copy(update={"intent": "deny"})
    if classification.intent in _QUESTION_MISREAD and not needs and \
            points_back_at_it(text) and (
                _one_product_in_view(state) or last_bot_template(state) == "added"
                or await _shown_is_one_product(state, catalog, store_id)):
        # "and what kind of screen has it got?" after the smartwatch's answer, "consigo
        # carregar o celular com o carregador ligado nela?": about it, not a search for what
        # else the words name
        classification = classification.model_copy(update={"intent": "product_question"})
        requests = []
    if classification.intent == "browse_catalog" and not requests and _one_product_in_view(
            state) and {"color", "size"} & set(topics_in(text)):
        # "what colour options are there btw?" about the trainers just offered: theirs, not
        # the store's categories
        classification = classification.model_copy(update={"intent": "product_question"})
    if classification.intent in _COUNT_MISREAD and not (state.get("cart") or {}).get(
            "skus") and state.get("shown") and only_a_count(text):
        # "just one please" with nothing in the cart and a list on screen: one of it, not
        # a removal
        classification = classification.model_copy(update={"intent": "add_to_cart"})
    if classification.intent != "add_to_cart" and not requests and \
            last_bot_template(state) == "added" and only_a_count(text):
        # "2" right after the mug went in: two of it (quantity_change.py), not a detail
        classification = classification.model_copy(update={"intent": "add_to_cart"})
    return classification, requests


async def _shown_is_one_product(state: SalesState, catalog: Any, store_id: str) -> bool:
    """Whether what is on screen is one product or its variants (its detail, its options)."""
    shown = (state.get("shown") or [])[:10]
    product = await catalog.get(store_id, shown[0]["sku"]) if shown else None
    return product is not None and all(
        item["sku"] == product.sku or product.variant(item["sku"]) is not None for item in shown)


def _one_product_in_view(state: SalesState) -> bool:
    """One product is on screen: offered to add, its options listed, or the one found."""
    pending = state.get("pending") or {}
    shown = state.get("shown") or []
    return bool(one_item_offered(state) or pending.get("product_sku") or len(shown) == 1)


# Words of keeping what there is ("I'm good with the clear one", "fico com a rosa msm").
_KEEPS = re.compile(r"\b(?:(?:good|fine|happy|ok|okay) with|stick(?:ing)? with|keep(?:ing)?|"
                    r"fico com|vou ficar com|fica (?:a|o)|deixa (?:a|o)\b.*\b(?:msm|mesmo))\b")


# Below this the classifier only guesses a complaint (its own words carry none).
_GUESSED = 0.3


# What a question about the product in view is misread as, when its words name other things.
_QUESTION_MISREAD = frozenset({"search_product", "other", "shipping_question", "objection",
                               "complaint", "browse_catalog"})

# What a bare count ("so uma pfv", "just one please") is taken for with an empty cart.
_COUNT_MISREAD = frozenset({"remove_from_cart", "complaint", "other", "deny", "view_cart"})


