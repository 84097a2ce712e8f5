"""Templates of checkout and payment replies: the summary, payment links, orders' status."""

from __future__ import annotations

from decimal import Decimal

from api.render.locales.words import Fields, Template, Words, percent_text


def checkout_templates(w: Words) -> dict[str, Template]:
    p = w.p

    def order_fixed(key: str) -> Template:
        return lambda f: p[key].format(number=f["order"]["number"],
                                       total=w.money(f["order"]["total"]))

    return {
        "order_summary": lambda f: order_summary(w, f),
        "payment_link": lambda f: payment_link(w, f, "payment_intro"),
        "payment_failed": lambda f: payment_link(w, f, "payment_failed_intro"),
        "payment_confirmed": order_fixed("payment_confirmed"),
        "payment_expired": order_fixed("payment_expired"),
        "payment_unavailable": order_fixed("payment_unavailable"),
        "payment_failed_sold_out": order_fixed("payment_failed_sold_out"),
        "order_already_paid": order_fixed("order_already_paid"),
        "payment_received": order_fixed("payment_received"),
        "payment_not_received": lambda f: payment_not_received(w, f),
        "order_status": lambda f: order_status(w, f),
        "stock_shortage": lambda f: stock_shortage(w, f),
        "confirm_last_address": lambda f: p["confirm_last_address"].format(
            address=w.address(f["address"])),
        "ask_address": lambda f: p["ask_address"].format(cep=f"{f['cep'][:5]}-{f['cep'][5:]}")
        + (f" {p['or_pickup']}" if f.get("quotes") else ""),
        "ask_cep": lambda f: p["ask_cep"] + (f" {p['or_pickup']}" if f.get("quotes") else ""),
        "choose_shipping": lambda f: choose_shipping(w, f),
        "prices_changed": lambda f: p["prices_changed"] + " " + ", ".join(
            p["now_costs"].format(name=c["name"], price=w.money(c["new"]))
            for c in f["changes"]) + ".",
    }


def order_summary(w: Words, f: Fields) -> str:
    lines = [f"• {line['quantity']}x {line['name']}{w.variant(line)} — {w.money(line['total'])}"
             for line in f["lines"]]
    shipping = f["shipping"]
    ship_price = w.p["free"] if Decimal(shipping["price"]) == 0 else w.money(shipping["price"])
    ship_line = "" if shipping["kind"] == "digital" else f"\n{shipping['name']}: {ship_price}"
    changes = ""
    if f.get("price_changes"):
        changes = w.p["prices_updated"] + ": " + ", ".join(
            w.p["now_costs"].format(name=c["name"], price=w.money(c["new"]))
            for c in f["price_changes"]) + ".\n\n"
    if f.get("previous_total"):
        changes = w.p["total_changed"].format(before=w.money(f["previous_total"]),
                                            after=w.money(f["total"])) + "\n\n" + changes
    if (coupon := f.get("coupon")) and coupon.get("reason") == "min_subtotal":
        changes += w.p["coupon_min_subtotal"].format(
            code=coupon["code"], min_subtotal=w.money(coupon["min_subtotal"])) + "\n\n"
    elif coupon:
        key = "coupon_used" if coupon.get("reason") == "used" else "coupon_unknown"
        changes += w.p[key].format(code=coupon["code"]) + "\n\n"

    def discount_line(d: Fields) -> str:
        percent = percent_text(d["percent"], w.lang)
        label = (w.p["discount_coupon"].format(code=d["code"], percent=percent)
                 if d["kind"] == "coupon" else w.p["discount_pix"].format(percent=percent))
        return f"\n{label}: -{w.money(d['amount'])}"

    discounts = "".join(discount_line(d) for d in f.get("discounts") or [])
    if shipping["kind"] == "pickup":
        where = shipping.get("address") or ""
    elif f["address"].get("street"):
        where = w.address(f["address"])
    else:
        where = ""
    deliver = w.p["deliver_to"].format(name=f["name"]) + (f": {where}" if where else "")
    return (changes + w.p["summary_title"] + "\n" + "\n".join(lines)
            + f"\n{w.p['subtotal']}: {w.money(f['subtotal'])}"
            + ship_line
            + discounts
            + f"\n*{w.p['total']}: {w.money(f['total'])}*"
            + f"\n\n{deliver}"
            + f"\n\n{w.p['confirm_question']}")


def payment_link(w: Words, f: Fields, intro_key: str) -> str:
    order, payment = f["order"], f["payment"]
    intro = w.p[intro_key].format(number=order["number"], total=w.money(order["total"]))
    if payment.get("pix_code"):
        return f"{intro}\n\n{w.p['pix_instructions']}\n\n{payment['pix_code']}"
    return f"{intro}\n\n{w.p['pay_here']}: {payment['link_url']}\n{w.p['link_expires']}"


def payment_not_received(w: Words, f: Fields) -> str:
    order = f["order"]
    status = (f.get("payment") or {}).get("status")
    key = ("payment_not_received_expired" if order["status"] == "expired" or status == "expired"
           else "payment_not_received_failed" if status == "failed"
           else "payment_not_received")
    return w.p[key].format(number=order["number"], total=w.money(order["total"])) \
        + "\n\n" + w.p["payment_check_offer"]


def order_status(w: Words, f: Fields) -> str:
    lines = [w.p["order_line"].format(number=o["number"], total=w.money(o["total"]),
                                    status=w.p[f"status_{o['status']}"])
             for o in f["orders"]]
    return w.p["your_orders"] + ":\n" + "\n".join(lines)


def stock_shortage(w: Words, f: Fields) -> str:
    parts = [w.p["short_line"].format(sku=sku, available=available)
             for sku, available in f["shortages"].items()]
    return w.p["stock_shortage"] + "\n" + "\n".join(parts)


def choose_shipping(w: Words, f: Fields) -> str:
    asked = f.get("not_offered")
    if f.get("prices_asked"):
        # "wait how much is shipping?": the menu's rows written out
        return "\n".join(f"• {q['name']}: {w.shipping_terms(q)}" for q in f["quotes"]) + \
            "\n" + w.p["choose_shipping"]
    if not asked:
        return w.p["choose_shipping"]
    fastest = asked.get("fastest")
    if fastest is None:
        return w.p["carrier_not_offered"].format(carrier=asked["carrier"]) + " " \
            + w.p["choose_shipping"]
    days = int(fastest["days"])
    when = w.p["option_business_days"].format(days=days) if days else w.p["option_today"]
    return w.p["carrier_not_offered_fastest"].format(
        carrier=asked["carrier"], name=fastest["name"], when=when) + " " + w.p["choose_shipping"]
