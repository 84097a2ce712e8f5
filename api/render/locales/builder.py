"""Builds a locale's templates from its phrases; the layout of every reply is shared.

A locale module only holds words (`PHRASES`); how a cart, a product or a reconciled order is
laid out is written once here.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from balcao.money import format_money

Fields = dict[str, Any]
Template = Callable[[Fields], str]
OptionWording = Callable[[str, Fields], tuple[str, str | None]]
"""An option's (title, description) from the title the graph gave and the option's fields."""

FIXED_OPTIONS = ("add_to_cart", "keep_shopping", "this_address", "other_address", "place_order",
                 "view_cart", "continue_checkout", "check_out", "see_products", "my_cart",
                 "remind_later", "check_payment", "talk_to_person", "use_coupon")
"""Option labels whose wording is one phrase (`option_<label>`)."""


def build_templates(lang: str, p: dict[str, str]) -> dict[str, Template]:
    """Every template id mapped to a function of the reply's fields."""

    def money(value: Any) -> str:
        return format_money(value, lang=lang)

    def variant(line: Fields) -> str:
        return f" ({' / '.join(line['variant'].values())})" if line.get("variant") else ""

    def cart_lines(cart: Fields) -> str:
        lines = [f"• {line['quantity']}x {line['name']}{variant(line)} — {money(line['total'])}"
                 for line in cart["lines"]]
        return "\n".join(lines) + f"\n*{p['subtotal']}: {money(cart['subtotal'])}*"

    def suggestions(f: Fields) -> str:
        if not f.get("suggestions"):
            return ""
        return f"\n\n{p['goes_with']}: " + ", ".join(s["name"] for s in f["suggestions"]) + "."

    def search_results(f: Fields) -> str:
        count = len(f["items"])
        return with_answer(f, p["found_one"] if count == 1
                           else p["found_many"].format(count=count))

    def with_answer(f: Fields, text: str) -> str:
        # A store question asked along with the search ("e o frete pra 22041-001?").
        return f"{text}\n\n{f['answer']}" if f.get("answer") else text

    def product_detail(f: Fields) -> str:
        product = f["product"]
        text = f"*{product['name']}* — {money(product['price'])}"
        if product.get("description"):
            text += f"\n{product['description']}"
        if f.get("variants"):
            text += f"\n\n{p['pick_option']}"
        elif not product.get("in_stock", True):
            text += f"\n\n{p['sold_out_now']}"
        return text

    def fact_line(fact: Fields) -> str:
        name, value = fact["name"], fact["value"]
        if name == "price":
            low, _, high = str(value).partition("-")
            return f"• {p['fact_price']}: " + (
                money(low) if not high else f"{money(low)} – {money(high)}")
        if name == "description":
            return f"• {value}"
        return f"• {p.get('fact_' + name, name)}: {value}"

    def product_answer(f: Fields) -> str:
        product = f["product"]
        parts = []
        if option := f.get("option"):
            key = ("answer_option_yes" if option.get("available") else
                   "answer_option_sold_out" if option.get("sold_out") else "answer_option_no")
            parts.append(p[key].format(name=product["name"], value=option["value"]))
        if f.get("facts"):
            if not option:
                parts.append(p["answer_intro"].format(name=product["name"]))
            parts.append("\n".join(fact_line(fact) for fact in f["facts"]))
        if f.get("missing") or f.get("status") == "unknown":
            topics = ", ".join(p.get(f"topic_{t}", p["topic_other"])
                               for t in f.get("missing") or ["other"])
            parts.append(p["answer_unknown"].format(name=product["name"], topics=topics))
        return "\n".join(parts)

    def product_comparison(f: Fields) -> str:
        first, second = f["products"]
        lines = [f"*{item['name']}* — {money(item['price'])}" for item in (first, second)]
        if f.get("differences"):
            lines.append(p["compare_differences"] + ":")
            lines += [f"• {p.get('fact_' + d['name'], d['name'])}: "
                      + " × ".join(v or p["compare_none"] for v in d["values"])
                      for d in f["differences"]]
        else:
            lines.append(p["compare_no_differences"])
        if f.get("same"):
            lines.append(p["compare_same"] + ": " + ", ".join(
                f"{p.get('fact_' + s['name'], s['name'])} {s['value']}" for s in f["same"]))
        pick = f.get("pick")
        if pick and pick.get("reason") == "fits":
            lines.append(p["compare_pick_fits"].format(name=pick["name"],
                                                       because="; ".join(pick["because"])))
        elif pick and pick.get("reason") == "cheaper":
            lines.append(p["compare_pick_cheaper"].format(name=pick["name"],
                                                          saving=money(pick["saving"])))
        elif pick:
            lines.append(p["compare_pick_tie"])
        return "\n".join(lines)

    def no_results(f: Fields) -> str:
        # Only a short query is quoted back; a whole message never is.
        query = str(f.get("query") or "").strip()
        short = query and len(query) <= 30 and len(query.split()) <= 4 and "\n" not in query
        text = p["no_results"].format(query=query) if short else p["no_results_plain"]
        return with_answer(f, text) + (
            f"\n\n{p['close_to_it']}: " + ", ".join(s["name"] for s in f["suggestions"]) + "."
            if f.get("suggestions") else "")

    def order_reconciled(f: Fields) -> str:
        parts = []
        if f["added"]:
            parts.append(p["order_added"] + ": "
                         + ", ".join(f"{a['quantity']}x {a['name']}" for a in f["added"]) + ".")
        if f["repriced"]:
            parts.append(p["order_repriced"] + ": " + ", ".join(
                p["now_costs"].format(name=r["name"], price=money(r["price"]))
                for r in f["repriced"]) + ".")
        if f["unavailable"]:
            parts.append(p["order_unavailable"] + ": " + ", ".join(f["unavailable"]) + ".")
        if f["unknown"]:
            parts.append(p["order_unknown"].format(count=len(f["unknown"])))
        if f.get("cart"):
            parts.append(cart_lines(f["cart"]))
        return "\n".join(parts) + suggestions(f)

    def item_problem(problem: Fields) -> str:
        reason, name = problem["reason"], problem.get("name", "")
        if reason == "out_of_stock":
            said = f"{name} ({problem['variant']})" if problem.get("variant") else name
            return p["item_sold_out"].format(name=said)
        if reason == "not_enough_stock":
            return p["not_enough_stock"].format(name=name, available=problem["available"])
        if reason == "which_product":
            return p["item_which"].format(names=", ".join(problem.get("candidates") or []))
        if reason == "choose_variant":
            return p["item_later"].format(name=name)
        if reason == "position_out_of_range":
            return p["item_no_position"].format(name=name)
        return p["item_gone"].format(name=name)

    def added_items(f: Fields) -> str:
        parts = []
        if f.get("added_lines"):
            parts.append(p["order_added"] + ": " + ", ".join(
                f"{line['quantity']}x {line['name']}{variant(line)}"
                for line in f["added_lines"]) + ".")
        parts += [item_problem(problem) for problem in f.get("problems") or []]
        if f.get("variants"):
            parts.append(p["choose_variant"].format(name=f["name"]))
        elif f.get("candidates"):
            parts.append(p["which_of_these"])
        if f.get("cart"):
            parts.append(cart_lines(f["cart"]))
        return "\n".join(parts)

    def added(f: Fields) -> str:
        line = f["line"]
        return (p["added"].format(quantity=line["quantity"], name=line["name"],
                                  variant=variant(line))
                + "\n\n" + cart_lines(f["cart"]) + suggestions(f))

    def removed(f: Fields) -> str:
        text = p["removed"].format(name=f["name"])
        if f["cart"]["lines"]:
            return text + "\n\n" + cart_lines(f["cart"])
        return f"{text} {p['cart_now_empty']}"

    def address(a: Fields) -> str:
        return f"{a['street']} — CEP {a['cep'][:5]}-{a['cep'][5:]} ({a['uf']})"

    def order_summary(f: Fields) -> str:
        lines = [f"• {line['quantity']}x {line['name']}{variant(line)} — {money(line['total'])}"
                 for line in f["lines"]]
        shipping = f["shipping"]
        ship_price = p["free"] if Decimal(shipping["price"]) == 0 else money(shipping["price"])
        ship_line = "" if shipping["kind"] == "digital" else f"\n{shipping['name']}: {ship_price}"
        changes = ""
        if f.get("price_changes"):
            changes = p["prices_updated"] + ": " + ", ".join(
                p["now_costs"].format(name=c["name"], price=money(c["new"]))
                for c in f["price_changes"]) + ".\n\n"
        if f.get("previous_total"):
            changes = p["total_changed"].format(before=money(f["previous_total"]),
                                                after=money(f["total"])) + "\n\n" + changes
        if (coupon := f.get("coupon")) and coupon.get("reason") == "min_subtotal":
            changes += p["coupon_min_subtotal"].format(
                code=coupon["code"], min_subtotal=money(coupon["min_subtotal"])) + "\n\n"
        elif coupon:
            key = "coupon_used" if coupon.get("reason") == "used" else "coupon_unknown"
            changes += p[key].format(code=coupon["code"]) + "\n\n"

        def discount_line(d: Fields) -> str:
            percent = _percent(d["percent"], lang)
            label = (p["discount_coupon"].format(code=d["code"], percent=percent)
                     if d["kind"] == "coupon" else p["discount_pix"].format(percent=percent))
            return f"\n{label}: -{money(d['amount'])}"

        discounts = "".join(discount_line(d) for d in f.get("discounts") or [])
        if shipping["kind"] == "pickup":
            where = shipping.get("address") or ""
        elif f["address"].get("street"):
            where = address(f["address"])
        else:
            where = ""
        deliver = p["deliver_to"].format(name=f["name"]) + (f": {where}" if where else "")
        return (changes + p["summary_title"] + "\n" + "\n".join(lines)
                + f"\n{p['subtotal']}: {money(f['subtotal'])}"
                + ship_line
                + discounts
                + f"\n*{p['total']}: {money(f['total'])}*"
                + f"\n\n{deliver}"
                + f"\n\n{p['confirm_question']}")

    def payment_link(f: Fields, intro_key: str) -> str:
        order, payment = f["order"], f["payment"]
        intro = p[intro_key].format(number=order["number"], total=money(order["total"]))
        if payment.get("pix_code"):
            return f"{intro}\n\n{p['pix_instructions']}\n\n{payment['pix_code']}"
        return f"{intro}\n\n{p['pay_here']}: {payment['link_url']}\n{p['link_expires']}"

    def payment_not_received(f: Fields) -> str:
        order = f["order"]
        status = (f.get("payment") or {}).get("status")
        key = ("payment_not_received_expired" if order["status"] == "expired" or status == "expired"
               else "payment_not_received_failed" if status == "failed"
               else "payment_not_received")
        return p[key].format(number=order["number"], total=money(order["total"])) \
            + "\n\n" + p["payment_check_offer"]

    def order_status(f: Fields) -> str:
        lines = [p["order_line"].format(number=o["number"], total=money(o["total"]),
                                        status=p[f"status_{o['status']}"])
                 for o in f["orders"]]
        return p["your_orders"] + ":\n" + "\n".join(lines)

    def stock_shortage(f: Fields) -> str:
        parts = [p["short_line"].format(sku=sku, available=available)
                 for sku, available in f["shortages"].items()]
        return p["stock_shortage"] + "\n" + "\n".join(parts)

    def handoff_waiting(f: Fields) -> str:
        intro = p.get(f"handoff_reason_{f.get('reason')}", p["handoff_reason_other"])
        if f.get("open_now"):
            return f"{intro}\n\n" + p["handoff_wait"].format(minutes=f["wait_minutes"])
        if f.get("opens_time") is None:
            return f"{intro}\n\n" + p["handoff_closed_unknown"]
        if f.get("opens_today"):
            when = p["when_today_at"].format(time=f["opens_time"])
        else:
            day = p["weekdays"].split(",")[int(f["opens_weekday"])]
            when = p["when_day_at"].format(day=day, time=f["opens_time"])
        return f"{intro}\n\n" + p["handoff_closed"].format(when=when)

    def order_fixed(key: str) -> Template:
        return lambda f: p[key].format(number=f["order"]["number"],
                                       total=money(f["order"]["total"]))

    def fixed(key: str, **names: str) -> Template:
        return lambda f: p[key].format(**{k: f.get(v, "") for k, v in names.items()})

    return {
        "persuasion_only": lambda f: "",
        "objection_ack": lambda f: p[f"objection_{f['kind']}"],
        "order_summary": order_summary,
        "payment_link": lambda f: payment_link(f, "payment_intro"),
        "payment_failed": lambda f: payment_link(f, "payment_failed_intro"),
        "payment_confirmed": order_fixed("payment_confirmed"),
        "payment_expired": order_fixed("payment_expired"),
        "payment_unavailable": order_fixed("payment_unavailable"),
        "payment_failed_sold_out": order_fixed("payment_failed_sold_out"),
        "order_already_paid": order_fixed("order_already_paid"),
        "payment_received": order_fixed("payment_received"),
        "payment_not_received": payment_not_received,
        # Phrased by the knowledge tools from the store's data, already in the buyer's language.
        "store_answer": lambda f: f["text"] + (f"\n\n{p['store_unknown_offer']}"
                                               if f.get("status") == "unknown" else ""),
        "order_status": order_status,
        "handoff_waiting": handoff_waiting,
        "handoff_returned": lambda f: p.get(f"handoff_returned_{f.get('next_step')}",
                                            p["handoff_returned_none"]),
        "stock_shortage": stock_shortage,
        "confirm_last_address": lambda f: p["confirm_last_address"].format(
            address=address(f["address"])),
        "ask_address": lambda f: p["ask_address"].format(cep=f"{f['cep'][:5]}-{f['cep'][5:]}")
        + (f" {p['or_pickup']}" if f.get("quotes") else ""),
        "ask_cep": lambda f: p["ask_cep"] + (f" {p['or_pickup']}" if f.get("quotes") else ""),
        "prices_changed": lambda f: p["prices_changed"] + " " + ", ".join(
            p["now_costs"].format(name=c["name"], price=money(c["new"]))
            for c in f["changes"]) + ".",
        "search_results": search_results,
        "product_detail": product_detail,
        "product_answer": product_answer,
        "product_comparison": product_comparison,
        "order_reconciled": order_reconciled,
        "added": added,
        "added_items": added_items,
        "which_product": lambda f: p["which_of_these"] if f.get("candidates")
        else p["which_product"],
        "removed": removed,
        "cart_summary": lambda f: p["your_cart"] + ":\n" + cart_lines(f["cart"]),
        "which_cart_item": lambda f: p["which_cart_item"] + "\n" + cart_lines(f["cart"]),
        "swapped": lambda f: p["swapped"].format(
            name=f["name"], before=" / ".join(f["from"].values()),
            after=" / ".join(f["to"].values())) + "\n\n" + cart_lines(f["cart"]),
        "swap_unavailable": lambda f: p["swap_unavailable"] + "\n\n" + cart_lines(f["cart"]),
        "cart_reminder": lambda f: p["cart_reminder"].format(items=f["items"],
                                                            subtotal=money(f["subtotal"])),
        "no_results": no_results,
        "choose_variant": fixed("choose_variant", name="name"),
        "position_out_of_range": fixed("position_out_of_range", count="count"),
        "out_of_stock": fixed("out_of_stock", name="name"),
        "not_enough_stock": fixed("not_enough_stock", name="name", available="available"),
        **{key: fixed(key) for key in (
            "greeting", "goodbye", "thanks", "deny_ack", "how_can_i_help", "fallback",
            "unreadable", "not_available_yet", "catalog_overview", "cart_empty",
            "product_gone", "handoff_unavailable", "technical_problem",
            "ask_name", "invalid_cep", "invalid_address", "choose_shipping",
            "choose_payment", "checkout_cancelled", "no_orders", "handoff_timed_out",
            "message_left", "complaint_noted",
        )},
    }


