"""Layouts of the after-sale replies; the words are `aftersale.PHRASES`. Every template reads
its fields with defaults, so a reply missing one still says something true."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from api.render.locales.aftersale import PHRASES, PT
from api.render.locales.words import Fields, Template, Words


class Say:
    """The after-sale phrases of one language, with the locale's money and statuses."""

    def __init__(self, w: Words) -> None:
        self.w = w
        self.p = PHRASES.get(w.lang, PT)

    def __call__(self, key: str, **values: Any) -> str:
        return self.p[key].format(**values)

    def money(self, value: Any) -> str:
        return self.w.money(value or 0)

    def status(self, status: str) -> str:
        return self.p.get(f"status_{status}") or self.w.p.get(f"status_{status}", status)

    def day(self, iso: str) -> str:
        if not iso:
            return ""
        d = date.fromisoformat(iso)
        return f"{d:%d/%m/%Y}" if self.w.lang == "pt" else f"{d:%b} {d.day}, {d.year}"

    def verb(self, task: str) -> str:
        return self.p.get(f"verb_{task}", self.p["verb_cancel"])

    def refund(self, r: Fields, key: str = "refund_line") -> str:
        provider = r.get("provider", "")
        return self(key, amount=self.money(r.get("amount")),
                    provider=self.p.get(f"provider_{provider}", provider),
                    when=self.p.get(f"when_{provider}", ""))

    def order_line(self, o: Fields) -> str:
        line = self("order_line", number=o.get("number", ""), total=self.money(o.get("total")),
                    status=self.status(o.get("status", "")))
        if o.get("tracking_code"):
            where = (self("tracking", carrier=o["carrier"], code=o["tracking_code"])
                     if o.get("carrier") else self("tracking_code_only", code=o["tracking_code"]))
            line += f" ({where})"
        elif o.get("status") == "shipped":
            line += f" ({self('no_tracking_yet')})"
        if o.get("status") == "delivered" and o.get("delivered_on"):
            line += f" — {self('delivered_on', day=self.day(o['delivered_on']))}"
        return line

    def number(self, f: Fields) -> str:
        return str((f.get("order") or {}).get("number") or f.get("number") or "")


def aftersale_templates(w: Words) -> dict[str, Template]:
    say = Say(w)
    return {
        "order_tracking": lambda f: say("your_orders") + ":\n" + "\n".join(
            say.order_line(o) for o in f.get("orders") or []),
        "order_not_found": lambda f: say("order_not_found", number=say.number(f)),
        "which_order": lambda f: say("which_order", verb=say.verb(f.get("task", ""))) + "\n"
        + "\n".join(say.order_line(o) for o in f.get("orders") or []),
        "which_items": lambda f: say("which_items", number=say.number(f),
                                     verb=say.verb(f.get("task", ""))),
        "ask_new_address": lambda f: say("ask_new_address", number=say.number(f)),
        "aftersale_summary": lambda f: summary(say, f),
        "order_cancelled": lambda f: cancelled(say, f),
        "order_changed": lambda f: changed(say, f),
        "aftersale_requested": lambda f: say(
            "requested_exchange" if f.get("task") == "exchange" else "requested_return",
            number=say.number(f)) + "".join(
            "\n" + say.refund(r, "return_refund") for r in f.get("refunds") or []),
        "cannot_cancel": lambda f: cannot_cancel(say, f),
        "cannot_change": lambda f: say(
            "cannot_change_no_delivery" if f.get("reason") == "no_delivery" else "cannot_change",
            number=say.number(f), status=say.status((f.get("order") or {}).get("status", ""))),
        "not_delivered_yet": lambda f: say(
            "not_delivered_yet", number=say.number(f),
            status=say.status((f.get("order") or {}).get("status", ""))),
        "window_closed": lambda f: say("window_closed", verb=say.verb(f.get("task", "return")),
                                       number=say.number(f), day=say.day(f.get("deadline", "")),
                                       days=f.get("days", "")),
        "change_needs_person": lambda f: say(
            f"needs_person_{f.get('reason') or 'shipping_unavailable'}", number=say.number(f)),
        "variant_unavailable": lambda f: say(
            "variant_unavailable", wanted=" / ".join(f["wanted"].values()), number=say.number(f))
        if f.get("wanted") else say("variant_ask"),
        "aftersale_kept": lambda f: say("aftersale_kept"),
        "reordered": lambda f: reordered(say, f),
        "nothing_to_reorder": lambda f: say("nothing_to_reorder"),
    }


def summary(say: Say, f: Fields) -> str:
    """What the change will do, and the question its yes answers."""
    task, order, number = f.get("task", ""), f.get("order") or {}, say.number(f)
    if task == "cancel":
        parts = [say("cancel_summary", number=number, total=say.money(order.get("total")))]
        parts += [say.refund(r) for r in f.get("refunds") or []] or [say("cancel_unpaid")]
        return "\n".join(parts) + "\n\n" + say("confirm_cancel")
    if task == "change_address":
        parts = [address_summary(say, f)] + difference_lines(say, f, after=False)
    elif task == "return":
        parts = [say("return_summary", number=number)]
        parts += [f"• {line.get('quantity', 1)}x {line.get('name', '')}{say.w.variant(line)}"
                  for line in f.get("lines") or []]
        parts += [say.refund(r, "return_refund") for r in f.get("refunds") or []]
    else:
        parts = [say("variant_summary", number=number)] + swap_lines(say, f)
    if f.get("deadline"):
        parts.append(say("deadline", day=say.day(f["deadline"]), days=f.get("days", "")))
    return "\n".join(parts) + "\n\n" + say("confirm_change")


