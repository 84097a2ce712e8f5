"""What the buyer is told when the store changes an order (shipped, delivered, cancelled,
refund sent, exchange or return answered), in pt-BR and English.

One line each: the same text goes out as a free-form message inside WhatsApp's 24-hour
window and as the parameter of the store's order-update template outside it (template
parameters may not hold line breaks). Tracking and refund wording (how long the money takes
for each provider) are the after-sale replies' own (`aftersale.PHRASES`), said the same way.
"""

from __future__ import annotations

from decimal import Decimal

from api.render.locales.aftersale_templates import Say
from api.render.locales.words import Fields, Template, Words

PHRASES: dict[str, dict[str, str]] = {
    "pt": {
        "order_shipped": "Seu pedido {number} foi enviado: {where}.",
        "order_delivered": "Seu pedido {number} foi entregue. Esperamos que goste! Para trocar"
                           " ou devolver, é só responder aqui.",
        "order_cancelled": "Seu pedido {number} foi cancelado.",
        "order_refund_sent": "O reembolso do pedido {number} foi enviado.",
        "exchange_approved": "Sua troca do pedido {number} foi aprovada! O novo item segue"
                             " para você.",
        "exchange_charged": "A diferença de {amount} foi cobrada.",
        "exchange_owed": "Sua troca do pedido {number} foi aprovada! Falta pagar a diferença de"
                         " {amount}: o link vem na próxima mensagem, e o novo item segue assim"
                         " que ela for paga.",
        "return_approved": "Sua devolução do pedido {number} foi aprovada.",
        "exchange_refused": "Não pudemos aprovar a troca do pedido {number}: {reason}. Se"
                            " quiser conversar, é só responder aqui.",
        "return_refused": "Não pudemos aprovar a devolução do pedido {number}: {reason}. Se"
                          " quiser conversar, é só responder aqui.",
    },
    "en": {
        "order_shipped": "Your order {number} has shipped: {where}.",
        "order_delivered": "Your order {number} was delivered. We hope you like it! To"
                           " exchange or return it, just reply here.",
        "order_cancelled": "Your order {number} was cancelled.",
        "order_refund_sent": "The refund for order {number} was sent.",
        "exchange_approved": "Your exchange for order {number} was approved! The new item is"
                             " on its way.",
        "exchange_charged": "The difference of {amount} was charged.",
        "exchange_owed": "Your exchange for order {number} was approved! The difference of"
                         " {amount} is still to pay: the link comes in the next message, and"
                         " the new item goes out as soon as it is paid.",
        "return_approved": "Your return for order {number} was approved.",
        "exchange_refused": "We could not approve the exchange for order {number}: {reason}."
                            " If you want to talk about it, just reply here.",
        "return_refused": "We could not approve the return for order {number}: {reason}. If"
                          " you want to talk about it, just reply here.",
    },
}


def order_notice_templates(w: Words) -> dict[str, Template]:
    """Every order notice's text from its fields: `number`, and what the change carries
    (`tracking_code` and `carrier`, `refunds` with amount and provider, `difference`,
    `reason`)."""
    p, say = w.p, Say(w)

    def with_refunds(key: str) -> Template:
        return lambda f: " ".join([p[key].format(number=f["number"]),
                                   *(say.refund(r) for r in f.get("refunds", []))])

    def shipped(f: Fields) -> str:
        code, carrier = f["tracking_code"], f.get("carrier")
        where = (say("tracking", carrier=carrier, code=code) if carrier
                 else say("tracking_code_only", code=code))
        return p["order_shipped"].format(number=f["number"], where=where)

    def exchange_approved(f: Fields) -> str:
        difference = Decimal(str(f.get("difference", "0")))
        if f.get("difference_owed"):  # a card or PIX: collected by a link of its own
            return p["exchange_owed"].format(number=f["number"], amount=w.money(difference))
        text = with_refunds("exchange_approved")(f)
        if difference > 0:
            text += " " + p["exchange_charged"].format(amount=w.money(difference))
        return text

    def refused(key: str) -> Template:
        return lambda f: p[key].format(number=f["number"], reason=f.get("reason", ""))

    return {
        "order_shipped": shipped,
        "order_delivered": lambda f: p["order_delivered"].format(number=f["number"]),
        "order_cancelled": with_refunds("order_cancelled"),
        "order_refund_sent": with_refunds("order_refund_sent"),
        "exchange_approved": exchange_approved,
        "return_approved": with_refunds("return_approved"),
        "exchange_refused": refused("exchange_refused"),
        "return_refused": refused("return_refused"),
    }


TEMPLATES = {lang: order_notice_templates(Words(lang, phrases))
             for lang, phrases in PHRASES.items()}


def order_notice_text(template: str, fields: Fields, lang: str) -> str:
    """The notice's text in `lang` (Portuguese when the language is not known)."""
    return TEMPLATES.get(lang, TEMPLATES["pt"])[template](fields)
