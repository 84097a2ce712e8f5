"""`respond`: turns what the turn did into one structured reply (template, fields, options).

Wording lives in the channel's locale templates (balcao/render), never here, so replies can
be checked on structure in any language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from balcao.messages import Reply, ReplyOption
from balcao.money import format_money
from graphs.sales import actions
from graphs.sales.inbound import state_text
from graphs.sales.persuasion.choose import accepts_reminder
from graphs.sales.persuasion.objections import hesitation
from graphs.sales.state import SalesState

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
_NOT_YET = {
    "payment_question", "shipping_question", "order_status", "cancel_order",
    "return_exchange", "provide_info",
}
MAX_OPTIONS = 10


def respond(state: SalesState) -> dict[str, Any]:
    """Sets `reply` and records the bot's turn in the message window."""
    lang = state.get("lang") or "pt"
    reply = with_persuasion(_reply_for(state, lang), state, lang)
    return {
        "reply": reply.model_dump(mode="json"),
        "messages": []
        if reply.template == SILENT
        else [{"role": "bot", "template": reply.template}],
    }


def _reply_for(state: SalesState, lang: str) -> Reply:
    action = state.get("action") or {}
    if action.get("silent"):
        return Reply(template=SILENT, lang=lang)  # type: ignore[arg-type]
    if action.get("unreadable"):
        return Reply(template="unreadable", fields={"kinds": action["unreadable"]},
                     options=_home_options(lang), lang=lang)  # type: ignore[arg-type]
    outcome = state.get("outcome") or {}
    if outcome:
        return _from_outcome(outcome, state.get("suggestions") or [], lang)
    intent = (state.get("classification") or {}).get("intent", "other")
    kind = hesitation(intent, state_text(state.get("inbound") or []))
    if kind is not None:
        return Reply(template="objection_ack", fields={"kind": kind},
                     options=_cart_options(lang) if (state.get("cart") or {}).get("skus")
                     else _home_options(lang), lang=lang)  # type: ignore[arg-type]
    if accepts_reminder(state):
        return Reply(template="persuasion_only", lang=lang)  # type: ignore[arg-type]
    if intent in _NOT_YET:
        return Reply(template="not_available_yet", fields={"topic": intent},
                     options=_home_options(lang), lang=lang)  # type: ignore[arg-type]
    template = _DIRECT.get(intent)
    if template is None:
        raise ValueError(f"respond: no reply for intent {intent!r} without an outcome")
    options = _home_options(lang) if template in {"greeting", "fallback", "how_can_i_help"} else []
    return Reply(template=template, options=options, lang=lang)  # type: ignore[arg-type]


def _from_outcome(outcome: dict[str, Any], suggestions: list[dict[str, Any]], lang: str) -> Reply:
    kind = outcome["kind"]
    fields = {k: v for k, v in outcome.items() if k != "kind"}
    options: list[ReplyOption] = []
    if kind == "search_results":
        options = [_product_option(i, actions.show(i["sku"]), lang) for i in outcome["items"]]
    elif kind in {"choose_variant", "product_detail"} and outcome.get("variants"):
        options = [_product_option(v, actions.add(v["sku"]), lang) for v in outcome["variants"]]
    elif kind == "product_detail":
        options = [ReplyOption(id=actions.add(outcome["product"]["sku"]),
                               title=_t(lang, "Adicionar", "Add to cart"))] \
            if outcome["product"]["in_stock"] else _home_options(lang)
    elif kind in {"added", "order_reconciled", "removed"}:
        options = [_product_option(s, actions.show(s["sku"]), lang) for s in suggestions]
        cart_has_items = bool((outcome.get("cart") or {}).get("lines"))
        options += _cart_options(lang) if cart_has_items else _home_options(lang)
        fields["suggestions"] = suggestions
    elif kind in {"swapped", "swap_unavailable"}:
        options = _cart_options(lang)
    elif kind == "which_cart_item":
        options = [ReplyOption(id=actions.remove(line["sku"]), title=line["name"])
                   for line in outcome["cart"]["lines"]]
    elif kind == "cart_summary":
        options = _cart_options(lang)[:1] + [
            ReplyOption(id=actions.browse(), title=_t(lang, "Continuar comprando", "Keep shopping"))
        ]
    elif kind in {"catalog_overview", "no_results"} and outcome.get("categories"):
        # Products close to what was asked first (no results), then the categories.
        options = ([_product_option(s, actions.show(s["sku"]), lang) for s in suggestions] + [
            ReplyOption(id=actions.search(c["name"]), title=c["name"],
                        description=_t(lang, f"{c['count']} produtos", f"{c['count']} products"))
            for c in outcome["categories"]
        ])[:10]
    elif kind == "confirm_last_address":
        options = [ReplyOption(id=actions.use_last_address(),
                               title=_t(lang, "Sim, esse endereço", "Yes, that address")),
                   ReplyOption(id=actions.new_address(),
                               title=_t(lang, "Outro endereço", "Another address"))]
    elif kind == "choose_shipping":
        options = [ReplyOption(id=actions.ship(q["id"]), title=q["name"],
                               description=_shipping_description(q, lang))
                   for q in outcome["quotes"]]
    elif kind == "choose_payment":
        options = [ReplyOption(id=actions.pay(m["id"]), title=m["name"])
                   for m in outcome["methods"]]
    elif kind == "order_summary":
        options = [ReplyOption(id=actions.confirm_order(),
                               title=_t(lang, "Confirmar pedido", "Place order")),
                   ReplyOption(id=actions.view_cart(),
                               title=_t(lang, "Ver carrinho", "View cart"))]
    elif kind in {"prices_changed", "payment_expired", "payment_unavailable"}:
        options = [ReplyOption(id=actions.checkout(),
                               title=_t(lang, "Continuar compra", "Continue"))]
    elif kind in {"stock_shortage", "checkout_cancelled"}:
        options = [ReplyOption(id=actions.view_cart(),
                               title=_t(lang, "Ver carrinho", "View cart"))]
    elif kind == "handoff_returned":
        options = _handback_options(outcome.get("next_step"), lang)
    elif kind in {"cart_empty", "which_product", "position_out_of_range", "product_gone",
                  "out_of_stock", "not_enough_stock", "handoff_unavailable", "handoff_timed_out",
                  "message_left", "complaint_noted"}:
        options = _home_options(lang)
    return Reply(template=kind, fields=fields, options=options, lang=lang)  # type: ignore[arg-type]


