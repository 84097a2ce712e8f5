"""Conditional edges: pure functions of state that fail loudly on what they do not know."""

from __future__ import annotations

import re
from typing import Literal

from graphs.sales.aftersale.words import wants_aftersale
from graphs.sales.budgets import refines_last_search
from graphs.sales.buyer_details import PICKUP
from graphs.sales.checkout_flow import (
    CHECKOUT_QUESTIONS,
    changes_checkout,
    claims_payment,
    closes_now,
    closes_with_details,
    coupon_in,
    gives_own_details,
    summary_waiting,
    without_tag_question,
)
from graphs.sales.checkout_menus import (
    CONFIRM_WORDS,
    CONFIRMING_INTENTS,
    asks_by_quality,
    carrier_not_offered,
    shipping_named,
)
from graphs.sales.inbound import turn_text
from graphs.sales.nodes.privacy import wants_privacy
from graphs.sales.persuasion.choose import StrategyPath, accepts_reminder, pick_strategy
from graphs.sales.persuasion.objections import hesitation
from graphs.sales.product_questions import asks_about_a_product
from graphs.sales.quantity_change import quantity_asked
from graphs.sales.signals import trouble
from graphs.sales.state import SalesState
from graphs.sales.store_questions import is_store_question
from graphs.sales.summaries import lines_of
from graphs.sales.two_asks import ANSWERS_DONE
from graphs.sales.variant_offers import one_item_offered
from graphs.sales.variant_swap import wants_variant_swap
from tools.catalog.text import fold
from tools.knowledge.topics import FREE_SHIPPING, read
from tools.knowledge.topics import PAYMENT as PAYMENT_TOPIC
from tools.knowledge.topics import PICKUP as PICKUP_TOPIC
from tools.knowledge.topics import PIX as PIX_TOPIC
from tools.knowledge.topics import SHIPPING as SHIPPING_TOPIC

AfterClassify = Literal["retrieve", "cart", "checkout", "aftersale", "escalate", "respond",
                        "await_human", "privacy",
                        "consultative", "social_proof", "authority", "scarcity", "anchoring",
                        "reciprocity", "aida", "recap"]
ByIntent = Literal["retrieve", "cart", "checkout", "aftersale", "escalate", "respond",
                   "consultative",
                   "social_proof", "authority", "scarcity", "anchoring", "reciprocity", "aida",
                   "recap"]

_BY_INTENT: dict[str, ByIntent] = {
    "search_product": "retrieve",
    "browse_catalog": "retrieve",
    "product_question": "retrieve",
    "add_to_cart": "cart",
    "remove_from_cart": "cart",
    "view_cart": "cart",
    "checkout": "checkout",
    "human_agent": "escalate",
    "complaint": "escalate",
    "greeting": "respond",
    "goodbye": "respond",
    "thanks": "respond",
    "affirm": "respond",
    "deny": "respond",
    "payment_question": "retrieve",
    "shipping_question": "retrieve",
    "order_status": "aftersale",
    "cancel_order": "checkout",  # (an order placed goes to aftersale: `wants_aftersale`)
    "return_exchange": "retrieve",
    "objection": "respond",
    "provide_info": "respond",
    "other": "respond",
}


# During checkout these still go where they always go; anything else answers its question.
_LEAVE_CHECKOUT = {"search_product", "browse_catalog", "product_question", "add_to_cart",
                   "remove_from_cart", "view_cart", "human_agent", "complaint", "order_status"}


# Store questions a checkout step does not answer itself (its shipping menu answers
# shipping ones): asked in the middle of checkout, they are answered and the step waits.
_ASIDES = frozenset({"payment_question", "return_exchange", "other"})


def _asks_the_store_meanwhile(state: SalesState) -> bool:
    """ "how many installments can i do?" at the shipping menu, "e se nao servir posso
    trocar?" at the summary: a question about the store, not an answer to checkout's."""
    intent = (state.get("classification") or {}).get("intent")
    text = turn_text(state)
    if state.get("action") or "?" not in text:
        return False
    if intent == "shipping_question" and state.get("pending_question") == "choose_shipping" \
            and (_asks_about_an_option(text) or FREE_SHIPPING in read(text).topics):
        # "how many days does express take?": its days; "frete e free ne? pq passou de 299":
        # whether the order ships free
        return is_store_question(state)
    if intent not in _ASIDES:
        return False
    if intent == "payment_question" and state.get("pending_question") == "choose_payment":
        return False  # the payment menu answers it
    return is_store_question(state) and not closes_with_details(text)


