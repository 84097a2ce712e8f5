"""`respond`: turns what the turn did into one structured reply (template, fields, options).

Wording lives in the channel's locale templates (api/render/locales), never here, so replies
can be checked on structure in any language: options the graph offers in words of its own
carry a `label` (and the data its wording shows), and the renderer words them.
"""

from __future__ import annotations

from typing import Any, cast

from balcao.messages import Reply, ReplyOption, ReplyPart
from graphs.sales import actions
from graphs.sales.aftersale.options import KINDS as AFTERSALE_KINDS
from graphs.sales.aftersale.options import aftersale_options
from graphs.sales.checkout_types import ShippingChoice
from graphs.sales.inbound import turn_text
from graphs.sales.nlu.types import Lang
from graphs.sales.outcomes import Outcome
from graphs.sales.persuasion.choose import accepts_reminder
from graphs.sales.persuasion.objections import hesitation
from graphs.sales.resolve.earlier_list import remembered_list
from graphs.sales.signals import settle
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import ReplyData, ShownItem, Suggestion

SILENT = "none"
"""Template id of a turn that needs no answer (a reaction, a system notice)."""

# Intents answered straight from classification, with no action node in between.
_DIRECT = {
    "greeting": "greeting",
    "goodbye": "goodbye",
    "thanks": "thanks",
    "deny": "deny_ack",
    "affirm": "how_can_i_help",
    "other": "fallback",
}
# Intents whose capability is not built yet: answered honestly, never with a made-up fact.
_NOT_YET = {"provide_info"}
MAX_OPTIONS = 10


def respond(state: SalesState) -> SalesUpdate:
    """Sets `reply` and records the bot's turn in the message window."""
    lang = state.get("lang") or "pt"
    reply = with_persuasion(_reply_for(state, lang), state)
    # The answers to the message's earlier asks are worded first (graphs/sales/two_asks.py).
    reply.preface = [ReplyPart.model_validate(part) for part in state.get("preface") or []]
    update: SalesUpdate = {
        # `ReplyData` is the shape of a `Reply` dump.
        "reply": cast(ReplyData, reply.model_dump(mode="json")),
        "messages": []
        if reply.template == SILENT
        else [{"role": "bot", "template": reply.template}],
        # worded once: a turn that goes on after this reply (a payment awaited, a person)
        # must not repeat it
        "preface": [],
    }
    if (listed := remembered_list(state.get("shown"))) is not None:
        update["listed"] = listed  # (what "o mais barato dos 3" may point back at)
    if (settled := settle(state.get("signals"), reply.template)) is not None:
        update["signals"] = settled  # an after-sale ask counts as trouble only unanswered
    return update


def _reply_for(state: SalesState, lang: Lang) -> Reply:
    action = state.get("action") or {}
    if action.get("silent"):
        return Reply(template=SILENT, lang=lang)
    if action.get("unreadable"):
        return Reply(template="unreadable", fields={"kinds": action["unreadable"]},
                     options=_home_options(), lang=lang)
    outcome = state.get("outcome") or {}
    if outcome:
        return _from_outcome(outcome, state.get("suggestions") or [], lang)
    intent = (state.get("classification") or {}).get("intent", "other")
    kind = hesitation(intent, turn_text(state))
    if kind is not None:
        return Reply(template="objection_ack", fields={"kind": kind},
                     options=_cart_options() if (state.get("cart") or {}).get("skus")
                     else _home_options(), lang=lang)
    if accepts_reminder(state):
        return Reply(template="persuasion_only", lang=lang)
    if intent in _NOT_YET:
        return Reply(template="not_available_yet", fields={"topic": intent},
                     options=_home_options(), lang=lang)
    template = _DIRECT.get(intent)
    if template is None:
        raise ValueError(f"respond: no reply for intent {intent!r} without an outcome")
    options = _home_options() if template in {"greeting", "fallback", "how_can_i_help"} else []
    return Reply(template=template, options=options, lang=lang)


