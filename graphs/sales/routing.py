"""Conditional edges: pure functions of state that fail loudly on what they do not know."""

from __future__ import annotations

from typing import Literal

from langgraph.graph import END

from graphs.sales.nodes.checkout import CHECKOUT_QUESTIONS
from graphs.sales.state import SalesState

AfterClassify = Literal["retrieve", "cart", "checkout", "escalate", "respond"]

_BY_INTENT: dict[str, AfterClassify] = {
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
    "payment_question": "respond",
    "shipping_question": "respond",
    "order_status": "checkout",
    "cancel_order": "respond",
    "return_exchange": "respond",
    "objection": "respond",
    "provide_info": "respond",
    "other": "respond",
}


# During checkout these still go where they always go; anything else answers its question.
_LEAVE_CHECKOUT = {"search_product", "browse_catalog", "product_question", "add_to_cart",
                   "remove_from_cart", "view_cart", "human_agent", "complaint", "order_status"}


def route_after_classify(state: SalesState) -> AfterClassify:
    """Picks the action node for the turn's intent."""
    action = state.get("action") or {}
    if action.get("silent") or action.get("unreadable"):
        return "respond"
    if action.get("payment") is not None:
        return "checkout"
    intent = _effective_intent(state)
    if state.get("pending_question") in CHECKOUT_QUESTIONS and intent not in _LEAVE_CHECKOUT:
        return "checkout"
    if intent == "deny" and state.get("pending_question") == "confirm_checkout":
        return "checkout"
    waiting_order = (state.get("checkout") or {}).get("order_id")
    if waiting_order and intent in {"payment_question", "affirm"}:
        return "checkout"
    try:
        return _BY_INTENT[intent]
    except KeyError:
        raise ValueError(f"route_after_classify: unknown intent {intent!r}") from None


def _effective_intent(state: SalesState) -> str:
    """The intent, with a "yes" read in the light of what the bot just proposed."""
    intent = (state.get("classification") or {}).get("intent", "other")
    pending = state.get("pending_question")
    if intent == "affirm" and pending == "confirm_add":
        return "add_to_cart"
    if intent == "affirm" and pending == "confirm_checkout":
        return "checkout"
    return intent


def route_after_retrieve(state: SalesState) -> Literal["recommend", "respond"]:
    """A search that found nothing gets recommendations instead of a dead end."""
    kind = (state.get("outcome") or {}).get("kind")
    return "recommend" if kind == "no_results" else "respond"


def route_after_cart(state: SalesState) -> Literal["recommend", "respond"]:
    """An item just added is the moment for complements."""
    kind = (state.get("outcome") or {}).get("kind")
    return "recommend" if kind in {"added", "order_reconciled"} else "respond"


def route_after_respond(state: SalesState) -> Literal["await_payment", "__end__"]:
    """A conversation with a payment link out waits for it; any other turn ends here."""
    return "await_payment" if state.get("awaiting_payment") else END
