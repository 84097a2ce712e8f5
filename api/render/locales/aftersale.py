"""Wording of the after-sale replies (graphs/sales/aftersale), in both languages.

Its own phrases live here (`PHRASES[lang]`), so the after-sale texts are read in one place;
their layouts are in `aftersale_templates.py`, which `builder.py` merges into every locale.
"""

from __future__ import annotations

PT = {
    "your_orders": "Seus pedidos",
    "order_line": "• Pedido {number} — {total} — {status}",
    "tracking": "{carrier}, código de rastreio *{code}*",
    "tracking_code_only": "código de rastreio *{code}*",
    "delivered_on": "entregue em {day}",
    "no_tracking_yet": "sem código de rastreio ainda",
    "order_not_found": "Não encontrei o pedido {number} entre os seus pedidos. Confira o número "
    "ou me pergunte \"cadê meu pedido?\" para ver os seus.",
    "which_order": "Qual pedido você quer {verb}?",
    "which_items": "Quais itens do pedido {number} você quer {verb}? Toque ou diga o nome "
    "(\"todos\" para tudo).",
    "ask_new_address": "Qual o novo endereço de entrega do pedido {number}? Mande o CEP e a rua "
    "com número (ex.: 04567-000, Rua das Flores 123).",
    "cancel_summary": "Vou cancelar o pedido {number} ({total}).",
    "cancel_unpaid": "O link de pagamento deixa de valer e os itens voltam ao estoque.",
    "refund_line": "{amount} volta pelo {provider}: {when}.",
    "confirm_cancel": "Confirma o cancelamento?",
    "address_summary": "Vou mudar a entrega do pedido {number} para {address}. O frete continua "
    "{shipping}.",
    "address_summary_repriced": "Vou mudar a entrega do pedido {number} para {address}, por "
    "{option}: o frete passa de {before} para {shipping}.",
    "swap_line": "• {name}: de {before} para {after} ({price})",
    "variant_summary": "Troca no pedido {number}:",
    "difference_more": "Diferença: {amount} a mais.",
    "difference_less": "Diferença: {amount} a menos.",
    "difference_pay": "Depois do seu sim, te mando o link para pagar só a diferença.",
    "difference_link": "Para pagar a diferença de {amount}: {link}",
    "difference_pix": "Para pagar a diferença de {amount}, PIX copia e cola:\n\n{code}",
    "difference_no_link": "O link para pagar a diferença de {amount} não saiu agora; nossa "
    "equipe te manda aqui.",
    "difference_none": "Sem diferença de preço.",
    "return_summary": "Devolução do pedido {number}:",
    "return_refund": "Depois que o produto chegar de volta, {amount} volta pelo {provider}: "
    "{when}.",
    "deadline": "Prazo: até {day} ({days} dias após a entrega).",
    "confirm_change": "Confirma?",
    "order_cancelled": "Pronto, o pedido {number} foi cancelado.",
    "nothing_charged": "Nada foi cobrado.",
    "refund_done": "{amount} já voltou pelo {provider}.",
    "refund_failed": "{amount} pelo {provider}: a devolução não passou; nossa equipe vai "
    "resolver e te avisa aqui.",
    "order_changed_address": "Pronto! O pedido {number} vai para {address}.",
    "order_changed_items": "Pronto! Pedido {number} atualizado, total {total}.",
    "new_link": "Novo link de pagamento: {link}",
    "new_pix": "Novo código PIX:\n\n{code}",
    "requested_return": "Pedido de devolução do pedido {number} registrado. Nossa equipe "
    "confere e te manda aqui as instruções de envio.",
    "requested_exchange": "Pedido de troca do pedido {number} registrado. Nossa equipe confere "
    "e te manda aqui as instruções de envio; o novo item segue quando o seu chegar.",
    "cannot_cancel": "O pedido {number} já está {status}, então não dá mais para cancelar.",
    "cannot_cancel_delivered": "Mas você pode pedir troca ou devolução:",
    "cannot_cancel_shipped": "Quando chegar, você pode pedir troca ou devolução.",
    "cannot_change": "O pedido {number} já está {status}: não dá mais para mudar.",
    "cannot_change_no_delivery": "O pedido {number} não tem entrega (retirada ou digital), "
    "então não há endereço para mudar.",
    "not_delivered_yet": "O pedido {number} ainda não foi entregue ({status}). Troca e devolução "
    "são depois da entrega; se ele ainda não saiu, você pode cancelar.",
    "window_closed": "O prazo para {verb} o pedido {number} terminou em {day} ({days} dias após a "
    "entrega). Se quiser, chamo alguém da equipe.",
    "needs_person_shipping_unavailable": "Não temos entrega para esse CEP pelo pedido {number}; "
    "alguém da equipe vê com você o que dá para fazer. Quer que eu chame?",
    "needs_person_changed_once": "Os itens do pedido {number} já foram trocados uma vez; outra "
    "mudança só com alguém da equipe. Quer que eu chame?",
    "variant_ask": "Qual tamanho ou cor você quer? (ex.: \"troca pra G\")",
    "variant_unavailable": "Não tenho {wanted} em estoque para os itens do pedido {number}.",
    "aftersale_kept": "Tudo bem, o pedido fica como está. Posso ajudar com mais alguma coisa?",
    "reordered": "Coloquei no carrinho os itens do pedido {number}:",
    "reorder_missing": "Não estão disponíveis agora: {names}.",
    "reorder_none": "Nenhum item do pedido {number} está disponível agora.",
    "nothing_to_reorder": "Não encontrei um pedido anterior seu para repetir. Quer ver os "
    "produtos?",
    "subtotal": "Subtotal",
    "verb_cancel": "cancelar", "verb_change_address": "mudar o endereço de",
    "verb_change_variant": "trocar o item de", "verb_return": "devolver",
    "verb_exchange": "trocar",
    "status_preparing": "em preparação", "status_exchange_requested": "com troca pedida",
    "status_return_requested": "com devolução pedida", "status_completed": "concluído",
    "when_pix": "na hora, na conta que fez o PIX",
    "when_stripe": "no cartão, de 5 a 10 dias úteis (pode aparecer na fatura seguinte)",
    "when_mercadopago": "no Mercado Pago ou cartão, de 2 a 10 dias úteis",
    "when_sandbox": "na hora (pagamento de teste)",
    "when_store_credit": "na hora, como vale-compras",
    "provider_pix": "PIX", "provider_stripe": "cartão", "provider_mercadopago": "Mercado Pago",
    "provider_sandbox": "pagamento de teste", "provider_store_credit": "vale-compras",
    "option_order": "Pedido {number}",
    "option_aftersale_yes": "Sim, confirmo",
    "option_aftersale_no": "Não, deixa como está",
    "option_request_exchange": "Pedir troca",
    "option_request_return": "Pedir devolução",
}