def swap_lines(say: Say, f: Fields, *, after: bool = False) -> list[str]:
    """Each line changing variant, and the price difference."""
    lines = [say("swap_line", name=s.get("name", ""), before=" / ".join(s.get("from", {}).values()),
                 after=" / ".join(s.get("to", {}).values()), price=say.money(s.get("price")))
             for s in f.get("swaps") or []]
    return lines + difference_lines(say, f, after=after)


def address_summary(say: Say, f: Fields) -> str:
    """The new address, and the shipping price it keeps or gets."""
    order = f.get("order") or {}
    before, now = order.get("shipping_cost"), (f.get("shipping") or {}).get("price")
    address = say.w.address(f["address"]) if f.get("address") else ""
    if now is None or Decimal(str(now)) == Decimal(str(before or 0)):
        return say("address_summary", number=say.number(f), address=address,
                   shipping=say.money(before))
    return say("address_summary_repriced", number=say.number(f), address=address,
               option=(f.get("shipping") or {}).get("name", ""), before=say.money(before),
               shipping=say.money(now))


def difference_lines(say: Say, f: Fields, *, after: bool) -> list[str]:
    """The price difference and how it is settled: a paid order's higher price by a link of
    its own (promised in the summary, sent after the yes), a lower one given back through
    the method it was paid with; an unpaid order's new total is what its next link charges."""
    diff = Decimal(str(f.get("difference") or 0))
    key = "difference_more" if diff > 0 else "difference_less" if diff < 0 else "difference_none"
    lines = [] if after and diff == 0 else [say(key, amount=say.money(abs(diff)))]
    refund_keys = {"done": "refund_done", "failed": "refund_failed"} if after else {}
    lines += [say.refund(r, refund_keys.get(r.get("status", ""), "refund_line"))
              for r in f.get("refunds") or []]
    if diff > 0 and (f.get("order") or {}).get("status") != "pending_payment":
        lines.append(difference_payment(say, f) if after else say("difference_pay"))
    return lines


def difference_payment(say: Say, f: Fields) -> str:
    """The link (or PIX code) that pays a paid order's difference."""
    payment = f.get("payment") or {}
    amount = say.money(payment.get("amount") or f.get("difference"))
    if payment.get("pix_code"):
        return say("difference_pix", amount=amount, code=payment["pix_code"])
    if payment.get("link_url"):
        return say("difference_link", amount=amount, link=payment["link_url"])
    return say("difference_no_link", amount=amount)


def cancelled(say: Say, f: Fields) -> str:
    parts = [say("order_cancelled", number=say.number(f))]
    for r in f.get("refunds") or []:
        key = {"done": "refund_done", "failed": "refund_failed"}.get(r.get("status"), "refund_line")
        parts.append(say.refund(r, key))
    if not f.get("refunds"):
        parts.append(say("nothing_charged"))
    return "\n".join(parts)


def changed(say: Say, f: Fields) -> str:
    order = f.get("order") or {}
    if f.get("task") == "change_address" and f.get("address"):
        text = "\n".join([say("order_changed_address", number=say.number(f),
                               address=say.w.address(f["address"]))]
                          + difference_lines(say, f, after=True))
    else:
        text = say("order_changed_items", number=say.number(f),
                   total=say.money(order.get("total")))
        text += "\n" + "\n".join(swap_lines(say, f, after=True))
    if order.get("status") != "pending_payment":
        return text  # a paid order's difference link is among the lines above
    payment = f.get("payment") or {}
    if payment.get("pix_code"):
        text += "\n\n" + say("new_pix", code=payment["pix_code"])
    elif payment.get("link_url"):
        text += "\n\n" + say("new_link", link=payment["link_url"])
    return text


def cannot_cancel(say: Say, f: Fields) -> str:
    order = f.get("order") or {}
    text = say("cannot_cancel", number=say.number(f), status=say.status(order.get("status", "")))
    if order.get("status") == "delivered":
        return text + " " + say("cannot_cancel_delivered")
    if order.get("status") == "shipped":
        return text + "\n" + say.order_line(order) + "\n" + say("cannot_cancel_shipped")
    return text


def reordered(say: Say, f: Fields) -> str:
    number = say.number(f)
    added = f.get("added_lines") or []
    parts = [say("reordered", number=number) if added else say("reorder_none", number=number)]
    parts += [f"• {line.get('quantity', 1)}x {line.get('name', '')}{say.w.variant(line)} — "
              f"{say.money(line.get('unit_price'))}" for line in added]
    if f.get("unavailable"):
        parts.append(say("reorder_missing", names=", ".join(f["unavailable"])))
    if f.get("cart"):
        parts.append(f"*{say('subtotal')}: {say.money(f['cart'].get('subtotal'))}*")
    return "\n".join(parts)


def aftersale_option_wordings(lang: str) -> dict[str, Any]:
    """The wording of each after-sale option label: (title, description)."""
    p = PHRASES.get(lang, PT)

    def fixed(key: str) -> Any:
        return lambda title, f: (p[f"option_{key}"], None)

    def order(title: str, f: Fields) -> tuple[str, str | None]:
        return p["option_order"].format(number=f.get("number", title)), None

    return {"order": order, **{key: fixed(key) for key in (
        "aftersale_yes", "aftersale_no", "request_exchange", "request_return")}}
