"""A budget, or an answer to the consultative question, refines the search it belongs to.

"pra mim. ate 100" after "é pra você ou pra presente? E tem um valor em mente?", "no maximo
50 conto" after a list of gifts, "between 100 and 200": the buyer's last request for
products (a search, or words that named a product) runs again with the budget as its price
filter, instead of being read as a goodbye, a "no" or a doubt.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.checkout_flow import in_checkout
from graphs.sales.inbound import turn_text
from graphs.sales.interests import budget_said_before, liking
from graphs.sales.nlu.types import Classification
from graphs.sales.state import SalesState
from tools.catalog.terms import query_words
from tools.catalog.text import fold

# Bot replies that answered a buyer's request for products by its words.
_REQUEST_REPLIES = frozenset({"search_results", "no_results", "choose_variant",
                              "which_product", "product_answer"})
# Bot replies that show no list: the request before them is still the one on screen.
_NO_LIST = frozenset({"cart_empty", "how_can_i_help", "fallback", "store_answer", "greeting",
                      "not_available_yet", "thanks", "deny_ack", "objection_ack", "goodbye",
                      "persuasion_only", "unreadable"})
_PRICE_KEYS = ("price_min", "price_max")
# What the consultative question asks: who it is for, and how much to spend.
_CONSULTATIVE_ANSWER = re.compile(
    r"\b(?:pra mim|para mim|pro meu|pra minha|e meu|e pra mim|presente|presentear|de presente"
    r"|pra (?:minha|meu|uma|um)|pro (?:meu|um)|sem valor|qualquer valor|nao tenho valor"
    r"|valor definido|sem limite|tanto faz|orcamento|for me|for myself|myself|a gift|gift"
    r"|for my|no budget|any budget|budget|doesn t matter|no limit)\b")


def budget(state: SalesState) -> dict[str, Any]:
    """The turn's price filters (`price_min`, `price_max`), as the classifier read them."""
    entities = (state.get("classification") or {}).get("entities") or {}
    return {k: entities[k] for k in _PRICE_KEYS if entities.get(k) is not None}


def read_as_search(classification: Classification, state: SalesState, text: str
                   ) -> Classification:
    """A budget with nothing on screen asks for products, whatever the classifier took it for:
    a goodbye ("tecnologia ate 250": "até"), a greeting ("oi, niver do meu pai domingo, uns 100
    reais"), an order's status ("niver da minha sogra semana q vem, queria gastar uns 120"), a
    question or a price doubt ("niver do meu afilhado sabado, pensei em uns 150 reais"), or a
    wish to see the catalog that says what the person likes ("my brother is really into
    cooking lately, anything under 130?")."""
    budgeted = any(classification.entities.get(k) is not None for k in _PRICE_KEYS)
    if budgeted and (classification.intent in {"goodbye", "greeting"} or (
            classification.intent == "order_status" and classification.confidence < 0.5) or (
            classification.intent in {"product_question", "objection"}
            and not state.get("shown")) or (
            classification.intent == "browse_catalog" and liking(text))):
        return classification.model_copy(update={"intent": "search_product"})
    return classification


def with_budget_said_before(classification: Classification, state: SalesState, text: str
                            ) -> Classification:
    """ "ela ama cozinhar, vive fazendo bolo" after "queria gastar uns 120": a turn that says
    what the person likes, with no budget of its own, searches within the one said before."""
    if any(classification.entities.get(k) is not None for k in _PRICE_KEYS) or \
            not liking(text) or (before := budget_said_before(state)) is None:
        return classification
    return classification.model_copy(update={
        "entities": {**classification.entities, "price_max": float(before)}})


def last_request_words(state: SalesState) -> str | None:
    """The buyer's words that asked for the products on screen, before this turn."""
    messages = list(state.get("messages") or [])
    if messages and messages[-1].get("role") == "buyer" and turn_text(state):
        messages = messages[:-1]  # this turn's own words
    for index in range(len(messages) - 1, 0, -1):
        message = messages[index]
        if message.get("role") != "bot" or message.get("template") in _NO_LIST:
            continue
        before = messages[index - 1]
        if message.get("template") in _REQUEST_REPLIES and before.get("role") == "buyer":
            return before.get("text") or None
        return None
    return None


def answers_consultative(state: SalesState) -> bool:
    """Whether the turn answers the consultative question the bot asked last turn."""
    memory = state.get("persuasion") or {}
    block = memory.get("block")
    used = memory.get("used") or []
    if not block or block.get("strategy") != "consultative" or not used or \
            used[-1] != "consultative":
        return False
    text = fold(turn_text(state)).replace("'", " ")
    return bool(budget(state)) or bool(_CONSULTATIVE_ANSWER.search(text))


_BUDGET_SAID = re.compile(
    r"\b(?:ate|no maximo|maximo|uns|umas|entre|por volta de|em torno de|up to|under|below"
    r"|between|around|max|less than|menos de)\s*(?:r\$|\$)?\s*\d+")


def consultative_answered(state: SalesState) -> bool:
    """Whether the buyer already said who it is for or how much to spend, in this turn or in
    the recent conversation: the consultative question would ask it again."""
    if budget(state):
        return True
    texts = [m.get("text") or "" for m in state.get("messages") or [] if m.get("role") == "buyer"]
    texts.append(turn_text(state))
    for text in texts:
        folded = fold(text).replace("'", " ")
        if _CONSULTATIVE_ANSWER.search(folded) or _BUDGET_SAID.search(folded):
            return True
    return False


def refines_last_search(state: SalesState) -> bool:
    """Whether the turn only adds a budget (or who it is for) to the last request for
    products: then that request runs again, filtered."""
    classification = state.get("classification") or {}
    entities = classification.get("entities") or {}
    if state.get("action") or any(r.get("sku") or r.get("skus") or r.get("candidates")
                                  for r in state.get("requests") or []):
        return False  # a tap, or items named: the cart's
    if in_checkout(state):
        return False
    if entities.get("product") or entities.get("category"):
        return False  # "tenis ate 200": a search of its own, with its budget
    if classification.get("intent") in {"remove_from_cart", "view_cart", "checkout",
                                        "human_agent", "complaint"}:
        return False
    if not (budget(state) or answers_consultative(state)):
        return False
    if classification.get("intent") in {"search_product", "browse_catalog",
                                        "product_question"} and _own_words(turn_text(state)):
        return False  # "quero ver presentes ate 100": a search of its own
    return last_request_words(state) is not None


# Words of a budget or of an answer to the consultative question, which name no product.
_ANSWER_WORDS = frozenset(
    """
    r reais real conto contos pila pilas mango mangos reais bucks dollars no maximo max maximum
    uns umas mais menos ou entre por volta em torno up under below around between less than
    mim meu minha mesmo mesma msm eu pra pro para presente presentear gift for myself me my
    valor definido limite orcamento budget sem qualquer tanto faz really no any not tenho have
    its it is e dar namorada namorado mae pai amigo amiga filho filha esposa marido boyfriend
    girlfriend mom dad friend wife husband son daughter se der possivel puder pode ser
    n nao passa passar passe ultrapassa over exceed go spend gastar gasto blz beleza ok de do da
    """.split())


def _own_words(text: str) -> list[str]:
    """The words of the message that could name products (not money, not who it is for)."""
    return [w for w in query_words(text) if not w.isdigit() and w not in _ANSWER_WORDS
            and not re.fullmatch(r"r?\$?\d+([.,]\d+)?(reais|k)?", w)]