def route_after_classify(state: SalesState) -> AfterClassify:
    """Picks the action node for the turn's intent; any sign of trouble passes `escalate`."""
    action = state.get("action") or {}
    if action.get("silent") or action.get("unreadable"):
        return "respond"
    if action.get("withdrawn"):
        return "respond"  # only "deixa, vc resolve": told the bot goes on (withdrawal.py)
    if action.get("payment") is not None:  # a difference's goes to the after-sale steps
        return "aftersale" if action["payment"].get("difference") else "checkout"
    if action.get("handoff") is not None:
        return "await_human"
    if wants_privacy(state):
        return "privacy"  # "apaga meus dados", or the yes/no to erasing them
    if accepts_reminder(state):
        return "recap"
    intent = (state.get("classification") or {}).get("intent", "other")
    if intent == "complaint" and _names_a_shipping_option(state):
        return "checkout"  # "o de 4 dias" at the shipping menu: a choice, not a grievance
    if state.get("pending_question") == "leave_message" or trouble(state.get("signals"), intent):
        return "escalate"
    return route_by_intent(state)


def route_after_escalate(state: SalesState) -> Literal[
        "retrieve", "cart", "checkout", "aftersale", "respond", "consultative", "social_proof",
        "authority", "scarcity", "anchoring", "reciprocity", "aida", "recap"]:
    """Handed over (or told why not): answer; otherwise carry on as the intent says."""
    if (state.get("outcome") or {}).get("kind"):
        return "respond"
    route = route_by_intent(state)
    if route == "escalate":
        raise ValueError("route_after_escalate: escalate set no outcome for an escalation intent")
    return route


def route_by_intent(state: SalesState) -> ByIntent:
    """The action node for the turn's intent, read in the light of checkout's questions."""
    intent = _effective_intent(state)
    if intent == "cancel_order" and not state.get("action") and wants_aftersale(state):
        return "aftersale"  # "queria cancelar, paguei ontem mas ...": the paid order cancelled
    if (state.get("action") or {}).get("check_payment") or claims_payment(fold(turn_text(state))):
        return "checkout"  # "já paguei": the payment's real status, from checkout
    if intent == "checkout" and intent != (state.get("classification") or {}).get("intent"):
        return "checkout"  # a yes, a "quanto ficou?" about the order being placed (above)
    if wants_aftersale(state):
        return "aftersale"  # an order already placed: status, cancel, change, return, reorder
    if state.get("needs"):
        return "retrieve"  # several needs in one message: a basket for them all
    if wants_variant_swap(state):
        return "cart"  # "troca o tamanho pra G", at any step: the cart line changes variant
    if quantity_asked(state) is not None:
        return "cart"  # "actually make it 2": the latest line's units
    if (state.get("cart") or {}).get("skus") and not state.get("action") and \
            coupon_in(turn_text(state), None):
        return "checkout"  # "tenho o cupom X": checkout takes it (or says why not)
    if (state.get("cart") or {}).get("skus") and not state.get("action") and \
            closes_with_details(turn_text(state)):
        return "checkout"  # "fecha pra mim. Ana Lima, cep …, rua …": all of it at once
    if _picks_up_the_cart(state, intent):
        return "checkout"  # "vou buscar ai na augusta msm" with a cart: checkout, picked up
    if (state.get("cart") or {}).get("skus") and not state.get("action") and \
            intent == "provide_info" and state.get("pending_question") not in \
            CHECKOUT_QUESTIONS and gives_own_details(turn_text(state)):
        return "checkout"  # "Juliana Prado" with a cart and nothing asked: checking out
    if intent == "remove_from_cart" and state.get("pending_question") == "confirm_checkout" \
            and (state.get("cart") or {}).get("skus") and not state.get("action"):
        return "cart"  # "tira a vela, e eu passo ai pra retirar": removed, then checkout
    if intent == "add_to_cart" and state.get("requests") and not state.get("action") and \
            state.get("pending_question") == "confirm_checkout":
        # "muda pra expressa e poe mais uma jogger preta G": added first; checkout then shows
        # the summary with the delivery changed too (route_after_cart)
        return "cart"
    if state.get("pending_question") == "confirm_checkout" and not state.get("action") and \
            (state.get("checkout") or {}).get("active") and changes_checkout(turn_text(state)):
        return "checkout"  # "muda o cep pra …" at the summary: a new summary, a new yes
    if _names_a_shipping_option(state):
        return "checkout"  # "a expressa", "tem sedex?": an answer to the menu, not a search
    if state.get("pending_question") in CHECKOUT_QUESTIONS and _asks_the_store_meanwhile(state):
        return "retrieve"  # "how many installments can i do?" at the menu: answered, menu kept
    if state.get("pending_question") in CHECKOUT_QUESTIONS and intent not in _LEAVE_CHECKOUT:
        return "checkout"
    if intent == "deny" and state.get("pending_question") == "confirm_checkout":
        return "checkout"
    if refines_last_search(state):
        return "retrieve"  # "pra mim. ate 100": the last search again, within the budget
    if intent == "add_to_cart" and _nothing_to_add(state):
        return "retrieve"  # "quero o carregador turbo": find it first, then it can be added
    waiting_order = (state.get("checkout") or {}).get("order_id")
    if waiting_order and intent in {"payment_question", "affirm"} and not state.get("preface") \
            and not _asks_about_pickup_or_delivery(state):
        # (not the question after "confirmo." in the pass that just sent the link: answered)
        return "checkout"
    if asks_about_a_product(state):
        return "retrieve"  # "tem garantia?": its catalog data answers, not a nudge
    if hesitation(intent, turn_text(state)) is not None:
        return pick_strategy(state)  # a doubt is answered, not searched for
    if not state.get("action") and is_store_question(state):
        return "retrieve"  # answered from the store's configuration and knowledge
    try:
        route = _BY_INTENT[intent]
    except KeyError:
        raise ValueError(f"route_after_classify: unknown intent {intent!r}") from None
    # Answered straight away (an objection, a greeting, a "yes" to a reminder): a selling
    # strategy may go with the answer.
    return pick_strategy(state) if route == "respond" else route


