"""Facts from the store file: the numbers checkout charges, computed the same way."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from balcao.persuasion_config import Installments
from graphs.sales.persuasion import facts as persuasion_facts
from tools.knowledge import facts
from tools.knowledge.phrasing import render
from tools.payments.terms import discounted, installment_plan
from tools.shipping.cep import state_for_cep
from tools.shipping.quote import quote

CEPS = ["01310100", "04538132", "08300000", "08500000", "22041001", "30140071", "69005040",
        "80010000", "82590300", "88010000", "90010000", "13010111"]
SUBTOTALS = [None, Decimal("0"), Decimal("150.00"), Decimal("298.99"), Decimal("299.00"),
             Decimal("1000")]


@pytest.mark.parametrize("cep", CEPS)
@pytest.mark.parametrize("subtotal", SUBTOTALS)
def test_shipping_for_a_cep_is_what_checkout_quotes(demo_config, torrasul_config, cep: str,
                                                    subtotal: Decimal | None) -> None:
    for config in (demo_config, torrasul_config):
        fact = facts.shipping_for_cep(config, f"{cep[:5]}-{cep[5:]}", subtotal)
        assert isinstance(fact, facts.ShippingForCep)
        assert fact.options == quote(config.shipping, cep, subtotal or Decimal("0"))
        assert fact.state == state_for_cep(cep)


def test_a_cep_no_state_has_is_invalid(demo_config) -> None:
    assert facts.shipping_for_cep(demo_config, "00000-000", None) == facts.InvalidCep("00000000")


def test_a_state_lists_options_everywhere_and_those_for_some_ceps(demo_config) -> None:
    sp = facts.shipping_for_state(demo_config, "SP", None)
    assert [q.id for q in sp.everywhere] == ["retirada", "sudeste", "brasil"]
    assert [q.id for q in sp.some_ceps] == ["expressa-sp"]
    am = facts.shipping_for_state(demo_config, "AM", None)
    assert [q.id for q in am.everywhere] == ["retirada", "brasil"] and am.some_ceps == []


def test_state_facts_agree_with_quotes_at_every_cep_of_the_state(torrasul_config) -> None:
    fact = facts.shipping_for_state(torrasul_config, "PR", Decimal("10"))
    everywhere = {q.id for q in fact.everywhere}
    some = {q.id for q in fact.some_ceps}
    for prefix in range(80000, 88000, 250):
        ids = {q.id for q in quote(torrasul_config.shipping, f"{prefix:05d}000", Decimal("10"))}
        assert everywhere <= ids <= everywhere | some
    assert some == {"motoboy-cwb"}


def test_every_states_cep_ranges_start_at_a_hundred() -> None:
    """The probes of `shipping_for_state` assume it; checked against every prefix."""
    previous = None
    for prefix in range(100_000):
        uf = state_for_cep(f"{prefix:05d}000")
        if uf != previous:
            assert prefix % 100 == 0, prefix
        previous = uf


def test_free_shipping_gap(demo_config, torrasul_config) -> None:
    assert facts.free_shipping(demo_config, Decimal("250.00")).gap == Decimal("49.00")
    assert facts.free_shipping(demo_config, Decimal("320.00")).gap == Decimal("0")
    no_free = facts.free_shipping(torrasul_config, Decimal("320.00"))
    assert (no_free.threshold, no_free.gap) == (None, None)


@pytest.mark.parametrize("total", ["10", "59.99", "60", "89.90", "299.99", "450", "9999.99"])
def test_instalments_match_what_persuasion_quotes(total: str) -> None:
    terms = Installments(max=10, min_installment=Decimal("30.00"), interest_free=True)
    amount = Decimal(total)
    assert installment_plan(amount, terms) == persuasion_facts.installment_plan(amount, terms)
    assert discounted(amount, Decimal("5")) == persuasion_facts.discounted(amount, Decimal("5"))


def test_payment_facts_follow_the_methods(demo_config, torrasul_config) -> None:
    demo = facts.payment(demo_config, Decimal("450.00"))
    assert demo.methods == ["Cartão ou boleto (link)"] and not demo.takes_pix
    assert demo.pix_discount_percent is None  # a discount on a method the store lacks: never
    assert demo.installments is not None and demo.installments.plan == (10, Decimal("45.00"))
    pix_only = facts.payment(torrasul_config, Decimal("450.00"))
    assert pix_only.takes_pix and pix_only.methods == ["PIX"] and pix_only.installments is None
    assert facts.installments_or_none(torrasul_config, None) == facts.NoInstallments(["PIX"])


def test_pickup_and_hours(demo_config, torrasul_config) -> None:
    wednesday_noon = datetime(2025, 3, 5, 15, 0, tzinfo=UTC)
    pickup = facts.pickup(demo_config, wednesday_noon)
    assert pickup.address == "Rua Augusta, 1500 - Consolação, São Paulo - SP"
    assert pickup.price == Decimal("0") and pickup.hours is not None and pickup.hours.open_now
    assert facts.pickup(torrasul_config, wednesday_noon) == facts.Pickup(available=False)
    team = facts.team(torrasul_config, wednesday_noon)  # lunch break
    assert team.hours is not None and not team.hours.open_now
    assert render(team, "pt") == ("A equipe atende seg a sex, 8h às 12h e 13h às 17h; sáb, 9h às "
                                  "12h; dom, fechado. Agora estamos fechados; abrimos quarta às "
                                  "13h.")


def test_phrasing_uses_the_facts_numbers(demo_config) -> None:
    fact = facts.shipping_for_cep(demo_config, "22041001", Decimal("250.00"))
    assert render(fact, "pt") == (
        "Frete para o CEP 22041-001 (RJ):\n"
        "• PAC Sudeste: R$ 24,90, em até 4 dias úteis\n"
        "• PAC Brasil: R$ 39,90, em até 9 dias úteis\n"
        "• Retirar na loja: grátis, no mesmo dia útil\n"
        "Frete grátis nas entregas a partir de R$ 299,00 em produtos. Faltam R$ 49,00 no seu "
        "carrinho (R$ 250,00) para o frete grátis.")
    assert render(fact, "en").splitlines()[1] == "• PAC Sudeste: R$24.90, in up to 4 business days"
