"""Portuguese (pt-BR) wording of every reply template."""

from __future__ import annotations

from api.render.locales.builder import build_persuasion, build_templates

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
    "handoff_unavailable": "Entendi, e sinto muito pelo transtorno. Registrei seu pedido de "
    "falar com uma pessoa, mas o atendimento humano ainda não está disponível por aqui. Posso "
    "ajudar com produtos e com o seu carrinho.",
    "handoff_reason_asked_for_human": "Claro! Vou chamar uma pessoa da nossa equipe para "
    "falar com você.",
    "handoff_reason_complaint": "Sinto muito pelo transtorno. Vou passar sua conversa para uma "
    "pessoa da nossa equipe resolver com você.",
    "handoff_reason_negative_sentiment": "Sinto muito que a conversa não esteja te ajudando. "
    "Vou chamar uma pessoa da nossa equipe.",
    "handoff_reason_not_understood": "Desculpe, não estou conseguindo entender. Vou chamar "
    "uma pessoa da nossa equipe para te ajudar.",
    "handoff_reason_high_value_cart": "Para você finalizar sua compra com tranquilidade, vou "
    "chamar uma pessoa da nossa equipe.",
    "handoff_reason_repeated_problem": "Vi que esse assunto ainda não foi resolvido. Vou "
    "chamar uma pessoa da nossa equipe.",
    "handoff_reason_vip": "Vou chamar uma pessoa da nossa equipe para te atender "
    "pessoalmente.",
    "handoff_reason_other": "Vou chamar uma pessoa da nossa equipe para te ajudar.",
    "handoff_wait": "Tempo estimado de espera: cerca de {minutes} min. Enquanto isso, pode "
    "escrever aqui: tudo chega para quem vai te atender.",
    "handoff_closed": "Nossa equipe não está atendendo agora; alguém vai te responder {when}. "
    "Pode deixar sua mensagem aqui: ela chega para quem for te atender.",
    "handoff_closed_unknown": "Nossa equipe não está atendendo agora. Pode deixar sua "
    "mensagem aqui: ela chega para quem for te atender.",
    "when_today_at": "hoje às {time}",
    "when_day_at": "{day} às {time}",
    "weekdays": "segunda,terça,quarta,quinta,sexta,sábado,domingo",
    "handoff_returned_none": "Voltei! 😊 Obrigado por aguardar. Se precisar de mais alguma "
    "coisa, é só falar.",
    "handoff_returned_checkout": "Voltei! 😊 Obrigado por aguardar. Quando quiser, podemos "
    "finalizar sua compra.",
    "handoff_returned_cart": "Voltei! 😊 Obrigado por aguardar. Seu carrinho continua "
    "guardado aqui.",
    "handoff_returned_browse": "Voltei! 😊 Obrigado por aguardar. Quer dar uma olhada nos "
    "nossos produtos?",
    "handoff_timed_out": "Desculpe a demora: ninguém da equipe conseguiu te atender agora. 😔 "
    "Se quiser, escreva sua mensagem aqui que eu repasso para a equipe, e alguém te responde "
    "assim que possível. Enquanto isso, posso te ajudar com produtos e com o seu carrinho.",
    "message_left": "Recebido! Repassei sua mensagem para a equipe; alguém vai te responder "
    "assim que possível.",
    "complaint_noted": "Sinto muito pelo transtorno. Registrei sua reclamação e nossa equipe "
    "vai analisar.",
    "technical_problem": "Desculpe, tive um problema técnico e não consegui responder sua "
    "última mensagem. Pode tentar de novo daqui a pouco?",
    "ask_name": "Vamos finalizar! Qual o seu nome completo?",
    "ask_cep": "Qual o CEP de entrega?",
    "invalid_cep": "Não reconheci esse CEP. Pode mandar os 8 números? (ex.: 04567-000)",
    "ask_address": "Qual o endereço no CEP {cep}? Rua, número e complemento.",
    "invalid_address": "Preciso da rua e do número (ex.: Rua das Flores, 123, ap 4).",
    "confirm_last_address": "Entrego no mesmo endereço da última compra?\n{address}",
    "choose_shipping": "Como você prefere receber?",
    "choose_payment": "Como você quer pagar?",
    "summary_title": "Resumo do pedido:",
    "total": "Total",
    "free": "Grátis",
    "deliver_to": "Para {name}",
    "confirm_question": "Posso confirmar o pedido?",
    "prices_updated": "Alguns preços mudaram",
    "prices_changed": "Antes de pagar: alguns preços mudaram desde que você adicionou.",
    "stock_shortage": "Não consegui reservar tudo; o estoque acabou de mudar:",
    "short_line": "• {sku}: restam {available}",
    "payment_intro": "Pedido *{number}* criado! Total: *{total}*.",
    "payment_failed_intro": "O pagamento do pedido *{number}* não foi aprovado. "
    "Gerei um novo link para você tentar de novo ({total}).",
    "pay_here": "Pague aqui",
    "link_expires": "O link vale por tempo limitado; seus itens ficam reservados até lá.",
    "pix_instructions": "Copie o código PIX abaixo e cole no app do seu banco "
    "(Pix Copia e Cola):",
    "payment_confirmed": "Pagamento aprovado! ✅ Seu pedido *{number}* ({total}) está "
    "confirmado. Avisaremos quando for enviado.",
    "payment_expired": "O link de pagamento do pedido *{number}* expirou e a reserva dos itens "
    "foi liberada. Seu carrinho continua salvo; quer continuar a compra?",
    "payment_unavailable": "Seu pedido *{number}* ({total}) está reservado, mas não consegui "
    "gerar o pagamento agora. Tente de novo em instantes.",
    "payment_failed_sold_out": "O pagamento do pedido *{number}* não foi aprovado e, "
    "infelizmente, os itens esgotaram nesse meio-tempo.",
    "order_already_paid": "O pedido *{number}* ({total}) já está pago. 😊",
    "checkout_cancelled": "Tudo bem, parei a finalização. Seu carrinho continua salvo.",
    "no_orders": "Não encontrei pedidos seus por aqui.",
    "your_orders": "Seus pedidos",
    "order_line": "• Pedido {number} — {total} — {status}",
    "status_pending_payment": "aguardando pagamento",
    "status_paid": "pago",
    "status_payment_failed": "pagamento não aprovado",
    "status_expired": "expirado",
    "status_cancelled": "cancelado",
    "status_shipped": "enviado",
    "status_delivered": "entregue",
    "cart_reminder": "Oi! Seus itens ainda estão no carrinho ({items} item(ns), {subtotal}). "
    "Quer finalizar a compra?",
    "close_to_it": "Parecidos com o que você pediu",
    "objection_price": "Entendo, o preço pesa na decisão.",
    "objection_trust": "Entendo a dúvida; é importante comprar com segurança.",
    "objection_timing": "Sem problema, pense com calma.",
    "objection_fit": "Quero que fique certinho pra você.",
    "objection_other": "Entendo.",
    "persuasion_consultative": "Pra eu te indicar o ideal: é pra você ou pra presente? E tem um "
    "valor em mente?",
    "persuasion_social_proof": "{name}: {units} unidades vendidas nos últimos {days} dias.",
    "persuasion_authority": "Sobre {name} — {specs}.",
    "persuasion_scarcity": "Restam só {units} unidade(s) de {name} em estoque.",
    "anchor_installments_free": "Dá pra parcelar em {count}x de {value} sem juros.",
    "anchor_installments": "Dá pra parcelar em {count}x de {value}.",
    "anchor_pix": "No PIX sai por {price} ({percent}% de desconto).",
    "persuasion_reciprocity": "Pra te ajudar a decidir: com o cupom {code} você ganha {percent}% "
    "de desconto e fica {price}. Vale uma vez por cliente.",
    "persuasion_aida": "O mais vendido dos últimos {days} dias é {name} ({units} vendidos). "
    "Quer dar uma olhada?",
    "recap_cart": "Seu carrinho fica guardado: {items} item(ns), {subtotal}. Quer que eu te lembre "
    "mais tarde?",
    "recap_product": "{name} sai por {price}. Quer que eu te lembre mais tarde?",
    "persuasion_reminder_set": "Combinado! Te mando um lembrete mais tarde. 😉",
    "swapped": "Troquei *{name}*: de {before} para {after}.",
    "swap_unavailable": "Não encontrei essa opção em estoque para os itens do carrinho.",
    "persuasion_consultative_formal": "Para indicar a melhor opção: é para o senhor(a) ou para "
    "presente? Há um valor em mente?",
    "persuasion_reciprocity_formal": "Para ajudar na decisão: com o cupom {code} o senhor(a) tem "
    "{percent}% de desconto e o valor fica {price}. Válido uma vez por cliente.",
    "recap_cart_formal": "Seu carrinho fica guardado: {items} item(ns), {subtotal}. Deseja que eu "
    "envie um lembrete mais tarde?",
    "recap_product_formal": "{name} custa {price}. Deseja que eu envie um lembrete mais tarde?",
    "persuasion_reminder_set_formal": "Combinado. Enviarei um lembrete mais tarde.",
    "anchor_installments_free_formal": "É possível parcelar em {count}x de {value} sem juros.",
    "persuasion_aida_formal": "O mais vendido dos últimos {days} dias é {name} ({units} "
    "vendidos). Deseja conhecer?",
}

TEMPLATES = build_templates("pt", PHRASES)
PERSUASION = build_persuasion("pt", PHRASES)
