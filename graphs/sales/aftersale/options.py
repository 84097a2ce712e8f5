"""The options an after-sale reply offers (worded by api/render/locales/aftersale.py)."""

from __future__ import annotations

from balcao.messages import ReplyOption
from graphs.sales import actions
from graphs.sales.outcomes import Outcome

KINDS = frozenset({
    "order_tracking", "order_not_found", "which_order", "which_items", "ask_new_address",
    "aftersale_summary", "order_cancelled", "order_changed", "aftersale_requested",
    "cannot_cancel", "cannot_change", "not_delivered_yet", "window_closed",
    "change_needs_person", "variant_unavailable", "aftersale_kept", "reordered",
    "nothing_to_reorder", "difference_link", "difference_paid", "difference_unpaid",
    "difference_pending",
})
"""The outcome kinds the after-sale steps set."""


def aftersale_options(outcome: Outcome) -> list[ReplyOption]:
    """What the buyer can tap next."""
    kind = outcome["kind"]
    order = outcome.get("order") or {}
    if kind == "which_order":
        return [ReplyOption(id=actions.aftersale(f"order:{o['number']}"), title="",
                            label="order", fields={"number": o["number"], "total": o["total"],
                                                   "status": o["status"]})
                for o in outcome.get("orders") or []]
    if kind == "which_items":
        return [ReplyOption(id=actions.aftersale(f"item:{line['sku']}"), title=line["name"])
                for line in order.get("lines") or []][:10]
    if kind == "aftersale_summary":
        return [ReplyOption(id=outcome["confirm_id"], label="aftersale_yes",
                            fields={"task": outcome.get("task", "")}),
                ReplyOption(id=actions.aftersale("keep"), label="aftersale_no",
                            fields={"task": outcome.get("task", "")})]
    if kind == "difference_unpaid":  # a new link on their yes
        return [ReplyOption(id=actions.aftersale("difference:link"), label="difference_new_link"),
                ReplyOption(id=actions.aftersale("keep"), label="difference_later")]
    if kind == "difference_pending":  # still there to tap when they want to pay
        return [ReplyOption(id=actions.aftersale("difference:link"), label="difference_pay_now")]
    if kind == "cannot_cancel" and order.get("status") == "delivered":
        return [ReplyOption(id=actions.aftersale(f"exchange:{order['number']}"),
                            label="request_exchange"),
                ReplyOption(id=actions.aftersale(f"return:{order['number']}"),
                            label="request_return")]
    if kind == "reordered" and outcome.get("cart"):
        return [ReplyOption(id=actions.checkout(), label="check_out"),
                ReplyOption(id=actions.view_cart(), label="view_cart")]
    if kind in {"change_needs_person", "window_closed", "variant_unavailable"}:
        return [ReplyOption(id=actions.talk_to_person(), label="talk_to_person")]
    return [ReplyOption(id=actions.browse(), label="see_products")]