EN = {
    "your_orders": "Your orders",
    "order_line": "• Order {number} — {total} — {status}",
    "tracking": "{carrier}, tracking code *{code}*",
    "tracking_code_only": "tracking code *{code}*",
    "delivered_on": "delivered on {day}",
    "no_tracking_yet": "no tracking code yet",
    "order_not_found": "I couldn't find order {number} among your orders. Check the number, or "
    "ask \"where is my order?\" to see yours.",
    "which_order": "Which order do you want to {verb}?",
    "which_items": "Which items of order {number} do you want to {verb}? Tap or say the name "
    "(\"all\" for everything).",
    "ask_new_address": "What is the new delivery address for order {number}? Send the CEP and "
    "the street with number (e.g. 04567-000, Rua das Flores 123).",
    "cancel_summary": "I'll cancel order {number} ({total}).",
    "cancel_unpaid": "The payment link stops working and the items go back to stock.",
    "refund_line": "{amount} goes back through {provider}: {when}.",
    "confirm_cancel": "Do you confirm the cancellation?",
    "address_summary": "I'll change the delivery of order {number} to {address}. Shipping stays "
    "{shipping}.",
    "address_summary_repriced": "I'll change the delivery of order {number} to {address}, by "
    "{option}: shipping goes from {before} to {shipping}.",
    "swap_line": "• {name}: from {before} to {after} ({price})",
    "variant_summary": "Change in order {number}:",
    "difference_more": "Difference: {amount} more.",
    "difference_less": "Difference: {amount} less.",
    "difference_pay": "After your yes, I'll send you a link to pay just the difference.",
    "difference_link": "To pay the difference of {amount}: {link}",
    "difference_pix": "To pay the difference of {amount}, PIX copy and paste:\n\n{code}",
    "difference_no_link": "The link to pay the difference of {amount} didn't go out just now; "
    "our team will send it to you here.",
    "difference_none": "No price difference.",
    "return_summary": "Return of order {number}:",
    "return_refund": "Once the item is back with us, {amount} goes back through {provider}: "
    "{when}.",
    "deadline": "Deadline: {day} ({days} days after delivery).",
    "confirm_change": "Do you confirm?",
    "order_cancelled": "Done, order {number} is cancelled.",
    "nothing_charged": "Nothing was charged.",
    "refund_done": "{amount} is already back through {provider}.",
    "refund_failed": "{amount} through {provider}: the refund did not go through; our team will "
    "sort it out and tell you here.",
    "order_changed_address": "Done! Order {number} goes to {address}.",
    "order_changed_items": "Done! Order {number} updated, total {total}.",
    "new_link": "New payment link: {link}",
    "new_pix": "New PIX code:\n\n{code}",
    "requested_return": "Return request for order {number} recorded. Our team checks it and "
    "sends you the shipping instructions here.",
    "requested_exchange": "Exchange request for order {number} recorded. Our team checks it and "
    "sends you the shipping instructions here; the new item ships when yours arrives.",
    "cannot_cancel": "Order {number} is already {status}, so it can no longer be cancelled.",
    "cannot_cancel_delivered": "You can still ask for an exchange or a return:",
    "cannot_cancel_shipped": "Once it arrives, you can ask for an exchange or a return.",
    "cannot_change": "Order {number} is already {status}: it can no longer be changed.",
    "cannot_change_no_delivery": "Order {number} has no delivery (pickup or digital), so there "
    "is no address to change.",
    "not_delivered_yet": "Order {number} hasn't been delivered yet ({status}). Exchanges and "
    "returns come after delivery; if it hasn't shipped, you can cancel it.",
    "window_closed": "The deadline to {verb} order {number} ended on {day} ({days} days after "
    "delivery). I can call someone from the team if you like.",
    "needs_person_shipping_unavailable": "We don't deliver to that CEP for order {number}; "
    "someone from the team can see what can be done. Shall I call them?",
    "needs_person_changed_once": "The items of order {number} were already changed once; "
    "another change needs someone from the team. Shall I call them?",
    "variant_ask": "Which size or colour do you want? (e.g. \"change it to L\")",
    "variant_unavailable": "I don't have {wanted} in stock for the items of order {number}.",
    "aftersale_kept": "All right, the order stays as it is. Anything else I can help with?",
    "reordered": "I put the items of order {number} in your cart:",
    "reorder_missing": "Not available right now: {names}.",
    "reorder_none": "None of the items of order {number} is available right now.",
    "nothing_to_reorder": "I couldn't find an earlier order of yours to repeat. Want to see the "
    "products?",
    "subtotal": "Subtotal",
    "verb_cancel": "cancel", "verb_change_address": "change the address of",
    "verb_change_variant": "change an item of", "verb_return": "return",
    "verb_exchange": "exchange",
    "status_preparing": "being prepared", "status_exchange_requested": "awaiting an exchange",
    "status_return_requested": "awaiting a return", "status_completed": "completed",
    "when_pix": "right away, to the account that paid by PIX",
    "when_stripe": "on your card, in 5 to 10 business days (it may show on the next statement)",
    "when_mercadopago": "on Mercado Pago or your card, in 2 to 10 business days",
    "when_sandbox": "right away (test payment)",
    "when_store_credit": "right away, as store credit",
    "provider_pix": "PIX", "provider_stripe": "card", "provider_mercadopago": "Mercado Pago",
    "provider_sandbox": "test payment", "provider_store_credit": "store credit",
    "option_order": "Order {number}",
    "option_aftersale_yes": "Yes, confirm",
    "option_aftersale_no": "No, keep it",
    "option_request_exchange": "Ask for an exchange",
    "option_request_return": "Ask for a return",
}

PHRASES = {"pt": PT, "en": EN}
