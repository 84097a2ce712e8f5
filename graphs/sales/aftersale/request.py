"""Starting an after-sale request and finding the order it is about.

The order is the one named (only among the buyer's own), the only one the request fits, or
the one the buyer picks from a short list; with none that fits, the latest, so the buyer is
told why it cannot be done.
"""

from __future__ import annotations

from graphs.sales.aftersale.orders import OPEN, find
from graphs.sales.aftersale.turn import AftersaleTurn, ask, done
from graphs.sales.aftersale.words import (
    asks_option_change,
    order_number_in,
    position_in,
    wants_address_change,
    wants_exchange,
)
from graphs.sales.aftersale_types import AftersaleData, AftersaleTask
from graphs.sales.nlu.guards import asks_to_cancel
from graphs.sales.state import SalesUpdate
from tools.orders.models import Order

CHOICES_SHOWN = 5
"""How many orders "which order?" lists."""


def new_request(turn: AftersaleTurn) -> AftersaleData | None:
    """The request a message starts, or None when it asks nothing of an order."""
    wanted = {k: str(turn.entities[k]) for k in ("size", "color") if turn.entities.get(k)}
    task: AftersaleTask
    if turn.intent == "cancel_order":
        task = "cancel"
    elif wants_address_change(turn.folded):
        task = "change_address"
    elif turn.intent == "return_exchange":
        task = "exchange" if wanted or wants_exchange(turn.folded) else \
            "cancel" if _cancels_before_delivery(turn) else "return"
    elif asks_option_change(turn.folded, turn.entities):
        task = "exchange"  # (read as an objection: "o tamanho certo era GG, muda no pedido?")
    else:
        return None
    data: AftersaleData = {"task": task}
    if wanted:
        data["wanted"] = wanted
    return data


def _cancels_before_delivery(turn: AftersaleTurn) -> bool:
    """ "pode cancelar e devolver o dinheiro" with an order that has not left: its cancel,
    the money back with it (a return is for what was delivered)."""
    return asks_to_cancel(turn.text) and any(o.status in OPEN for o in turn.orders)


def fits(task: str, order: Order) -> bool:
    """Whether the request can apply to the order as it is now."""
    if task in ("return", "exchange"):
        return order.status == "delivered" or (task == "exchange" and order.status in OPEN)
    return order.status in OPEN


def pick_order(turn: AftersaleTurn, data: AftersaleData) -> Order | SalesUpdate:
    """The order the request is about, or the reply that asks or says why not."""
    if data.get("number"):
        chosen = find(turn.orders, data["number"])
        return chosen if chosen is not None else done(
            {"kind": "order_not_found", "number": data["number"]})
    named = _named(turn, data)
    if named is not None:
        chosen = find(turn.orders, named)
        if chosen is None:  # someone else's or nobody's: nothing is revealed
            return done({"kind": "order_not_found", "number": named})
        return chosen
    if not turn.orders:
        return done({"kind": "no_orders"})
    fitting = [o for o in turn.orders if fits(data["task"], o)]
    if len(fitting) == 1 or (fitting and turn.pending == "aftersale_which_order"
                             and turn.intent == "affirm"):
        return fitting[0]
    if not fitting:
        return turn.orders[0]  # the latest: its step says why the request does not apply
    choices = fitting[:CHOICES_SHOWN]
    asked = data | {"choices": [o.number for o in choices]}
    return ask({"kind": "which_order", "task": data["task"],
                "orders": [o.summary() for o in choices]}, asked, "aftersale_which_order")


def _named(turn: AftersaleTurn, data: AftersaleData) -> str | None:
    """The order number the turn names: typed, tapped, or a position in the list shown."""
    if turn.tap.startswith("order:"):
        return turn.tap.removeprefix("order:")
    choosing = turn.pending == "aftersale_which_order"
    number = order_number_in(turn.text, turn.entities, bare=choosing)
    if number is not None:
        return number
    choices = data.get("choices") or []
    ordinal = position_in(turn.state, len(choices))
    if choosing and ordinal is not None and choices:
        index = ordinal - 1 if ordinal > 0 else len(choices) + ordinal
        if 0 <= index < len(choices):
            return choices[index]
    return None
