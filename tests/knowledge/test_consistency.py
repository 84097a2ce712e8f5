"""The shipped knowledge says what the store files say (no second source of numbers)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from balcao.money import format_money
from balcao.store_config import StoreConfig
from tests.knowledge.conftest import EVAL_STORES
from tools.knowledge.demo import demo_knowledge_dir
from tools.knowledge.hours_text import week_text
from tools.payments.terms import installment_plan

_MONEY = re.compile(r"R\$ ?(\d{1,3}(?:[.,]\d{3})*[.,]\d{2})")


def _text(folder: Path, lang: str) -> str:
    suffix = ".en.md" if lang == "en" else ".md"
    files = [p for p in sorted(folder.glob("*.md"))
             if p.name.endswith(suffix) and (lang == "en" or not p.name.endswith(".en.md"))]
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in files)


def _amounts(text: str) -> set[Decimal]:
    found = set()
    for raw in _MONEY.findall(text):
        digits = raw[:-3].replace(".", "").replace(",", "") + "." + raw[-2:]
        found.add(Decimal(digits))
    return found


def _config_amounts(config: StoreConfig) -> set[Decimal]:
    amounts = {o.price for o in config.shipping.options}
    if config.shipping.free_above is not None:
        amounts.add(config.shipping.free_above)
    if config.persuasion.installments is not None:
        amounts.add(config.persuasion.installments.min_installment)
    return {a.quantize(Decimal("0.01")) for a in amounts}


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_demo_knowledge_states_the_store_files_numbers(demo_config, lang: str) -> None:
    text = _text(demo_knowledge_dir(), lang)
    for option in demo_config.shipping.options:
        if option.price:
            assert format_money(option.price, "BRL", lang) in text, option.id
    assert format_money(demo_config.shipping.free_above, "BRL", lang) in text
    terms = demo_config.persuasion.installments
    assert format_money(terms.min_installment, "BRL", lang) in text
    assert (f"{terms.max}x sem juros" if lang == "pt" else f"{terms.max} interest-free") in text
    assert f"{demo_config.payment.link_minutes} minut" in text
    pickup = next(o for o in demo_config.shipping.options if o.kind == "pickup")
    assert pickup.address in text
    # The one amount that is not a setting is an example, and it must stay true.
    example = _amounts(text) - _config_amounts(demo_config)
    assert example == {Decimal("150.00")}
    assert installment_plan(Decimal("150.00"), terms) == (5, Decimal("30.00"))


def test_demo_hours_are_the_store_files_hours(demo_config) -> None:
    assert week_text(demo_config.escalation.hours.week, "pt") == (
        "seg a sex, 9h às 18h; sáb, 9h às 13h; dom, fechado")
    text = _text(demo_knowledge_dir(), "pt")
    assert "de segunda a sexta das 9h às 18h" in text and "sábado das 9h às 13h" in text


def test_second_store_knowledge_matches_its_rules(torrasul_config) -> None:
    text = _text(EVAL_STORES / "torrasul", "pt")
    assert torrasul_config.shipping.free_above is None and "não temos frete grátis" in text
    assert [m.provider for m in torrasul_config.payment.methods] == ["pix"]
    assert "Aceitamos apenas PIX" in text and "não parcelamos" in text
    assert not any(o.kind == "pickup" for o in torrasul_config.shipping.options)
    assert "Não temos retirada" in text
    assert f"{torrasul_config.payment.link_minutes} minutos" in text
    assert _amounts(text) - _config_amounts(torrasul_config) == {Decimal("8.00")}  # gift wrap
