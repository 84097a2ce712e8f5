"""Templates of replies about the cart: added, several items, removed, a WhatsApp cart
reconciled, the cart itself."""

from __future__ import annotations

from api.render.locales.words import Fields, Template, Words


def cart_templates(w: Words) -> dict[str, Template]:
    p = w.p
    return {
        "order_reconciled": lambda f: order_reconciled(w, f),
        "added": lambda f: added(w, f),
        "added_items": lambda f: added_items(w, f),
        "which_product": lambda f: p["which_of_these"] if f.get("candidates")
        else p["which_product"],
        "removed": lambda f: removed(w, f),
        "cart_summary": lambda f: p["your_cart"] + ":\n" + w.cart_lines(f["cart"]),
        "which_cart_item": lambda f: p["which_cart_item"] + "\n" + w.cart_lines(f["cart"]),
        "swapped": lambda f: p["swapped"].format(
            name=f["name"], before=" / ".join(f["from"].values()),
            after=" / ".join(f["to"].values())) + "\n\n" + w.cart_lines(f["cart"]),
        "quantity_set": lambda f: p["quantity_set"].format(
            quantity=f["quantity"], name=f["name"]) + "\n\n" + w.cart_lines(f["cart"]),
        "swap_unavailable": lambda f: p["swap_unavailable"] + "\n\n" + w.cart_lines(f["cart"]),
        "cart_reminder": lambda f: p["cart_reminder"].format(items=f["items"],
                                                            subtotal=w.money(f["subtotal"])),
    }


def order_reconciled(w: Words, f: Fields) -> str:
    parts = []
    if f["added"]:
        parts.append(w.p["order_added"] + ": "
                     + ", ".join(f"{a['quantity']}x {a['name']}" for a in f["added"]) + ".")
    if f["repriced"]:
        parts.append(w.p["order_repriced"] + ": " + ", ".join(
            w.p["now_costs"].format(name=r["name"], price=w.money(r["price"]))
            for r in f["repriced"]) + ".")
    if f["unavailable"]:
        parts.append(w.p["order_unavailable"] + ": " + ", ".join(f["unavailable"]) + ".")
    if f["unknown"]:
        parts.append(w.p["order_unknown"].format(count=len(f["unknown"])))
    if f.get("cart"):
        parts.append(w.cart_lines(f["cart"]))
    return "\n".join(parts) + w.suggestions(f)


def item_problem(w: Words, problem: Fields) -> str:
    reason, name = problem["reason"], problem.get("name", "")
    if reason == "out_of_stock":
        said = f"{name} ({problem['variant']})" if problem.get("variant") else name
        return w.p["item_sold_out"].format(name=said)
    if reason == "not_enough_stock":
        return w.p["not_enough_stock"].format(name=name, available=problem["available"])
    if reason == "which_product":
        return w.p["item_which"].format(names=", ".join(problem.get("candidates") or []))
    if reason == "choose_variant":
        return w.p["item_later"].format(name=name)
    if reason == "position_out_of_range":
        return w.p["item_no_position"].format(name=name)
    return w.p["item_gone"].format(name=name)


def added_items(w: Words, f: Fields) -> str:
    parts = []
    if f.get("added_lines"):
        parts.append(w.p["order_added"] + ": " + ", ".join(
            f"{line['quantity']}x {line['name']}{w.variant(line)}"
            for line in f["added_lines"]) + ".")
    parts += [item_problem(w, problem) for problem in f.get("problems") or []]
    if f.get("variants"):
        parts.append(w.p["choose_variant"].format(name=f["name"]))
    elif f.get("candidates"):
        parts.append(w.p["which_of_these"])
    if f.get("cart"):
        parts.append(w.cart_lines(f["cart"]))
    return "\n".join(parts)


def added(w: Words, f: Fields) -> str:
    line = f["line"]
    return (w.p["added"].format(quantity=line["quantity"], name=line["name"],
                              variant=w.variant(line))
            + "\n\n" + w.cart_lines(f["cart"]) + w.suggestions(f))


def removed(w: Words, f: Fields) -> str:
    text = w.p["removed"].format(name=f["name"])
    if f["cart"]["lines"]:
        return text + "\n\n" + w.cart_lines(f["cart"])
    return f"{text} {w.p['cart_now_empty']}"
