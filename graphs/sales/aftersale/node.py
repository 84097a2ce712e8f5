"""`aftersale`: the buyer's orders in the conversation.

Status and tracking are answered at once. A cancel, a change (address, size or colour), an
exchange or a return goes: which order (when several fit) → which items (returns and
exchanges of several) → a summary of what will happen → an explicit yes → done once. A "no"
at any question keeps the order as it is. Nothing is said about an order that is not the
buyer's. A turn that sets no outcome (a policy question with no order to act on) goes on to
`retrieve`, which answers it from the store's knowledge.
"""

from __future__ import annotations

import re
from typing import cast

from langgraph.runtime import Runtime

from graphs.sales import actions
from graphs.sales.aftersale.difference_steps import QUESTION as DIFFERENCE_QUESTION
from graphs.sales.aftersale.difference_steps import difference_answer, difference_event
from graphs.sales.aftersale.execute import execute
from graphs.sales.aftersale.orders import buyer_orders, done_before
from graphs.sales.aftersale.plans import Plan, plan_address, plan_cancel, plan_variant
from graphs.sales.aftersale.reorder import reorder
from graphs.sales.aftersale.request import new_request, pick_order
from graphs.sales.aftersale.returning import plan_return
from graphs.sales.aftersale.status import order_status
from graphs.sales.aftersale.turn import AftersaleTurn, ask, done
from graphs.sales.aftersale.words import QUESTIONS, wants_reorder
from graphs.sales.aftersale_types import AftersaleData
from graphs.sales.context import Context
from graphs.sales.outcomes import Outcome
from graphs.sales.runtime import context_of, conversation_id_for, services_for
from graphs.sales.state import SalesState, SalesUpdate
from tools.orders.models import Order


