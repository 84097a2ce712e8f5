"""Questions answered from facts and passages; honest unknowns recorded, scrubbed, counted."""

from __future__ import annotations

from decimal import Decimal

from balcao.clock import FrozenClock
from balcao.money import format_money
from tools.knowledge import facts
from tools.knowledge.ask import UNKNOWN_TEXT, ask
from tools.knowledge.unanswered import list_unanswered
from tools.shipping.quote import quote


async def _ask(pool, config, question: str, encoder, clock, store: str = "default", **kw):
    async with pool.connection() as conn:
        return await ask(conn, store_id=store, config=config, question=question, clock=clock,
                         encoder=encoder, **kw)


async def test_shipping_reply_quotes_the_checkout_prices(knowledge_pool, demo_config, encoder,
                                                         clock: FrozenClock) -> None:
    reply = await _ask(knowledge_pool, demo_config, "qnto fica o frete pra 30140-071?", encoder,
                       clock, subtotal=Decimal("100.00"))
    assert reply.status == "answered" and reply.passages == []
    assert isinstance(reply.facts[0], facts.ShippingForCep)
    for option in quote(demo_config.shipping, "30140071", Decimal("100.00")):
        price = "grátis" if option.price == 0 else format_money(option.price)
        assert f"{option.name}: {price}" in reply.text
    assert "R$ 199,00" in reply.text  # what is missing for free shipping


async def test_a_policy_question_is_answered_by_its_passage(knowledge_pool, demo_config,
                                                            encoder, clock) -> None:
    reply = await _ask(knowledge_pool, demo_config, "posso devolver se nao gostar?", encoder,
                       clock)
    assert reply.status == "answered" and reply.facts == []
    assert reply.passages[0].doc_id == "trocas"
    assert "7 dias" in reply.text


async def test_the_second_store_answers_with_its_own_rules(knowledge_pool, torrasul_config,
                                                           encoder, clock) -> None:
    parcel = await _ask(knowledge_pool, torrasul_config, "parcela em 3x?", encoder, clock,
                        store="torrasul")
    assert "Não parcelamos" in parcel.text and "10x" not in parcel.text
    card = await _ask(knowledge_pool, torrasul_config, "vcs parcelam no cartao?", encoder, clock,
                      store="torrasul")
    assert card.text.startswith("Formas de pagamento: PIX. Não parcelamos")
    pickup = await _ask(knowledge_pool, torrasul_config, "posso retirar ai?", encoder, clock,
                        store="torrasul")
    assert "Não temos retirada" in pickup.text and "Rua Augusta" not in pickup.text


async def test_english_question_gets_english_facts(knowledge_pool, torrasul_config, encoder,
                                                   clock) -> None:
    reply = await _ask(knowledge_pool, torrasul_config, "how much is shipping to 80010-000?",
                       encoder, clock, store="torrasul")
    assert reply.lang == "en"
    assert "Motoboy Curitiba: R$12.00, in 1 business day" in reply.text


async def test_unknowns_are_recorded_scrubbed_and_counted(knowledge_pool, demo_config, encoder,
                                                          clock) -> None:
    question = "vcs tem estacionamento? meu zap é (11) 98765-4321, email ana@exemplo.com"
    for _ in range(2):
        reply = await _ask(knowledge_pool, demo_config, question, encoder, clock)
        assert (reply.status, reply.text) == ("unknown", UNKNOWN_TEXT["pt"])
    silent = await _ask(knowledge_pool, demo_config, "qual a capital da franca?", encoder, clock,
                        record_unknown=False)
    assert silent.status == "unknown"
    async with knowledge_pool.connection() as conn:
        recorded = await list_unanswered(conn, "default")
    assert [(r.count, r.lang) for r in recorded] == [(2, "pt")]
    text = recorded[0].question
    assert "98765" not in text and "ana@exemplo.com" not in text
    assert text.startswith("vcs tem estacionamento? meu zap é h:")
