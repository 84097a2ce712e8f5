"""Templates of the conversation itself: greetings and acknowledgements, store answers, and
handing over to a person."""

from __future__ import annotations

from api.render.locales.words import Fields, Template, Words

FIXED = (
    "greeting", "goodbye", "thanks", "deny_ack", "how_can_i_help", "fallback",
    "unreadable", "not_available_yet", "catalog_overview", "cart_empty",
    "product_gone", "handoff_unavailable", "technical_problem",
    "ask_name", "invalid_cep", "invalid_address",
    "choose_payment", "checkout_cancelled", "no_orders", "handoff_timed_out", "handoff_withdrawn",
    "message_left", "complaint_noted",
    "erasure_confirm", "erasure_scheduled", "erasure_kept", "erasure_noted",
)
"""Templates that are one phrase, with no fields."""


def conversation_templates(w: Words) -> dict[str, Template]:
    p = w.p

    def fixed(key: str, **names: str) -> Template:
        return lambda f: p[key].format(**{k: f.get(v, "") for k, v in names.items()})

    return {
        "persuasion_only": lambda f: "",
        "objection_ack": lambda f: p[f"objection_{f['kind']}"],
        # Phrased by the knowledge tools from the store's data, already in the buyer's language.
        "store_answer": lambda f: f["text"] + (f"\n\n{p['store_unknown_offer']}"
                                               if f.get("status") == "unknown" else ""),
        "handoff_waiting": lambda f: handoff_waiting(w, f),
        "handoff_returned": lambda f: p.get(f"handoff_returned_{f.get('next_step')}",
                                            p["handoff_returned_none"]),
        "choose_variant": lambda f: (
            p["choose_variant_sold_out"].format(name=f.get("name", ""), option=f["sold_out"])
            if f.get("sold_out") else p["choose_variant"].format(name=f.get("name", ""))),
        "position_out_of_range": fixed("position_out_of_range", count="count"),
        "out_of_stock": fixed("out_of_stock", name="name"),
        "not_enough_stock": lambda f: p["not_enough_stock"].format(
            name=f.get("name", ""), available=f.get("available", "")) + (
            " " + p["not_enough_stock_offer"].format(available=f["available"])
            if f.get("offered") else ""),
        **{key: fixed(key) for key in FIXED},
    }


def handoff_waiting(w: Words, f: Fields) -> str:
    intro = w.p.get(f"handoff_reason_{f.get('reason')}", w.p["handoff_reason_other"])
    if f.get("open_now"):
        return f"{intro}\n\n" + w.p["handoff_wait"].format(minutes=f["wait_minutes"])
    if f.get("opens_time") is None:
        return f"{intro}\n\n" + w.p["handoff_closed_unknown"]
    if f.get("opens_today"):
        when = w.p["when_today_at"].format(time=f["opens_time"])
    else:
        day = w.p["weekdays"].split(",")[int(f["opens_weekday"])]
        when = w.p["when_day_at"].format(day=day, time=f["opens_time"])
    return f"{intro}\n\n" + w.p["handoff_closed"].format(when=when)