async def aftersale(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Takes one after-sale step and sets `outcome` (or none, for `retrieve` to answer)."""
    services = await services_for(runtime)
    context = context_of(runtime)
    conv_id = await conversation_id_for(runtime, services)
    async with services.pool.connection() as conn:
        orders = await buyer_orders(conn, context.store_id, conv_id)
    turn = AftersaleTurn(state, services, context, conv_id, orders)
    if (event := (state.get("action") or {}).get("payment")) is not None:
        return await difference_event(turn, event)  # only a difference's comes here
    if (answered := await difference_answer(turn)) is not None:
        return answered
    fresh = _tapped_request(turn.tap) if turn.tap else new_request(turn)
    if fresh is not None and (_repeats_at_its_summary(turn, fresh) or (
            turn.pending == "aftersale_confirm" and _starts_with_yes(turn))):
        fresh = None  # "yes cancel it", "sim troca pra G" at the change's summary: a yes to it
    asks_status = turn.intent == "order_status" and turn.pending != "aftersale_which_order"
    if fresh is None and not turn.tap and wants_reorder(turn.folded):
        return await reorder(turn)
    going_on = turn.pending in QUESTIONS - {DIFFERENCE_QUESTION} and fresh is None \
        and not asks_status
    if not going_on and fresh is None:
        if turn.intent == "return_exchange" and not orders:
            return {"aftersale": {}}  # a question about the policy: `retrieve` answers it
        return await order_status(turn)
    data: AftersaleData = fresh if fresh is not None else dict(  # type: ignore[assignment]
        state.get("aftersale") or {})
    if not data.get("task"):
        return await order_status(turn)
    if going_on and (turn.intent == "deny" or turn.tap == "keep"):
        return done({"kind": "aftersale_kept", "task": data["task"]})
    if fresh is not None and fresh["task"] in ("return", "exchange") and not orders:
        return {"aftersale": {}}
    picked = pick_order(turn, data)
    if not isinstance(picked, Order):
        return picked
    return await _step(turn, picked, data | {"number": picked.number})


def _tapped_request(tap: str) -> AftersaleData | None:
    """ "exchange:1002" / "return:1002" (offered for a delivered order) start that request."""
    task, _, number = tap.partition(":")
    if task == "exchange" and number:
        return {"task": "exchange", "number": number}
    if task == "return" and number:
        return {"task": "return", "number": number}
    return None


async def _step(turn: AftersaleTurn, order: Order, data: AftersaleData) -> SalesUpdate:
    """The summary to say yes to, or (after that yes, while it holds) the change itself."""
    task = data["task"]
    if data.get("confirming") and _answers_summary(turn, data):
        async with turn.services.pool.connection() as conn:
            made = await done_before(conn, order.id, data["confirming"])
        if made:  # the turn runs again after the change: settle what is left, tell the same
            return await execute(turn, order, Plan(cast(Outcome, data.get("summary") or {}),
                                                   data), made=True)
    if task == "cancel":
        plan = await plan_cancel(turn, order, data)
    elif task == "change_address":
        plan = await plan_address(turn, order, data)
    elif task == "change_variant":
        plan = await plan_variant(turn, order, data)
    else:
        plan = await plan_return(turn, order, data)
    if not isinstance(plan, Plan):
        return plan
    if _said_yes(turn, data, plan.digest):
        return await execute(turn, order, plan)
    version = int(data.get("version") or 0) + 1
    kept: AftersaleData = plan.data | {"version": version, "confirming": plan.digest,
                                       "summary": dict(plan.fields)}
    outcome = plan.fields | {"kind": "aftersale_summary", "version": version,
                             "confirm_id": actions.aftersale(f"confirm:{version}")}
    return ask(outcome, kept, "aftersale_confirm")


def _said_yes(turn: AftersaleTurn, data: AftersaleData, digest: str) -> bool:
    """A yes to the last summary shown, while it still describes the change."""
    return data.get("confirming") == digest and _answers_summary(turn, data)


def _answers_summary(turn: AftersaleTurn, data: AftersaleData) -> bool:
    """The turn says yes to the last summary shown: its button, or a typed yes right
    after it."""
    if turn.tap:
        return turn.tap == f"confirm:{data.get('version')}"
    return (not turn.state.get("action") and turn.pending == "aftersale_confirm"
            and (turn.intent == "affirm" or _repeats_at_its_summary(turn, None)
                 or _starts_with_yes(turn)))


# "sim troca pra G", "yes go ahead and swap it": a yes first, then the change said again in
# words the classifier reads as a new request.
_YES_FIRST = re.compile(r"^\W*(sim|s|ss|yes|yep|yeah|pode|ok|okay|isso|confirmo|confirma|"
                        r"claro|bora|fechou|blz|beleza|perfeito|perfect|sure)\b")


# "sim, mas pra P em vez do G": a yes that changes what it says yes to is no yes to it.
_BUT = re.compile(r"\b(mas|porem|so que|em vez|ao inves|na verdade|but|instead|actually|rather)\b")


def _starts_with_yes(turn: AftersaleTurn) -> bool:
    return bool(_YES_FIRST.match(turn.folded)) and not _BUT.search(turn.folded) and \
        not _NO_WORDS & set(re.findall(r"[a-z']+", turn.folded))


# "nao cancela", "don't cancel", "desisti": the request repeated with a no is not a yes.
_NO_WORDS = frozenset("nao n nem no not dont don't never desisti esquece keep mantem mantenha"
                      .split())


def _repeats_at_its_summary(turn: AftersaleTurn, fresh: AftersaleData | None) -> bool:
    """Whether the buyer asks again, without a no, for the change whose summary awaits their
    yes ("sim, cancela", "yes cancel it", "pode cancelar"): that is the yes."""
    current = turn.state.get("aftersale") or {}
    if turn.pending != "aftersale_confirm" or not current.get("task"):
        return False
    again = fresh if fresh is not None else new_request(turn)
    return again is not None and again["task"] == current["task"] and \
        not _NO_WORDS & set(re.findall(r"[a-z']+", turn.folded))