def _nothing_to_add(state: SalesState) -> bool:
    """Whether "I want ..." points at nothing shown: no tap, no position, no single item."""
    action = state.get("action") or {}
    entities = (state.get("classification") or {}).get("entities") or {}
    if action.get("sku") or action.get("order_items") is not None or state.get("requests"):
        return False
    pending = state.get("pending") or {}
    if entities.get("ordinal") is not None or pending.get("product_sku") or pending.get("sku"):
        return False  # (a yes to "add the two there are?" adds those)
    return len(state.get("shown") or []) != 1 and (state.get("pending_question") is None or
                                                    not state.get("shown"))


# "quanto fica com o frete?", "how much is it with shipping?": the order's total.
_ASKS_TOTAL = re.compile(r"\b(total|quanto (fica|ficou|deu|da|sai)|q(ua)?n?to (fica|ficou|deu)|"
                         r"hows? much|what s the total|whats the total)\b")


def _effective_intent(state: SalesState) -> str:
    """The intent, with a "yes" read in the light of what the bot just proposed."""
    intent = (state.get("classification") or {}).get("intent", "other")
    pending = state.get("pending_question")
    summarized = summary_waiting(state.get("checkout") or {})
    if intent in CONFIRMING_INTENTS and summarized and not state.get("requests") and \
            not (one_item_offered(state) and not _offer_already_in_cart(state)) and \
            CONFIRM_WORDS.search(fold(turn_text(state))):
        # "great, yes confirm" after a question about an item of the order: the order
        return "checkout"
    if intent == "affirm" and one_item_offered(state):
        return "add_to_cart"  # a yes to "add it?", or to the one product shown
    if intent == "checkout" and one_item_offered(state) and \
            not (state.get("cart") or {}).get("skus"):
        # "checkout pls" right after "the blue one? add it?", "pode fechar" with the one
        # product found on screen: that one, then checkout (route_after_cart)
        return "add_to_cart"
    if intent == "affirm" and pending == "confirm_checkout":
        return "checkout"
    asks_total = intent == "view_cart" or (intent == "shipping_question" and bool(
        _ASKS_TOTAL.search(fold(turn_text(state)))))
    if asks_total and summarized and not state.get("action"):  # (not the cart's tap)
        return "checkout"  # "quanto ficou com o frete?": the order's summary, shipping and all
    return intent


def _asks_about_pickup_or_delivery(state: SalesState) -> bool:
    """ "e fica pronto qdo pra eu passar ai?" after the order's link: the store's pickup (or
    delivery) answers it, not the payment link again."""
    text = turn_text(state)
    topics = read(text).topics
    return "?" in text and bool(topics & {PICKUP_TOPIC, SHIPPING_TOPIC}) and not topics & {
        PAYMENT_TOPIC, PIX_TOPIC}


def _picks_up_the_cart(state: SalesState, intent: str) -> bool:
    """Whether the buyer says they will fetch the cart's items at the store, asking nothing
    and naming nothing new: checkout goes on to the pickup."""
    text = without_tag_question(turn_text(state))  # ("eu retiro ai na loja, pode ser?")
    return bool((state.get("cart") or {}).get("skus")) and not state.get("action") and \
        not state.get("requests") and "?" not in text and \
        intent not in {"remove_from_cart", "cancel_order", "deny"} and \
        state.get("pending_question") not in CHECKOUT_QUESTIONS and \
        bool(PICKUP.search(fold(text)))


def _offer_already_in_cart(state: SalesState) -> bool:
    """Whether the item the bot just offered to add is in the cart already (a question about
    one of the order's items answered with an "add another?")."""
    if not one_item_offered(state):
        return False
    shown = state.get("shown") or []
    offered = (state.get("pending") or {}).get("sku") or (shown[0]["sku"] if shown else "")
    return bool(offered) and bool(lines_of(offered, (state.get("cart") or {}).get("skus") or []))


