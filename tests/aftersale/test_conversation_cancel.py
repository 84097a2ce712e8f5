"""Cancelling in the conversation when several orders could be meant: the buyer picks one,
sees what will happen (the refund and how long it takes for the method) and says yes; the
other order is untouched. The wording of each method's refund time, in both languages."""

from __future__ import annotations

import pytest

from api.render.text import render_body
from balcao.messages import Reply
from tests.aftersale.conversation import Buyer
from tests.integration.conftest import (
    env,  # noqa: F401 - the real graph, worker, Postgres
    rows,
)


async def test_which_order_then_yes_cancels_that_one_and_refunds_it(env) -> None:  # noqa: F811
    resources, clock = env
    ana = Buyer(resources, clock, "5511900008888")
    first = await ana.buys("tem garrafa termica?", "quero a primeira")
    second = await ana.buys("quero a caneca de ceramica", "quero a primeira", again=True)
    assert second["number"] != first["number"]

    which = await ana.say("quero cancelar meu pedido")
    assert "Qual pedido você quer cancelar?" in which
    assert first["number"] in which and second["number"] in which
    summary = await ana.say("o segundo")  # newest first: the garrafa's order
    assert f"Vou cancelar o pedido {first['number']}" in summary
    assert "volta pelo pagamento de teste" in summary
    done = await ana.say("sim")
    assert f"o pedido {first['number']} foi cancelado" in done and "já voltou" in done
    statuses = await rows(resources, "SELECT number, status FROM orders ORDER BY id")
    assert [(r["number"], r["status"]) for r in statuses] == [
        (first["number"], "cancelled"), (second["number"], "paid")]
    refunds = await rows(resources, "SELECT amount::text, status FROM order_transactions"
                                    " WHERE kind = 'refund'")
    assert refunds == [{"amount": str(first["total"]), "status": "done"}]


@pytest.mark.parametrize(("lang", "provider", "words"), [
    ("pt", "pix", "na hora, na conta que fez o PIX"),
    ("pt", "stripe", "no cartão, de 5 a 10 dias úteis"),
    ("pt", "mercadopago", "Mercado Pago ou cartão, de 2 a 10 dias úteis"),
    ("en", "pix", "right away, to the account that paid by PIX"),
    ("en", "stripe", "on your card, in 5 to 10 business days"),
])
def test_the_summary_says_how_long_the_refund_takes(lang: str, provider: str,
                                                     words: str) -> None:
    fields = {"task": "cancel", "order": {"number": "1002", "total": "89.90", "status": "paid"},
              "refunds": [{"provider": provider, "amount": "89.90", "status": "pending"}]}
    body = render_body(Reply(template="aftersale_summary", fields=fields, lang=lang))
    assert words in body and ("R$ 89,90" in body or "R$89.90" in body)
