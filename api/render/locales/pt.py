"""Portuguese (pt-BR) wording of every reply template."""

from __future__ import annotations

from api.render.locales.builder import build_options, build_persuasion, build_templates

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
    "store_unknown_offer": "Quer que eu chame alguém da equipe pra te responder?",
    "not_available_yet": "Ainda não consigo resolver isso por aqui. Posso te ajudar a encontrar "
    "produtos e montar seu carrinho.",
    "cheaper_than": "Mais em conta que *{name}* ({price}):",
    "none_cheaper": "*{name}* ({price}) já é a opção mais em conta que temos desse tipo. Quer "
                    "que eu coloque no carrinho ou prefere ver outra coisa?",
    "found_one": "Encontrei 1 opção. Toque para ver os detalhes ou me diga o número "
    "(ex.: \"quero o 1\").",
    "found_many": "Encontrei {count} opções. Toque para ver os detalhes ou me diga o número "
    "(ex.: \"quero o 2\").",
    "no_results": "Não encontrei nada para \"{query}\". Veja as categorias que temos:",
    "no_results_plain": "Não encontrei nada parecido com o que você pediu. Veja as categorias "
    "que temos:",
    "answer_intro": "Sobre *{name}*:",
    "answer_option_yes": "Tem sim: *{name}* em {value} está disponível.",
    "answer_variant_yes": "Tem sim: *{name}* em {value}, por {price}."
                          " Quer que eu coloque no carrinho?",
    "answer_option_no": "*{name}* não vem em {value}. Disponível em:",
    "answer_option_sold_out": "*{name}* em {value} está esgotado no momento. Disponível em:",
    "answer_unknown": "O cadastro de *{name}* não informa {topics}; não quero te dizer nada "
    "sem certeza. Posso chamar alguém da equipe pra confirmar.",
    "fact_cor": "Cores",
    "fact_tamanho": "Tamanhos",
    "fact_bateria": "Bateria",
    "fact_material": "Material",
    "fact_tags": "Características",
    "fact_capacidade": "Capacidade",
    "fact_compatibilidade": "Compatível com",
    "fact_price": "Preço",
    "fact_color": "Cores",
    "fact_size": "Tamanhos",
    "topic_battery": "a duração da bateria",
    "topic_water": "resistência à água",
    "topic_material": "o material",
    "topic_weight": "o peso",
    "topic_warranty": "a garantia",
    "topic_capacity": "a capacidade",
    "topic_compatibility": "a compatibilidade",
    "topic_dimensions": "as medidas",
    "topic_color": "outras cores",
    "topic_size": "outros tamanhos",
    "topic_price": "o preço",
    "fact_potencia": "Potência",
    "fact_conexao": "Conexão",
    "topic_power": "a potência",
    "topic_connection": "a conexão",
    "topic_other": "isso",
    "compare_differences": "O que muda",
    "compare_none": "não informado",
    "compare_no_differences": "No cadastro, fora o preço, não há diferença entre os dois.",
    "compare_same": "Em comum",
    "compare_pick_fits": "Pro que você contou, eu iria de *{name}*: {because}.",
    "compare_pick_cheaper": "No cadastro nada pesa mais pra um lado; *{name}* sai {saving} "
    "mais barato.",
    "compare_pick_tie": "Os dois custam o mesmo; vai do detalhe que você preferir.",
    "catalog_overview": "Temos produtos nestas categorias. Qual te interessa?",
    "pick_option": "Escolha a opção que você quer:",
    "sold_out_now": "No momento está esgotado.",
    "choose_variant": "Qual opção de *{name}* você quer?",
    "choose_variant_sold_out": "*{name}* em {option} está esgotado. Tenho estas opções:",
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
    "which_of_these": "Qual destes você quer?",
    "item_sold_out": "*{name}* está esgotado.",
    "item_which": "Mais de um produto combina ({names}); me diga qual.",
    "item_later": "Depois me diga a opção de *{name}*.",
    "item_no_position": "A lista não tem \"{name}\".",
    "item_gone": "Não encontrei \"{name}\" no catálogo.",
    "which_product": "Qual produto você quer? Me diga o nome ou o número da lista.",
    "position_out_of_range": "A lista tem {count} opções; qual número você quer?",
    "which_cart_item": "Qual item você quer tirar?",
    "product_gone": "Esse produto não está mais disponível no catálogo.",
    "out_of_stock": "*{name}* está esgotado no momento. 😕",
    "not_enough_stock": "Só temos {available} unidade(s) de *{name}* em estoque.",
    "not_enough_stock_offer": "Quer que eu coloque as {available} no carrinho?",
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
    "handoff_reason_privacy_request": "Registrei seu pedido para apagar seus dados. Uma pessoa "
    "da nossa equipe vai cuidar disso e te confirmar por aqui.",
    "erasure_confirm": "Você pediu para apagarmos seus dados: conversas, carrinho e cadastro. "
    "Pedidos pagos ficam guardados sem seus dados pessoais, como a lei fiscal exige. Isso não "
    "pode ser desfeito. Responda *SIM* para confirmar.",
    "erasure_scheduled": "Combinado: seus dados serão apagados em instantes. Se escrever de "
    "novo, começamos do zero.",
    "erasure_kept": "Tudo bem, não apaguei nada. Posso ajudar em mais alguma coisa?",
    "erasure_noted": "Registrei seu pedido para apagar seus dados. Nossa equipe vai cuidar disso "
    "e te confirmar.",
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
    "handoff_withdrawn": "Combinado, cancelei o chamado para a equipe e sigo te ajudando "
    "por aqui. 😊 O que você procura?",
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
    "carrier_not_offered": "Não trabalhamos com {carrier}.",
    "carrier_not_offered_fastest": "Não trabalhamos com {carrier}; a mais rápida é a {name} "
    "({when}).",
    "choose_payment": "Como você quer pagar?",
    "summary_title": "Resumo do pedido:",
    "total": "Total",
    "free": "Grátis",
    "deliver_to": "Para {name}",
    "total_changed": "Seu pedido mudou: o total foi de {before} para {after}.",
    "discount_coupon": "Cupom {code} ({percent}%)",
    "discount_pix": "Desconto PIX ({percent}%)",
    "coupon_unknown": "Não encontrei o cupom {code}; o pedido segue sem ele.",
    "coupon_used": "O cupom {code} vale uma vez por cliente e já foi usado em um pedido seu; "
    "o pedido segue sem ele.",
    "coupon_min_subtotal": "O cupom {code} vale para pedidos a partir de {min_subtotal}; "
    "por enquanto ele não entra.",
    "payment_received": "Recebemos sim! ✅ O pagamento do pedido *{number}* ({total}) está "
    "confirmado.",
    "payment_not_received": "Ainda não recebemos a confirmação do pagamento do pedido "
    "*{number}* ({total}). Às vezes leva alguns minutos para o banco avisar.",
    "payment_not_received_failed": "O pagamento do pedido *{number}* ({total}) consta como não "
    "aprovado por aqui.",
    "payment_not_received_expired": "Não consta pagamento do pedido *{number}* ({total}) e o "
    "prazo dele expirou.",
    "payment_check_offer": "Quer que eu verifique de novo daqui a pouco, ou prefere passar o "
    "comprovante para uma pessoa da equipe?",
    "option_check_payment": "Verificar de novo",
    "option_talk_to_person": "Falar com a equipe",
    "or_pickup": "Se preferir, pode retirar na loja (aí não preciso do endereço).",
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
    "persuasion_scarcity_variant": "De {name} no {variant}, restam só {units} unidade(s) em "
    "estoque.",
    "persuasion_reminder_unavailable": "Por aqui eu só consigo te lembrar de itens do carrinho; "
    "se quiser, adicione o produto e eu te aviso.",
    "anchor_installments_free": "Dá pra parcelar em {count}x de {value} sem juros.",
    "anchor_installments": "Dá pra parcelar em {count}x de {value}.",
    "anchor_pix": "No PIX sai por {price} ({percent}% de desconto).",
    "persuasion_reciprocity": "Pra te ajudar a decidir: com o cupom {code} você ganha {percent}% "
    "de desconto e fica {price}. Vale uma vez por cliente.",
    "persuasion_aida": "O mais vendido dos últimos {days} dias é {name} ({units} vendidos). "
    "Quer dar uma olhada?",
    "recap_cart": "Seu carrinho fica guardado: {items} item(ns), {subtotal}. Quer que eu te lembre "
    "mais tarde?",
    "recap_product": "{name} sai por {price}. Pense com calma; quando quiser, é só me chamar.",
    "persuasion_reminder_set": "Combinado! Te mando um lembrete mais tarde. 😉",
    "swapped": "Troquei *{name}*: de {before} para {after}.",
    "quantity_set": "Pronto: agora são {quantity}x *{name}*.",
    "swap_unavailable": "Não encontrei essa opção em estoque para os itens do carrinho.",
    "persuasion_consultative_formal": "Para indicar a melhor opção: é para o senhor(a) ou para "
    "presente? Há um valor em mente?",
    "persuasion_reciprocity_formal": "Para ajudar na decisão: com o cupom {code} o senhor(a) tem "
    "{percent}% de desconto e o valor fica {price}. Válido uma vez por cliente.",
    "recap_cart_formal": "Seu carrinho fica guardado: {items} item(ns), {subtotal}. Deseja que eu "
    "envie um lembrete mais tarde?",
    "recap_product_formal": "{name} custa {price}. Fique à vontade; estamos à disposição quando "
    "desejar.",
    "persuasion_reminder_set_formal": "Combinado. Enviarei um lembrete mais tarde.",
    "anchor_installments_free_formal": "É possível parcelar em {count}x de {value} sem juros.",
    "persuasion_aida_formal": "O mais vendido dos últimos {days} dias é {name} ({units} "
    "vendidos). Deseja conhecer?",
    # Options the graph offers by label (`ReplyOption.label`).
    "option_add_to_cart": "Adicionar",
    "option_keep_shopping": "Continuar comprando",
    "option_this_address": "Sim, esse endereço",
    "option_other_address": "Outro endereço",
    "option_place_order": "Confirmar pedido",
    "option_view_cart": "Ver carrinho",
    "option_continue_checkout": "Continuar compra",
    "option_check_out": "Finalizar compra",
    "option_see_products": "Ver produtos",
    "option_my_cart": "Meu carrinho",
    "option_remind_later": "Me lembra depois",
    "option_use_coupon": "Usar o cupom",
    "option_price_from": "a partir de {price}",
    "option_sold_out": "{price} · esgotado",
    "option_category_count": "{count} produtos",
    "option_business_days": "{days} dia(s) útil(eis)",
    "option_today": "hoje",
}

TEMPLATES = build_templates("pt", PHRASES)
PERSUASION = build_persuasion("pt", PHRASES)
OPTIONS = build_options("pt", PHRASES)