def route_after_retrieve(state: SalesState) -> Literal[
        "recommend", "respond", "consultative", "social_proof", "authority", "scarcity",
        "anchoring", "reciprocity", "aida", "recap"]:
    """A search that found nothing gets recommendations instead of a dead end."""
    kind = (state.get("outcome") or {}).get("kind")
    return "recommend" if kind == "no_results" else pick_strategy(state)


def route_after_aftersale(state: SalesState) -> Literal["retrieve", "respond"]:
    """An after-sale step answers; with nothing to act on (a policy question and no order),
    the store's knowledge does."""
    return "respond" if (state.get("outcome") or {}).get("kind") else "retrieve"


# Cart changes that alter an order whose summary the buyer has already seen.
_CHANGES_THE_ORDER = frozenset({"added", "added_items", "removed", "swapped", "quantity_set"})


def route_after_cart(state: SalesState) -> Literal["recommend", "checkout", "respond"]:
    """An item just added is the moment for complements; a change made at the order's
    summary ("tira a corda", "troca pra M", "coloca tb um bone") goes back to checkout, which
    shows the summary as the order now is, so the next "confirma" places it."""
    kind = (state.get("outcome") or {}).get("kind")
    collected = state.get("checkout") or {}
    if kind == "added" and (state.get("classification") or {}).get("intent") == "checkout":
        return "checkout"  # the item offered, taken by "checkout pls": checkout goes on
    if kind in {"added", "added_items"} and (
            closes_now(turn_text(state)) or closes_with_details(turn_text(state))
            or collected.get("closing_said")) and \
            state.get("pending_question") != "choose_product":
        # "vou querer, ja fecha pra mim", "pega 1, retiro ai. Ana Lima": added, and checkout
        # starts with what else was said
        return "checkout"
    if kind in _CHANGES_THE_ORDER and summary_waiting(collected) and \
            (state.get("cart") or {}).get("skus") and \
            state.get("pending_question") != "choose_product":
        # (an item still waiting for its size is asked first)
        return "checkout"
    return "recommend" if kind in {"added", "order_reconciled"} else "respond"


def route_after_respond(
    state: SalesState,
) -> Literal["await_human", "await_payment", "classify", "__end__"]:
    """A conversation with a person waits for them, one with a payment link out waits for
    the payment; a message's second ask, once the first is done, is read next
    (graphs/sales/two_asks.py); any other turn ends here."""
    if state.get("handoff"):
        return "await_human"
    rest, reply = state.get("rest"), state.get("reply")
    if rest and reply and rest["turn_id"] == state.get("turn_id") and \
            reply["template"] in ANSWERS_DONE:
        return "classify"  # (a question after "confirmo" is answered before the link waits)
    if state.get("awaiting_payment"):
        return "await_payment"
    return "__end__"  # langgraph's END


def route_after_recommend(state: SalesState) -> StrategyPath:
    """Complements are shown; a strategy (scarcity of what was just added) may follow."""
    return pick_strategy(state)


# A question about an option rather than its choice ("how many days does express take?",
# "qto tempo demora o pac?").
_ASKS_ABOUT_IT = re.compile(r"^\W*(?:(?:e|and|so|ok|but)\W+)?(?:how|quantos|quanto|qto|qnto|"
                            r"when|quando|demora|does|is)\b.*\?")


def _asks_about_an_option(text: str) -> bool:
    """A question about an option's days or price, not a pick by them ("qual sai mais em
    conta?" picks the cheapest: checkout_menus.asks_by_quality)."""
    return bool(_ASKS_ABOUT_IT.match(fold(text))) and not asks_by_quality(text)


def _names_a_shipping_option(state: SalesState) -> bool:
    """Whether, at the shipping menu, the buyer typed an option's name or asked for a carrier
    the store does not have; or, later in the same checkout, asks for another option ("e
    muda pra expressa" after adding an item at the summary)."""
    collected = state.get("checkout") or {}
    quotes = collected.get("quotes") or []
    text = turn_text(state)
    if state.get("pending_question") == "choose_shipping" and _asks_about_an_option(text):
        return False  # "how many days does express take?": asked, not chosen (retrieve)
    if state.get("pending_question") != "choose_shipping":
        chosen = collected.get("shipping")
        return bool(collected.get("active") and chosen and quotes
                    and not collected.get("order_id") and not state.get("action")
                    and "?" not in text
                    and shipping_named(text, quotes) not in (None, chosen["id"]))
    return bool(shipping_named(text, quotes)
                or carrier_not_offered(text, [q["name"] for q in quotes]))
