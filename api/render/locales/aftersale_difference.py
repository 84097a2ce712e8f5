"""The replies about a price difference the buyer owes (graphs/sales/aftersale/
difference_steps.py): its link, its payment received, a payment that failed or a link that
expired (with the offer of a new one), and the difference left for later; in pt-BR and
English. The link or PIX lines are the after-sale replies' own (`difference_payment`)."""

from __future__ import annotations

from typing import Any

from api.render.locales.aftersale_templates import Say, difference_payment
from api.render.locales.words import Fields, Template, Words

PHRASES: dict[str, dict[str, str]] = {
    "pt": {
        "link_exchange": "Pedido {number}: o novo item da troca segue assim que a diferença "
                         "for paga.",
        "link_change": "Pedido {number}: falta pagar a diferença da alteração; ele é enviado "
                       "assim que ela for paga.",
        "paid": "Recebemos o pagamento da diferença de {amount} do pedido {number}. Obrigado!",
        "paid_exchange": "O novo item segue para você.",
        "paid_change": "O pedido segue para envio com a alteração.",
        "failed": "O pagamento da diferença de {amount} do pedido {number} não foi aprovado.",
        "expired": "O link para pagar a diferença de {amount} do pedido {number} expirou sem "
                   "pagamento.",
        "on_hold_exchange": "A troca continua aprovada, e o novo item só segue depois do "
                            "pagamento.",
        "on_hold_change": "A alteração fica registrada, e o pedido só é enviado depois do "
                          "pagamento.",
        "offer": "Quer que eu mande um novo link?",
        "pending": "Tudo bem. A diferença de {amount} do pedido {number} fica em aberto, e o "
                   "que mudou só segue depois do pagamento. Quando quiser pagar, toque em "
                   "\"Pagar a diferença\".",
        "option_difference_new_link": "Sim, novo link",
        "option_difference_later": "Agora não",
        "option_difference_pay_now": "Pagar a diferença",
    },
    "en": {
        "link_exchange": "Order {number}: the new item of your exchange goes out as soon as "
                         "the difference is paid.",
        "link_change": "Order {number}: the difference of your change is still to pay; it "
                       "ships as soon as it is paid.",
        "paid": "We received the payment of the difference of {amount} for order {number}. "
                "Thank you!",
        "paid_exchange": "The new item is on its way to you.",
        "paid_change": "The order goes on to shipping with your change.",
        "failed": "The payment of the difference of {amount} for order {number} was not "
                  "approved.",
        "expired": "The link to pay the difference of {amount} for order {number} expired "
                   "unpaid.",
        "on_hold_exchange": "The exchange stays approved, and the new item goes out only once "
                            "it is paid.",
        "on_hold_change": "Your change stays recorded, and the order ships only once it is "
                          "paid.",
        "offer": "Shall I send you a new link?",
        "pending": "All right. The difference of {amount} for order {number} stays open, and "
                   "what changed goes out only once it is paid. Whenever you want to pay it, "
                   "tap \"Pay the difference\".",
        "option_difference_new_link": "Yes, new link",
        "option_difference_later": "Not now",
        "option_difference_pay_now": "Pay the difference",
    },
}


def difference_templates(w: Words) -> dict[str, Template]:
    """The templates of the four difference kinds (fields: `order`, `difference`, `task`,
    `payment`)."""
    say, p = Say(w), PHRASES.get(w.lang, PHRASES["pt"])

    def common(f: Fields) -> dict[str, str]:
        return {"number": say.number(f), "amount": say.money(f.get("difference"))}

    def kind_of(f: Fields) -> str:
        return "exchange" if f.get("task") == "exchange" else "change"

    def link(f: Fields) -> str:
        return "\n".join([p[f"link_{kind_of(f)}"].format(**common(f)),
                          difference_payment(say, f)])

    def paid(f: Fields) -> str:
        return " ".join([p["paid"].format(**common(f)), p[f"paid_{kind_of(f)}"]])

    def unpaid(f: Fields) -> str:
        why = "expired" if (f.get("payment") or {}).get("status") == "expired" else "failed"
        return " ".join([p[why].format(**common(f)), p[f"on_hold_{kind_of(f)}"], p["offer"]])

    return {"difference_link": link, "difference_paid": paid, "difference_unpaid": unpaid,
            "difference_pending": lambda f: p["pending"].format(**common(f))}


def difference_option_wordings(lang: str) -> dict[str, Any]:
    """The wording of the difference's options: (title, description)."""
    p = PHRASES.get(lang, PHRASES["pt"])
    return {key: (lambda title, f, key=key: (p[f"option_{key}"], None))
            for key in ("difference_new_link", "difference_later", "difference_pay_now")}