def with_persuasion(reply: Reply, state: SalesState, lang: str) -> Reply:
    """Adds this turn's strategy block (and its options, while there is room)."""
    block = (state.get("persuasion") or {}).get("block")
    if not block or block.get("turn_id") != state.get("turn_id") or reply.template == SILENT:
        return reply
    fields = dict(reply.fields) | {"persuasion": {
        "strategy": block["strategy"], "template": block["template"], "fields": block["fields"],
    }}
    taken = {o.id for o in reply.options}
    extra = [ReplyOption(id=o["id"], title=o["title"] or _t(lang, "Me lembra depois",
                                                              "Remind me later"))
             for o in block.get("options") or [] if o["id"] not in taken]
    options = (extra + list(reply.options))[:MAX_OPTIONS] if extra else list(reply.options)
    return reply.model_copy(update={"fields": fields, "options": options})


def _product_option(item: dict[str, Any], option_id: str, lang: str) -> ReplyOption:
    price = item.get("price")
    description = format_money(price, lang=lang) if price else None
    if description and item.get("price_max"):
        description = _t(lang, "a partir de ", "from ") + description
    if description and not item.get("in_stock", True):
        description += _t(lang, " · esgotado", " · sold out")
    return ReplyOption(id=option_id, title=item["name"], description=description)


def _shipping_description(quote: dict[str, Any], lang: str) -> str:
    price = (_t(lang, "Grátis", "Free") if Decimal(quote["price"]) == 0
             else format_money(quote["price"], lang=lang))
    if quote["kind"] == "pickup":
        return price
    days = quote["days"]
    when = _t(lang, f"{days} dia(s) útil(eis)", f"{days} business day(s)") if days else \
        _t(lang, "hoje", "today")
    return f"{price} · {when}"


def _handback_options(next_step: str | None, lang: str) -> list[ReplyOption]:
    """What the person who handed back asked the bot to offer first."""
    if next_step == "checkout":
        return _cart_options(lang)
    if next_step == "cart":
        return [ReplyOption(id=actions.view_cart(), title=_t(lang, "Ver carrinho", "View cart")),
                ReplyOption(id=actions.browse(), title=_t(lang, "Ver produtos", "See products"))]
    return _home_options(lang)


def _cart_options(lang: str) -> list[ReplyOption]:
    return [
        ReplyOption(id=actions.checkout(), title=_t(lang, "Finalizar compra", "Check out")),
        ReplyOption(id=actions.view_cart(), title=_t(lang, "Ver carrinho", "View cart")),
    ]


def _home_options(lang: str) -> list[ReplyOption]:
    return [
        ReplyOption(id=actions.browse(), title=_t(lang, "Ver produtos", "See products")),
        ReplyOption(id=actions.view_cart(), title=_t(lang, "Meu carrinho", "My cart")),
    ]


def _t(lang: str, pt: str, en: str) -> str:
    return en if lang == "en" else pt