def build_options(lang: str, p: dict[str, str]) -> dict[str, OptionWording]:
    """Every option label (`ReplyOption.label`) mapped to the option's wording."""

    def money(value: Any) -> str:
        return format_money(value, lang=lang)

    def product(title: str, f: Fields) -> tuple[str, str | None]:
        """A product in a list: its name, and its price (from…, sold out)."""
        if not f.get("price"):
            return title, None
        price = money(f["price"])
        if f.get("price_max"):
            price = p["option_price_from"].format(price=price)
        if not f.get("in_stock", True):
            price = p["option_sold_out"].format(price=price)
        return title, price

    def shipping(title: str, f: Fields) -> tuple[str, str | None]:
        """A shipping option: its name, and its price and delivery time."""
        price = p["free"] if Decimal(f["price"]) == 0 else money(f["price"])
        if f["kind"] == "pickup":
            return title, price
        days = f["days"]
        when = p["option_business_days"].format(days=days) if days else p["option_today"]
        return title, f"{price} · {when}"

    def fixed(key: str) -> OptionWording:
        return lambda title, f: (p[f"option_{key}"], None)

    return {
        "product": product,
        "shipping": shipping,
        "category": lambda title, f: (title, p["option_category_count"].format(count=f["count"])),
        **{key: fixed(key) for key in FIXED_OPTIONS},
    }


