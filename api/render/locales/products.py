"""Templates of replies about products: search results, a product's detail, answers about a
product and comparisons, nothing found."""

from __future__ import annotations

from api.render.locales.words import Fields, Template, Words


def product_templates(w: Words) -> dict[str, Template]:
    return {
        "search_results": lambda f: search_results(w, f),
        "product_detail": lambda f: product_detail(w, f),
        "product_answer": lambda f: product_answer(w, f),
        "product_comparison": lambda f: product_comparison(w, f),
        "no_results": lambda f: no_results(w, f),
    }


def product_detail(w: Words, f: Fields) -> str:
    product = f["product"]
    text = f"*{product['name']}* — {w.money(product['price'])}"
    if product.get("description"):
        text += f"\n{product['description']}"
    if f.get("variants"):
        text += f"\n\n{w.p['pick_option']}"
    elif not product.get("in_stock", True):
        text += f"\n\n{w.p['sold_out_now']}"
    return text


def fact_line(w: Words, fact: Fields) -> str:
    name, value = fact["name"], fact["value"]
    if name == "price":
        low, _, high = str(value).partition("-")
        return f"• {w.p['fact_price']}: " + (
            w.money(low) if not high else f"{w.money(low)} – {w.money(high)}")
    if name == "description":
        return f"• {value}"
    return f"• {w.p.get('fact_' + name, name)}: {value}"


def product_answer(w: Words, f: Fields) -> str:
    product = f["product"]
    parts = []
    if option := f.get("option"):
        key = ("answer_variant_yes" if option.get("available") and option.get("price") else
               "answer_option_yes" if option.get("available") else
               "answer_option_sold_out" if option.get("sold_out") else "answer_option_no")
        parts.append(w.p[key].format(name=product["name"], value=option["value"],
                                     price=w.money(option.get("price") or "0")))
    if f.get("facts"):
        if not option:
            parts.append(w.p["answer_intro"].format(name=product["name"]))
        parts.append("\n".join(fact_line(w, fact) for fact in f["facts"]))
    if f.get("missing") or f.get("status") == "unknown":
        topics = ", ".join(w.p.get(f"topic_{t}", w.p["topic_other"])
                           for t in f.get("missing") or ["other"])
        parts.append(w.p["answer_unknown"].format(name=product["name"], topics=topics))
    return w.with_answer(f, "\n".join(parts))  # ("... with shipping to 04552-000?")


def product_comparison(w: Words, f: Fields) -> str:
    first, second = f["products"]
    lines = [f"*{item['name']}* — {w.money(item['price'])}" for item in (first, second)]
    if f.get("differences"):
        lines.append(w.p["compare_differences"] + ":")
        lines += [f"• {w.p.get('fact_' + d['name'], d['name'])}: "
                  + " × ".join(v or w.p["compare_none"] for v in d["values"])
                  for d in f["differences"]]
    else:
        lines.append(w.p["compare_no_differences"])
    if f.get("same"):
        lines.append(w.p["compare_same"] + ": " + ", ".join(
            f"{w.p.get('fact_' + s['name'], s['name'])} {s['value']}" for s in f["same"]))
    pick = f.get("pick")
    if pick and pick.get("reason") == "fits":
        lines.append(w.p["compare_pick_fits"].format(name=pick["name"],
                                                   because="; ".join(pick["because"])))
    elif pick and pick.get("reason") == "cheaper":
        lines.append(w.p["compare_pick_cheaper"].format(name=pick["name"],
                                                      saving=w.money(pick["saving"])))
    elif pick:
        lines.append(w.p["compare_pick_tie"])
    return "\n".join(lines)


def search_results(w: Words, f: Fields) -> str:
    count = len(f["items"])
    found = w.p["found_one"] if count == 1 else w.p["found_many"].format(count=count)
    if than := f.get("cheaper_than"):
        # "tem mais barato?": what the list is cheaper than
        found = w.p["cheaper_than"].format(name=than["name"], price=w.money(than["price"])) \
            + "\n" + found
    return w.with_answer(f, found)


def no_results(w: Words, f: Fields) -> str:
    if than := f.get("cheaper_than"):
        return w.p["none_cheaper"].format(name=than["name"], price=w.money(than["price"]))
    # Only a short query is quoted back; a whole message never is.
    query = str(f.get("query") or "").strip()
    short = query and len(query) <= 30 and len(query.split()) <= 4 and "\n" not in query
    text = w.p["no_results"].format(query=query) if short else w.p["no_results_plain"]
    return w.with_answer(f, text) + (
        f"\n\n{w.p['close_to_it']}: " + ", ".join(s["name"] for s in f["suggestions"]) + "."
        if f.get("suggestions") else "")
