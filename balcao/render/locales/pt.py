"""Portuguese (pt-BR) wording of every reply template."""

from __future__ import annotations

from balcao.render.locales.builder import build_templates

PHRASES = {
    "greeting": "Oi! 👋 Sou o assistente da loja. Posso te ajudar a encontrar produtos, montar "
    "seu carrinho e tirar dúvidas. O que você procura hoje?",
    "goodbye": "Até mais! Quando quiser, é só mandar mensagem. 😊",
    "thanks": "Imagina! Se precisar de mais alguma coisa, estou por aqui.",
    "deny_ack": "Tudo bem! Posso ajudar com mais alguma coisa?",
    "how_can_i_help": "Certo! Como posso te ajudar?",
    "fallback": "Desculpe, não entendi. Você pode me dizer o produto que procura (ex.: \"tênis "
    "de corrida até 300\") ou ver nossos produtos.",
    "unreadable": "Por enquanto eu só consigo ler mensagens de texto. Pode me escrever o que "
    "você precisa?",
    "not_available_yet": "Ainda não consigo resolver isso por aqui. Posso te ajudar a encontrar "
    "produtos e montar seu carrinho.",
    "found_one": "Encontrei 1 opção. Toque para ver os detalhes ou me diga o número "
    "(ex.: \"quero o 1\").",
    "found_many": "Encontrei {count} opções. Toque para ver os detalhes ou me diga o número "
    "(ex.: \"quero o 2\").",
    "no_results": "Não encontrei nada para \"{query}\". Veja as categorias que temos:",
    "catalog_overview": "Temos produtos nestas categorias. Qual te interessa?",
    "pick_option": "Escolha a opção que você quer:",
    "sold_out_now": "No momento está esgotado.",
    "choose_variant": "Qual opção de *{name}* você quer?",
    "subtotal": "Subtotal",
    "goes_with": "Combina com",
    "added": "Adicionei {quantity}x *{name}*{variant} ao seu carrinho. 🛒",
    "order_added": "Coloquei no seu carrinho",
    "order_repriced": "Preço atualizado",
    "now_costs": "{name} sai por {price}",
    "order_unavailable": "Sem estoque suficiente",
    "order_unknown": "{count} item(ns) não estão mais no nosso catálogo.",
    "removed": "Tirei *{name}* do carrinho.",
    "cart_now_empty": "Seu carrinho ficou vazio.",
    "your_cart": "Seu carrinho",
    "cart_empty": "Seu carrinho está vazio. Quer ver nossos produtos?",
    "which_product": "Qual produto você quer? Me diga o nome ou o número da lista.",
    "position_out_of_range": "A lista tem {count} opções; qual número você quer?",
    "which_cart_item": "Qual item você quer tirar?",
    "product_gone": "Esse produto não está mais disponível no catálogo.",
    "out_of_stock": "*{name}* está esgotado no momento. 😕",
    "not_enough_stock": "Só temos {available} unidade(s) de *{name}* em estoque.",
    "checkout_unavailable": "Seu carrinho está guardado ({items} item(ns), {subtotal}). "
    "O pagamento pelo WhatsApp ainda não está disponível nesta loja.",
    "handoff_unavailable": "Entendi, e sinto muito pelo transtorno. Registrei seu pedido de "
    "falar com uma pessoa, mas o atendimento humano ainda não está disponível por aqui. Posso "
    "ajudar com produtos e com o seu carrinho.",
    "technical_problem": "Desculpe, tive um problema técnico e não consegui responder sua "
    "última mensagem. Pode tentar de novo daqui a pouco?",
}

TEMPLATES = build_templates("pt", PHRASES)