def _from_outcome(outcome: Outcome, suggestions: list[Suggestion], lang: Lang) -> Reply:
    kind = outcome["kind"]
    fields: dict[str, Any] = {k: v for k, v in outcome.items() if k != "kind"}
    options: list[ReplyOption] = []
    if kind in AFTERSALE_KINDS:
        options = aftersale_options(outcome)
    elif kind == "basket":
        options = [_labelled(actions.add_basket(), "add_basket")] + [
            _product_option({"sku": item["sku"], "name": item["name"], "price": item["price"]},
                            actions.show(item["sku"])) for item in outcome["basket"]]
    elif kind == "search_results":
        options = [_product_option(i, actions.show(i["sku"])) for i in outcome["items"]]
    elif kind in {"choose_variant", "product_detail"} and outcome.get("variants"):
        options = [_product_option(v, actions.add(v["sku"])) for v in outcome["variants"]]
    elif kind == "product_detail":
        options = [_labelled(actions.add(outcome["product"]["sku"]), "add_to_cart")] \
            if outcome["product"]["in_stock"] else _home_options()
    elif kind in {"added", "order_reconciled", "removed"}:
        options = [_product_option(s, actions.show(s["sku"])) for s in suggestions]
        cart = outcome.get("cart")
        cart_has_items = bool(cart and cart["lines"])
        options += _cart_options() if cart_has_items else _home_options()
        fields["suggestions"] = suggestions
    elif kind in {"which_product", "added_items"} and outcome.get("candidates"):
        options = [_product_option(c, actions.add(c["sku"])) for c in outcome["candidates"]]
    elif kind == "added_items":
        options = [_product_option(v, actions.add(v["sku"])) for v in outcome.get("variants") or []]
        options = options[:MAX_OPTIONS] or (_cart_options() if outcome.get("cart")
                                            else _home_options())
    elif kind in {"swapped", "swap_unavailable", "quantity_set"}:
        options = _cart_options()
    elif kind == "which_cart_item":
        cart = outcome["cart"]
        assert cart is not None
        options = [ReplyOption(id=actions.remove(line["sku"]), title=line["name"])
                   for line in cart["lines"]]
    elif kind == "cart_summary":
        options = _cart_options()[:1] + [_labelled(actions.browse(), "keep_shopping")]
    elif kind in {"catalog_overview", "no_results"} and outcome.get("categories"):
        # Products close to what was asked first (no results), then the categories.
        options = ([_product_option(s, actions.show(s["sku"])) for s in suggestions] + [
            ReplyOption(id=actions.search(c["name"]), title=c["name"], label="category",
                        fields={"count": c["count"]})
            for c in outcome["categories"]
        ])[:10]
    elif kind == "confirm_last_address":
        options = [_labelled(actions.use_last_address(), "this_address"),
                   _labelled(actions.new_address(), "other_address")]
    elif kind in {"ask_cep", "ask_address"} and outcome.get("quotes"):
        options = [_shipping_option(q) for q in outcome["quotes"]]  # pickup: no address
    elif kind == "choose_shipping":
        options = [_shipping_option(q) for q in outcome["quotes"]]
    elif kind == "choose_payment":
        options = [ReplyOption(id=actions.pay(m["id"]), title=m["name"])
                   for m in outcome["methods"]]
    elif kind == "order_summary":
        options = [_labelled(outcome["confirm_id"], "place_order"),
                   _labelled(actions.view_cart(), "view_cart")]
    elif kind in {"prices_changed", "payment_expired", "payment_unavailable"}:
        options = [_labelled(actions.checkout(), "continue_checkout")]
    elif kind in {"stock_shortage", "checkout_cancelled"}:
        options = [_labelled(actions.view_cart(), "view_cart")]
    elif kind == "payment_not_received":
        options = [_labelled(actions.check_payment(), "check_payment"),
                   _labelled(actions.talk_to_person(), "talk_to_person")]
    elif kind == "handoff_returned":
        options = _handback_options(outcome.get("next_step"))
    elif kind == "product_answer":
        # The variants in stock to pick from; an unknown offers a person.
        options = [_product_option(v, actions.add(v["sku"])) for v in outcome.get("variants") or []]
        if not options and outcome["product"].get("in_stock", True):
            options = [_labelled(actions.add(outcome["product"]["sku"]), "add_to_cart")]
        if outcome["status"] == "unknown" or outcome.get("missing"):
            options = options[:MAX_OPTIONS - 1] + [
                _labelled(actions.talk_to_person(), "talk_to_person")]
    elif kind == "product_comparison":
        options = [_product_option(p, actions.show(p["sku"])) for p in outcome["products"]]
    elif kind == "store_answer":
        # An unknown offers a person; an answer lets the buyer go on shopping.
        options = ([_labelled(actions.talk_to_person(), "talk_to_person")]
                   if outcome["status"] == "unknown" else []) + _home_options()
    elif kind in {"cart_empty", "which_product", "position_out_of_range", "product_gone",
                  "out_of_stock", "not_enough_stock", "handoff_unavailable", "handoff_timed_out",
                  "message_left", "complaint_noted", "handoff_withdrawn"}:
        options = _home_options()
    return Reply(template=kind, fields=fields, options=options, lang=lang)


def with_persuasion(reply: Reply, state: SalesState) -> Reply:
    """Adds this turn's strategy block (and its options, while there is room)."""
    block = (state.get("persuasion") or {}).get("block")
    if not block or block.get("turn_id") != state.get("turn_id") or reply.template == SILENT:
        return reply
    fields = dict(reply.fields) | {"persuasion": {
        "strategy": block["strategy"], "template": block["template"], "fields": block["fields"],
    }}
    taken = {o.id for o in reply.options}
    extra = [ReplyOption(id=o["id"], title=o.get("title", ""), label=o.get("label"))
             for o in block.get("options") or [] if o["id"] not in taken]
    options = (extra + list(reply.options))[:MAX_OPTIONS] if extra else list(reply.options)
    return reply.model_copy(update={"fields": fields, "options": options})


def _labelled(option_id: str, label: str) -> ReplyOption:
    """An option the renderer words from `label` alone (e.g. "view_cart")."""
    return ReplyOption(id=option_id, label=label)


def _product_option(item: ShownItem, option_id: str) -> ReplyOption:
    """A product by its name; the renderer adds its price ("from …", "sold out")."""
    return ReplyOption(id=option_id, title=item["name"], label="product",
                       fields={"price": item.get("price"), "price_max": item.get("price_max"),
                               "in_stock": item.get("in_stock", True)})


def _shipping_option(quote: ShippingChoice) -> ReplyOption:
    """A shipping option by its name; the renderer adds its price and delivery time."""
    return ReplyOption(id=actions.ship(quote["id"]), title=quote["name"], label="shipping",
                       fields={"price": quote["price"], "kind": quote["kind"],
                               "days": quote["days"]})


def _handback_options(next_step: str | None) -> list[ReplyOption]:
    """What the person who handed back asked the bot to offer first."""
    if next_step == "checkout":
        return _cart_options()
    if next_step == "cart":
        return [_labelled(actions.view_cart(), "view_cart"),
                _labelled(actions.browse(), "see_products")]
    return _home_options()


def _cart_options() -> list[ReplyOption]:
    return [_labelled(actions.checkout(), "check_out"), _labelled(actions.view_cart(), "view_cart")]


def _home_options() -> list[ReplyOption]:
    return [_labelled(actions.browse(), "see_products"), _labelled(actions.view_cart(), "my_cart")]
