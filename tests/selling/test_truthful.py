"""No strategy can state a number its data does not hold, in any language, nor after a
rephrasing."""

from __future__ import annotations

import itertools
from collections import Counter
from decimal import Decimal

import pytest

from api.render.locales import en, pt
from api.render.truth import guarded, numbers_in, states_only
from balcao.money import format_money
from balcao.persuasion_config import Coupon, Installments, PersuasionConfig
from graphs.sales.persuasion import builders

AMOUNTS = [Decimal(a) for a in ("19.90", "99.99", "299.90", "1299.00", "2499.90", "100.00")]
CONFIGS = [
    PersuasionConfig(installments=Installments(max=10, min_installment=Decimal("30")),
                     pix_discount_percent=Decimal("5"),
                     coupon=Coupon(code="VOLTEI10", percent=Decimal("10"))),
    PersuasionConfig(installments=Installments(max=12, min_installment=Decimal("25.50"),
                                               interest_free=False),
                     pix_discount_percent=Decimal("7.5"),
                     coupon=Coupon(code="BEMVINDO15", percent=Decimal("15"),
                                   min_subtotal=Decimal("150"))),
    PersuasionConfig(),
]


def allowed_numbers(fields: dict, lang: str) -> Counter[str]:
    """The numbers the data behind a block supports, written as the locale writes them."""
    allowed: Counter[str] = Counter()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, bool):
            return
        elif key in {"amount", "value", "price", "subtotal"}:
            allowed.update(numbers_in(format_money(str(value), lang=lang)))
        else:
            text = str(value).replace(".", ",") if key == "percent" and lang == "pt" \
                else str(value)
            allowed.update(numbers_in(text))

    walk(fields)
    return allowed


def blocks() -> list[tuple[str, dict]]:
    found = []
    for config, amount in itertools.product(CONFIGS, AMOUNTS):
        for strategy, fields in (("anchoring", builders.anchoring(config, amount,
                                                                  pix_honoured=True)),
                                 ("reciprocity", builders.reciprocity(config, amount))):
            if fields is not None:
                for variant in ("", "_pix_first"):
                    if strategy == "anchoring" or not variant:
                        found.append((f"persuasion_{strategy}{variant}", fields))
    found += [
        ("persuasion_social_proof", {"name": "Garrafa Térmica Inox 1 L", "units": 17, "days": 30}),
        ("persuasion_scarcity", {"name": "Power Bank 10.000 mAh", "units": 2}),
        ("persuasion_scarcity_variant", {"name": "Tênis de Caminhada", "variant": "38 rosa",
                                         "units": 2}),
        ("persuasion_reminder_unavailable", {}),
        ("persuasion_authority", builders.authority(
            {"garantia": "12 meses", "capacidade": "10.000 mAh", "cor": "preto"},
            "Power Bank 10.000 mAh")),
        ("persuasion_aida", {"name": "Tênis de Corrida Veloz Pro", "units": 42, "days": 30}),
        ("persuasion_recap", {"items": 3, "subtotal": "1349.70"}),
        ("persuasion_recap", {"name": "Caneca Térmica 450 ml", "price": "69.90"}),
        ("persuasion_consultative", {"tone": "informal"}),
        ("persuasion_reminder_set", {}),
    ]
    return found


@pytest.mark.parametrize("locale", [pt, en], ids=["pt", "en"])
@pytest.mark.parametrize(("template", "fields"), blocks())
def test_every_number_in_a_strategy_sentence_comes_from_its_data(
    locale, template: str, fields: dict
) -> None:
    lang = "en" if locale is en else "pt"
    strategy = template.removeprefix("persuasion_").removesuffix("_pix_first")
    for tone in ("informal", "formal"):
        sentence = locale.PERSUASION({"strategy": strategy, "template": template,
                                      "fields": fields, "tone": tone})
        assert sentence.strip()
        assert states_only(sentence, allowed_numbers(fields, lang)), (sentence, fields)


def test_installments_quoted_never_exceed_the_price() -> None:
    for config, amount in itertools.product(CONFIGS[:2], AMOUNTS):
        fields = builders.anchoring(config, amount, pix_honoured=True)
        if fields and "installments" in fields:
            plan = fields["installments"]
            assert plan["count"] * Decimal(plan["value"]) <= amount
            assert Decimal(plan["value"]) >= config.installments.min_installment or \
                plan["count"] == 2


def test_a_rephrasing_that_changes_or_adds_a_number_is_refused() -> None:
    original = pt.PERSUASION({"strategy": "anchoring", "template": "persuasion_anchoring",
                              "fields": {"amount": "299.90", "installments": {
                                  "count": 9, "value": "33.32", "interest_free": True},
                                  "pix": {"percent": "5", "price": "284.91"}}})
    reordered = "No PIX fica R$ 284,91 (5% de desconto), ou 9x de R$ 33,32 sem juros."
    assert guarded(original, reordered) == reordered
    for invented in ("Em 12x de R$ 24,99 sem juros!", "No PIX sai por R$ 284,91 (10% off).",
                     "9x de R$ 33,32 sem juros e frete grátis acima de R$ 199,00.",
                     "Só hoje: 9x de R$ 33,32, 9x de R$ 33,32!"):
        assert guarded(original, invented) == original


def test_the_store_tone_picks_the_formal_wording() -> None:
    block = {"strategy": "consultative", "template": "persuasion_consultative", "fields": {}}
    informal = pt.PERSUASION(block | {"tone": "informal"})
    formal = pt.PERSUASION(block | {"tone": "formal"})
    assert "Pra eu te indicar" in informal and "senhor(a)" in formal