def build_persuasion(lang: str, p: dict[str, str]) -> Template:
    """The sentence of a strategy block (`reply.fields["persuasion"]`) in this language."""

    def money(value: Any) -> str:
        return format_money(value, lang=lang)

    def persuasion_block(block: Fields) -> str:
        """A strategy's sentence; every number in it comes from the block's fields."""
        f, template = block["fields"], block["template"]
        formal = block.get("tone") == "formal"

        def phrase(key: str) -> str:
            return p.get(f"{key}_formal", p[key]) if formal else p[key]

        if template.startswith("persuasion_anchoring"):
            parts = []
            if "installments" in f:
                i = f["installments"]
                key = "anchor_installments_free" if i["interest_free"] else "anchor_installments"
                parts.append(phrase(key).format(count=i["count"], value=money(i["value"])))
            if "pix" in f:
                parts.append(phrase("anchor_pix").format(price=money(f["pix"]["price"]),
                                                    percent=_percent(f["pix"]["percent"], lang)))
            if template.endswith("_pix_first"):
                parts.reverse()
            return " ".join(parts)
        if template == "persuasion_authority":
            specs = "; ".join(f"{k}: {v}" for k, v in f["specs"])
            return phrase("persuasion_authority").format(name=f["name"], specs=specs)
        if template == "persuasion_recap":
            if "items" in f:
                return phrase("recap_cart").format(items=f["items"], subtotal=money(f["subtotal"]))
            return phrase("recap_product").format(name=f["name"], price=money(f["price"]))
        values = {k: (money(v) if k == "price" else _percent(v, lang) if k == "percent" else v)
                  for k, v in f.items()}
        return phrase(template).format(**values)

    return persuasion_block


def _percent(value: object, lang: str = "pt") -> str:
    """"5" or "7,5" ("7.5" in English): never "5.00", never "1E+1"."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",") if lang != "en" else text
