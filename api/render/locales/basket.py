"""The basket reply (several needs in one message) in both languages: one product per need,
each price, the total, shipping to the CEP given, and whether it fits the budget."""

from __future__ import annotations

from decimal import Decimal

from api.render.locales.words import Fields, Template, Words

PHRASES = {
    "pt": {
        "intro": "Separei uma opção pra cada coisa que você pediu:",
        "intro_budget": "Montei uma sugestão dentro de {budget}:",
        "over_budget": "Não consegui fechar tudo dentro de {budget}; a combinação mais em conta "
                       "fica assim:",
        "subtotal": "Produtos",
        "delivery": "Frete para o CEP {cep} ({name})",
        "free": "grátis",
        "total": "Total",
        "ask": "Quer que eu coloque tudo no carrinho? Se preferir, me diga só o que quer "
               "(ex.: \"só o 1 e o 3\") ou toque num item pra ver outras opções.",
        "option": "Colocar tudo no carrinho",
    },
    "en": {
        "intro": "I picked one option for each thing you asked for:",
        "intro_budget": "Here is a basket within {budget}:",
        "over_budget": "I could not fit everything within {budget}; the most affordable "
                       "combination is:",
        "subtotal": "Items",
        "delivery": "Shipping to CEP {cep} ({name})",
        "free": "free",
        "total": "Total",
        "ask": "Shall I add everything to your cart? Or tell me just the ones you want "
               "(e.g. \"only 1 and 3\"), or tap an item to see other options.",
        "option": "Add everything to cart",
    },
}


def basket_templates(w: Words) -> dict[str, Template]:
    return {"basket": lambda f: basket(w, f)}


def add_basket_wording(lang: str) -> str:
    """The words of the "add them all" button."""
    return PHRASES.get(lang, PHRASES["pt"])["option"]


def basket(w: Words, f: Fields) -> str:
    p = PHRASES.get(w.lang, PHRASES["pt"])
    budget = w.money(f["budget"]) if f.get("budget") else ""
    if not budget:
        intro = p["intro"]
    else:
        intro = p["intro_budget" if f.get("within_budget") else "over_budget"].format(
            budget=budget)
    lines = [intro]
    for position, item in enumerate(f["basket"], start=1):
        options = " / ".join(item.get("attributes", {}).values())
        lines.append(f"{position}. {item['name']}{f' ({options})' if options else ''} — "
                     f"{w.money(item['price'])}")
    lines.append(f"{p['subtotal']}: {w.money(f['subtotal'])}")
    if delivery := f.get("delivery"):
        cep = f"{delivery['cep'][:5]}-{delivery['cep'][5:]}"
        price = Decimal(delivery["price"])
        cost = p["free"] if price == 0 else w.money(price)
        lines.append(f"{p['delivery'].format(cep=cep, name=delivery['name'])}: {cost}")
    lines.append(f"*{p['total']}: {w.money(f['basket_total'])}*")
    return "\n".join(lines) + f"\n\n{p['ask']}"
