"""Portuguese (pt-BR) wording of every reply template."""

from __future__ import annotations

from typing import Any

from balcao.render.money import format_money

F = dict[str, Any]


def _money(value: Any) -> str:
    return format_money(value, lang="pt")


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
    found = "Encontrei 1 opção" if count == 1 else f"Encontrei {count} opções"
    return f"{found}. Toque para ver os detalhes ou me diga o número (ex.: \"quero o 2\")."


def _product_detail(f: F) -> str:
    p = f["product"]
    text = f"*{p['name']}* — {_money(p['price'])}"
    if p.get("description"):
        text += f"\n{p['description']}"
    if f.get("variants"):
        text += "\n\nEscolha a opção que você quer:"
    elif not p.get("in_stock", True):
        text += "\n\nNo momento está esgotado."
    return text


def _order_reconciled(f: F) -> str:
    parts = []
    if f["added"]:
        parts.append("Coloquei no seu carrinho: "
                     + ", ".join(f"{a['quantity']}x {a['name']}" for a in f["added"]) + ".")
    if f["repriced"]:
        parts.append("Preço atualizado: "
                     + ", ".join(f"{r['name']} sai por {_money(r['price'])}" for r in f["repriced"])
                     + ".")
    if f["unavailable"]:
        parts.append("Sem estoque suficiente: " + ", ".join(f["unavailable"]) + ".")
    if f["unknown"]:
        parts.append(f"{len(f['unknown'])} item(ns) não estão mais no nosso catálogo.")
    if f.get("cart"):
        parts.append(_cart_lines(f["cart"]))
    return "\n".join(parts)


def _suggestions(f: F) -> str:
    if not f.get("suggestions"):
        return ""
    return "\n\nCombina com: " + ", ".join(s["name"] for s in f["suggestions"]) + "."


TEMPLATES = {
    "greeting": lambda f: "Oi! 👋 Sou o assistente da loja. Posso te ajudar a encontrar "
    "produtos, montar seu carrinho e tirar dúvidas. O que você procura hoje?",
    "goodbye": lambda f: "Até mais! Quando quiser, é só mandar mensagem. 😊",
    "thanks": lambda f: "Imagina! Se precisar de mais alguma coisa, estou por aqui.",
    "deny_ack": lambda f: "Tudo bem! Posso ajudar com mais alguma coisa?",
    "how_can_i_help": lambda f: "Certo! Como posso te ajudar?",
    "fallback": lambda f: "Desculpe, não entendi. Você pode me dizer o produto que procura "
    "(ex.: \"tênis de corrida até 300\") ou ver nossos produtos.",
    "unreadable": lambda f: "Por enquanto eu só consigo ler mensagens de texto. "
    "Pode me escrever o que você precisa?",
    "not_available_yet": lambda f: "Ainda não consigo resolver isso por aqui. "
    "Posso te ajudar a encontrar produtos e montar seu carrinho.",
    "search_results": _search_results,
    "no_results": lambda f: f"Não encontrei nada para \"{f.get('query', '')}\". "
    "Veja as categorias que temos:",
    "catalog_overview": lambda f: "Temos produtos nestas categorias. Qual te interessa?",
    "product_detail": _product_detail,
    "choose_variant": lambda f: f"Qual opção de *{f['name']}* você quer?",
    "added": lambda f: f"Adicionei {f['line']['quantity']}x *{f['line']['name']}*"
    + (f" ({' / '.join(f['line']['variant'].values())})" if f["line"].get("variant") else "")
    + " ao seu carrinho. 🛒\n\n" + _cart_lines(f["cart"]) + _suggestions(f),
    "order_reconciled": lambda f: _order_reconciled(f) + _suggestions(f),
    "removed": lambda f: f"Tirei *{f['name']}* do carrinho."
    + ("\n\n" + _cart_lines(f["cart"]) if f["cart"]["lines"] else " Seu carrinho ficou vazio."),
    "cart_summary": lambda f: "Seu carrinho:\n" + _cart_lines(f["cart"]),
    "cart_empty": lambda f: "Seu carrinho está vazio. Quer ver nossos produtos?",
    "which_product": lambda f: "Qual produto você quer? Me diga o nome ou o número da lista.",
    "position_out_of_range": lambda f: f"A lista tem {f['count']} opções; "
    "qual número você quer?",
    "which_cart_item": lambda f: "Qual item você quer tirar?\n" + _cart_lines(f["cart"]),
    "product_gone": lambda f: "Esse produto não está mais disponível no catálogo.",
    "out_of_stock": lambda f: f"*{f['name']}* está esgotado no momento. 😕",
    "not_enough_stock": lambda f: f"Só temos {f['available']} unidade(s) de *{f['name']}* "
    "em estoque.",
    "checkout_unavailable": lambda f: "Seu carrinho está guardado "
    f"({f['items']} item(ns), {_money(f['subtotal'])}). O pagamento pelo WhatsApp ainda não "
    "está disponível nesta loja.",
    "handoff_unavailable": lambda f: "Entendi, e sinto muito pelo transtorno. Registrei seu "
    "pedido de falar com uma pessoa, mas o atendimento humano ainda não está disponível por "
    "aqui. Posso ajudar com produtos e com o seu carrinho.",
    "technical_problem": lambda f: "Desculpe, tive um problema técnico e não consegui "
    "responder sua última mensagem. Pode tentar de novo daqui a pouco?",
}
