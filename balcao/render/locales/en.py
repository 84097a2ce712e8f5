"""English wording of every reply template."""

from __future__ import annotations

from typing import Any

from balcao.render.money import format_money

F = dict[str, Any]


def _money(value: Any) -> str:
    return format_money(value, lang="en")


def _cart_lines(cart: F) -> str:
    lines = [
        f"• {line['quantity']}x {line['name']}"
        + (f" ({' / '.join(line['variant'].values())})" if line.get("variant") else "")
        + f" — {_money(line['total'])}"
        for line in cart["lines"]
    ]
    return "\n".join(lines) + f"\n*Subtotal: {_money(cart['subtotal'])}*"


def _search_results(f: F) -> str:
    count = len(f["items"])
    found = "I found 1 option" if count == 1 else f"I found {count} options"
    return f"{found}. Tap one for details or tell me its number (e.g. \"the 2nd\")."


def _product_detail(f: F) -> str:
    p = f["product"]
    text = f"*{p['name']}* — {_money(p['price'])}"
    if p.get("description"):
        text += f"\n{p['description']}"
    if f.get("variants"):
        text += "\n\nPick the option you want:"
    elif not p.get("in_stock", True):
        text += "\n\nIt is sold out at the moment."
    return text


def _order_reconciled(f: F) -> str:
    parts = []
    if f["added"]:
        parts.append("Added to your cart: "
                     + ", ".join(f"{a['quantity']}x {a['name']}" for a in f["added"]) + ".")
    if f["repriced"]:
        parts.append("Updated price: "
                     + ", ".join(f"{r['name']} is {_money(r['price'])}" for r in f["repriced"])
                     + ".")
    if f["unavailable"]:
        parts.append("Not enough stock: " + ", ".join(f["unavailable"]) + ".")
    if f["unknown"]:
        parts.append(f"{len(f['unknown'])} item(s) are no longer in our catalog.")
    if f.get("cart"):
        parts.append(_cart_lines(f["cart"]))
    return "\n".join(parts)


def _suggestions(f: F) -> str:
    if not f.get("suggestions"):
        return ""
    return "\n\nGoes well with: " + ", ".join(s["name"] for s in f["suggestions"]) + "."


TEMPLATES = {
    "greeting": lambda f: "Hi! 👋 I'm the store's assistant. I can help you find products, "
    "build your cart and answer questions. What are you looking for today?",
    "goodbye": lambda f: "Bye for now! Message us any time. 😊",
    "thanks": lambda f: "You're welcome! I'm here if you need anything else.",
    "deny_ack": lambda f: "No problem! Anything else I can help with?",
    "how_can_i_help": lambda f: "Sure! How can I help?",
    "fallback": lambda f: "Sorry, I didn't get that. Tell me what you're looking for "
    "(e.g. \"running shoes under 300\") or browse our products.",
    "unreadable": lambda f: "For now I can only read text messages. "
    "Could you type what you need?",
    "not_available_yet": lambda f: "I can't sort that out here yet. "
    "I can help you find products and build your cart.",
    "search_results": _search_results,
    "no_results": lambda f: f"I found nothing for \"{f.get('query', '')}\". "
    "Here are our categories:",
    "catalog_overview": lambda f: "We have products in these categories. Which one interests you?",
    "product_detail": _product_detail,
    "choose_variant": lambda f: f"Which option of *{f['name']}* would you like?",
    "added": lambda f: f"Added {f['line']['quantity']}x *{f['line']['name']}*"
    + (f" ({' / '.join(f['line']['variant'].values())})" if f["line"].get("variant") else "")
    + " to your cart. 🛒\n\n" + _cart_lines(f["cart"]) + _suggestions(f),
    "order_reconciled": lambda f: _order_reconciled(f) + _suggestions(f),
    "removed": lambda f: f"Removed *{f['name']}* from your cart."
    + ("\n\n" + _cart_lines(f["cart"]) if f["cart"]["lines"] else " Your cart is now empty."),
    "cart_summary": lambda f: "Your cart:\n" + _cart_lines(f["cart"]),
    "cart_empty": lambda f: "Your cart is empty. Want to see our products?",
    "which_product": lambda f: "Which product would you like? Tell me its name or number.",
    "position_out_of_range": lambda f: f"The list has {f['count']} options; which number?",
    "which_cart_item": lambda f: "Which item should I remove?\n" + _cart_lines(f["cart"]),
    "product_gone": lambda f: "That product is no longer in the catalog.",
    "out_of_stock": lambda f: f"*{f['name']}* is sold out at the moment. 😕",
    "not_enough_stock": lambda f: f"We only have {f['available']} unit(s) of *{f['name']}* "
    "in stock.",
    "checkout_unavailable": lambda f: "Your cart is saved "
    f"({f['items']} item(s), {_money(f['subtotal'])}). Paying through WhatsApp is not "
    "available in this store yet.",
    "handoff_unavailable": lambda f: "I understand, and I'm sorry for the trouble. I've noted "
    "that you want to talk to a person, but human support isn't available here yet. "
    "I can help with products and your cart.",
    "technical_problem": lambda f: "Sorry, I ran into a technical problem and couldn't "
    "answer your last message. Could you try again in a moment?",
}
