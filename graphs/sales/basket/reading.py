"""Reading a turn in the light of baskets: a message that lists several needs, or an answer
to the basket proposed last."""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.basket.finder import find_needs
from graphs.sales.basket.follow_up import basket_requests
from graphs.sales.basket.pieces import may_list_needs
from graphs.sales.basket.propose import money
from graphs.sales.basket_types import BasketItem, NeedData
from graphs.sales.checkout_flow import CHECKOUT_QUESTIONS, closes_now, closes_with_details
from graphs.sales.interests import liking
from graphs.sales.nlu.types import Classification
from graphs.sales.product_answers import asks_comparison
from graphs.sales.product_questions import last_bot_template
from graphs.sales.resolve.words import BUY_CUES, COMPLAINT_WORDS
from graphs.sales.state import SalesState
from graphs.sales.state_types import ItemRequest
from graphs.sales.summaries import lines_of
from tools.catalog.text import fold

_MIN_NEEDS = 2
# A need said vaguely asks for one thing of a kind, not for an item of a list.
_VAGUE = re.compile(r"\b(coisas?|coisinhas?|algo|something|anything|stuff|ideias?|ideas?"
                    r"|sugest(ao|oes)|suggestions?)\b")
# Intents a list of needs may have been read as ("budget around 400" reads as an objection).
_MAY_LIST = frozenset({"search_product", "add_to_cart", "browse_catalog", "objection", "other",
                       "product_question", "provide_info", "greeting", "human_agent",
                       "complaint", "shipping_question"})


# Intents a description of what someone likes gets when the classifier sees no search in it.
_NO_SEARCH_SEEN = frozenset({"other", "greeting", "affirm", "objection", "thanks", "goodbye",
                             "provide_info", "browse_catalog", "product_question"})
# "pode por td", "add everything", "os 3": the whole basket.
_ALL_OF_IT = re.compile(r"\b(?:td|tudo|todos|todas|everything|all of (?:it|them)|all three"
                        r"|(?:os|as) (?:tres|3))\b")


async def read_basket_turn(
    classification: Classification, text: str, state: SalesState,
    requests: list[ItemRequest], catalog: Any, store_id: str,
) -> tuple[Classification, list[ItemRequest], list[NeedData]]:
    """The turn's classification, the items to add and the needs to propose a basket for."""
    basket: list[BasketItem] = (state.get("basket") or {}).get("items") or []
    if basket and _asked_about_its_item(state, basket) and (
            closes_now(text) or closes_with_details(text) or _ALL_OF_IT.search(fold(text))) \
            and (not requests or _ALL_OF_IT.search(fold(text))):
        # "isso msm, so isso. fecha pra mim" or "blz pode por td" after "a camiseta e de
        # algodao msm?" about one of the basket's items: the basket still stands
        return _as(classification, "add_to_cart"), basket_requests("tudo", "affirm", basket,
                                                                    []) or [], []
    if basket and state.get("pending_question") == "confirm_basket":
        answered = basket_requests(text, classification.intent, basket, requests)
        if not answered and not requests and (closes_now(text) or closes_with_details(text)):
            # "nvm I'll pick it up at the store. Carlos Mendoza": the basket, then checkout
            answered = basket_requests("tudo", "affirm", basket, [])
        if answered:
            return _as(classification, "add_to_cart"), answered, []
    if (classification.intent in _NO_SEARCH_SEEN or classification.intent == "complaint" and
            not set(re.findall(r"[a-z]+", fold(text))) & COMPLAINT_WORDS) and not requests and \
            state.get("pending_question") not in CHECKOUT_QUESTIONS and (liked := liking(text)):
        # "she's obsessed with music, always has something in her ears", "ele toma cafe o dia
        # inteiro kkk": what the person likes, searched (the classifier saw no search, or a
        # complaint in "obsessed" with no word of one)
        return _searching(classification, liked), requests, []
    if classification.intent not in _MAY_LIST or \
            state.get("pending_question") in CHECKOUT_QUESTIONS or \
            not may_list_needs(text) or closes_with_details(text) or asks_comparison(text):
        # ("fiquei entre a vela e a capa de almofada, qual vc acha melhor?" weighs two, it
        # lists no needs)
        return classification, requests, []
    named_each = len(requests) >= _MIN_NEEDS and all(
        r.get("sku") and not r.get("candidates") for r in requests)
    if named_each and (classification.intent == "add_to_cart" or _asked_for_exactly(
            text, requests)):
        # "a legging preta P e um top rosa M", "can I get the black dry fit shirt in L and a
        # pair of the 2kg dumbbells": each item said as it is sold, added
        return _as(classification, "add_to_cart"), requests, []
    budget = money(classification.entities.get("price_max"))
    needs = await find_needs(text, catalog, store_id, budget)
    vague = next((n for n in needs if _VAGUE.search(n["said"])), None)
    if budget is not None and (vague or len(needs) == 1) and not requests and \
            classification.intent != "add_to_cart":
        # With a budget, "something of a kind" ("queria alguma coisa de treino pra ela, uns
        # 70 reais", beside "ta comecando academia") or one need in a long message: one
        # search within the budget, whatever else the message says or asks.
        searched = classification.model_copy(update={
            "intent": "search_product", "confidence": max(classification.confidence, 0.9),
            "entities": {**classification.entities, "product": (vague or needs[0])["said"]}})
        return searched, requests, []
    if len(needs) >= _MIN_NEEDS and not requests and (liked := liking(text)):
        # "ele é doido por esporte, joga bola na escola todo dia": what the person likes is
        # the one need (the rest tells about him), searched within the budget (said now or
        # just before: budgets.with_budget_said_before)
        return _searching(classification, liked), requests, []
    if len(needs) < _MIN_NEEDS:
        return classification, requests, []
    return _as(classification, "search_product"), [], needs


def _searching(classification: Classification, words: str) -> Classification:
    """A search for these words, with the turn's other entities (its budget)."""
    return classification.model_copy(update={
        "intent": "search_product", "confidence": max(classification.confidence, 0.9),
        "entities": {**classification.entities, "product": words}})


def _asked_about_its_item(state: SalesState, basket: list[BasketItem]) -> bool:
    """Whether the bot's last reply answered a question about one of the proposed basket's
    products (the products it showed are that one's)."""
    shown = [item["sku"] for item in state.get("shown") or []]
    of_basket = [sku for item in basket for sku in lines_of(item["sku"], shown)]
    return last_bot_template(state) in {"product_answer", "product_detail"} and bool(shown) and \
        len(of_basket) == len(shown)


def _asked_for_exactly(text: str, requests: list[ItemRequest]) -> bool:
    """A word of buying and every item named with its options or a count: nothing is left to
    propose ("qro uma legging vinho M e 2 top nadador preto G")."""
    words = set(fold(text).split())
    return bool(words & BUY_CUES) and all(
        r.get("attributes") or r.get("quantity") for r in requests)


def basket_tapped(state: SalesState) -> list[ItemRequest]:
    """The items of the basket proposed last, for its "add them all" button."""
    basket: list[BasketItem] = (state.get("basket") or {}).get("items") or []
    return basket_requests("tudo", "affirm", basket, []) or []


def _as(classification: Classification, intent: str) -> Classification:
    if classification.intent == intent:
        return classification
    return classification.model_copy(update={"intent": intent, "confidence": 0.9})
