"""Each strategy's eligibility, and the facts behind the numbers it may state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from balcao.persuasion_config import Coupon, Installments, PersuasionConfig
from graphs.sales.persuasion import builders, facts
from graphs.sales.persuasion.choose import pick_strategy
from graphs.sales.persuasion.objections import objection_type

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def state(text: str = "", intent: str = "other", *, sentiment: str = "neutral",
          memory: dict | None = None, outcome: dict | None = None, entities: dict | None = None,
          messages: int = 3, action: dict | None = None) -> dict[str, Any]:
    return {
        "turn_id": "t1",
        "inbound": [{"external_id": "x", "buyer_id": "b", "kind": "text", "text": text}],
        "classification": {"intent": intent, "confidence": 0.9, "entities": entities or {},
                           "sentiment": sentiment, "lang": "pt"},
        "persuasion": memory or {}, "outcome": outcome or {}, "action": action or {},
        "messages": [{"role": "buyer", "text": "x"}] * messages,
    }


@pytest.mark.parametrize(("text", "kind"), [
    ("ta muito caro", "price"), ("achei mais barato em outro site", "price"),
    ("isso é original mesmo? tenho medo de golpe", "trust"), ("vou pensar", "timing"),
    ("será que serve no meu tamanho?", "fit"), ("hmm sei la", "other"),
    ("too expensive", "price"), ("is it legit?", "trust"), ("I'll think about it", "timing"),
])
def test_objection_kinds(text: str, kind: str) -> None:
    assert objection_type(text) == kind


def test_price_objection_anchors_first_then_the_coupon_once() -> None:
    assert pick_strategy(state("ta caro", "objection")) == "anchoring"
    after_anchor = {"used": ["anchoring"], "hesitations": 1}
    assert pick_strategy(state("ainda acho caro", "objection", memory=after_anchor)) == \
        "reciprocity"
    after_coupon = after_anchor | {"coupon_offered": True, "hesitations": 2}
    assert pick_strategy(state("caro", "objection", memory=after_coupon)) == "anchoring"


def test_trust_timing_and_fit_objections() -> None:
    assert pick_strategy(state("é confiável?", "objection")) == "social_proof"
    assert pick_strategy(state("é confiável?", "objection",
                               memory={"used": ["social_proof"]})) == "authority"
    assert pick_strategy(state("vou pensar", "objection")) == "recap"
    assert pick_strategy(state("nao sei se serve", "objection")) == "consultative"


def test_no_persuasion_after_a_refusal_a_complaint_or_on_a_bad_mood() -> None:
    assert pick_strategy(state("caro", "objection", memory={"refused": True})) == "respond"
    assert pick_strategy(state("veio quebrado", "complaint", sentiment="negative")) == "respond"
    assert pick_strategy(state("nao", "deny")) == "respond"
    added = {"kind": "added", "line": {"sku": "A", "unit_price": "10"}}
    assert pick_strategy(state("", "add_to_cart", sentiment="negative", outcome=added)) == \
        "respond"


def test_signals_from_what_was_shown() -> None:
    added = {"kind": "added", "line": {"sku": "A", "unit_price": "10"}}
    assert pick_strategy(state("quero", "add_to_cart", outcome=added)) == "scarcity"
    assert pick_strategy(state("oi", "greeting", messages=1)) == "aida"
    assert pick_strategy(state("oi", "greeting", messages=3)) == "respond"
    many = {"kind": "search_results", "items": [{"sku": str(i)} for i in range(5)]}
    assert pick_strategy(state("tenis", "search_product", outcome=many)) == "consultative"
    assert pick_strategy(state("tenis ate 200", "search_product", outcome=many,
                               entities={"price_max": 200})) == "respond"
    assert pick_strategy(state("", "affirm", action={"remind": True})) == "recap"


def test_installments_never_add_up_to_more_than_the_price() -> None:
    terms = Installments(max=10, min_installment=Decimal("30.00"))
    assert facts.installment_plan(Decimal("299.90"), terms) == (9, Decimal("33.32"))
    assert facts.installment_plan(Decimal("1299.00"), terms) == (10, Decimal("129.90"))
    assert facts.installment_plan(Decimal("49.90"), terms) is None  # one installment only
    count, value = facts.installment_plan(Decimal("100.00"), Installments(
        max=3, min_installment=Decimal("1")))
    assert count * value <= Decimal("100.00")
    assert facts.discounted(Decimal("299.90"), Decimal("5")) == Decimal("284.91")


def test_a_strategy_without_its_data_is_not_eligible() -> None:
    bare = PersuasionConfig()
    assert builders.anchoring(bare, Decimal("299.90")) is None  # no terms configured
    assert builders.reciprocity(bare, Decimal("299.90")) is None  # no coupon
    with_coupon = PersuasionConfig(coupon=Coupon(code="X", percent=Decimal("10"),
                                                 min_subtotal=Decimal("100")))
    assert builders.reciprocity(with_coupon, Decimal("99.99")) is None
    assert builders.authority({"cor": "azul"}, "Camiseta") is None
    assert builders.authority({"garantia": "12 meses"}, "Fone") == {
        "name": "Fone", "specs": [["garantia", "12 meses"]]}


async def test_sales_counts_only_paid_orders_of_the_last_30_days(pool) -> None:
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO products (store_id, sku, name, price, currency, stock)"
            " VALUES ('default', 'P1', 'Produto', 10, 'BRL', 5)")
        for number, status, age, qty in [("1", "paid", 3, 2), ("2", "paid", 10, 1),
                                         ("3", "pending_payment", 1, 5), ("4", "paid", 40, 7),
                                         ("5", "expired", 2, 3)]:
            cur = await conn.execute(
                "INSERT INTO orders (store_id, number, status, currency, subtotal, total,"
                " created_at, updated_at) VALUES ('default', %s, %s, 'BRL', 1, 1, %s, %s)"
                " RETURNING id", (number, status, NOW - timedelta(days=age), NOW))
            order = (await cur.fetchone())["id"]
            await conn.execute(
                "INSERT INTO order_lines (order_id, sku, product_sku, name, unit_price, quantity,"
                " total) VALUES (%s, 'P1', 'P1', 'Produto', 1, %s, 1)", (order, qty))
            if status == "pending_payment":
                await conn.execute(
                    "INSERT INTO stock_reservations (store_id, order_id, sku, quantity,"
                    " expires_at, created_at) VALUES ('default', %s, 'P1', 2, %s, %s)",
                    (order, NOW + timedelta(minutes=30), NOW))
        assert await facts.units_sold(conn, "default", "P1", NOW) == 3
        assert await facts.units_available(conn, "default", "P1", NOW) == 3  # 5 minus 2 held
        assert await facts.units_available(conn, "default", "P1", NOW + timedelta(hours=1)) == 5
        top = await facts.best_seller(conn, "default", NOW)
        assert (top["sku"], int(top["units"])) == ("P1", 3)


def _with_history(base: dict[str, Any], *texts: str) -> dict[str, Any]:
    return base | {"messages": [{"role": "buyer", "text": t} for t in texts]}


@pytest.mark.parametrize("said", [
    "pra mim. ate 100", "é presente pra minha mae", "its a gift", "for myself, no budget",
    "no maximo 50 conto", "between 100 and 200",
])
def test_the_consultative_question_is_never_asked_once_answered(said: str) -> None:
    many = {"kind": "search_results", "items": [{"sku": str(i)} for i in range(5)]}
    later = _with_history(state("e calcados?", "search_product", outcome=many), said, "x")
    assert pick_strategy(later) == "respond"
    doubt = _with_history(state("nao sei se serve", "objection"), said)
    assert pick_strategy(doubt) == "respond"


def test_the_consultative_question_is_asked_once_per_conversation() -> None:
    many = {"kind": "search_results", "items": [{"sku": str(i)} for i in range(5)]}
    asked = {"used": ["consultative"], "nudges": 1}
    assert pick_strategy(state("tenis", "search_product", outcome=many, memory=asked)) == \
        "respond"
    assert pick_strategy(state("nao sei se serve", "objection", memory=asked)) == "respond"


def test_a_no_to_the_consultative_question_answers_it_and_refuses_nothing() -> None:
    from graphs.sales.persuasion.memory import after_buyer_turn

    block = {"strategy": "consultative", "template": "persuasion_consultative"}
    assert not after_buyer_turn({"block": block}, "deny").get("refused")  # type: ignore[typeddict-item]
    anchored = {"strategy": "anchoring", "template": "persuasion_anchoring"}
    assert after_buyer_turn({"block": anchored}, "deny").get("refused")  # type: ignore[typeddict-item]
