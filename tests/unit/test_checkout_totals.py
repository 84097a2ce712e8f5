"""What an order costs is computed once, for the cart as it is now (issue #12)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml

from balcao.store_config import StoreConfig, load_store_config
from graphs.sales.buyer_details import plausible_name, read_details
from graphs.sales.checkout_flow import (
    changes_checkout,
    claims_payment,
    coupon_in,
    next_step,
    wants_change,
)
from graphs.sales.checkout_menus import carrier_not_offered, choice_by_words
from graphs.sales.checkout_totals import (
    Totals,
    discounts_for,
    fingerprint,
    next_summary,
    pix_discount_honoured,
    quotes_for,
    refresh_shipping,
)
from graphs.sales.persuasion import builders
from tools.catalog.text import fold

DEMO = load_store_config("default")


def with_pix(config: StoreConfig) -> StoreConfig:
    data: dict[str, Any] = yaml.safe_load(config.model_dump_json())
    data["payment"]["methods"].append({"id": "pix", "name": "PIX", "provider": "pix"})
    return StoreConfig.model_validate(data)


def test_free_shipping_goes_away_when_the_cart_falls_under_free_above() -> None:
    collected: dict[str, Any] = {"cep": "22041001", "uf": "RJ"}
    rich = quotes_for(DEMO, collected, Decimal("319.70"))
    collected["shipping"] = next(q for q in rich if q["id"] == "sudeste")
    assert collected["shipping"]["price"] == "0"
    assert refresh_shipping(collected, DEMO, Decimal("159.80"))  # "tira o fone"
    assert (collected["shipping"]["id"], collected["shipping"]["price"]) == ("sudeste", "24.90")
    totals = Totals(Decimal("159.80"), collected["shipping"])
    assert totals.total == Decimal("184.70")


def test_an_option_that_no_longer_serves_the_cep_is_asked_again() -> None:
    collected: dict[str, Any] = {"cep": "01310100", "uf": "SP"}
    collected["shipping"] = next(q for q in quotes_for(DEMO, collected, Decimal("50"))
                                 if q["id"] == "expressa-sp")
    collected["cep"], collected["uf"] = "22041001", "RJ"  # a new CEP, outside the capital
    assert not refresh_shipping(collected, DEMO, Decimal("50"))
    assert collected["shipping"] is None


def test_without_a_cep_only_pickup_is_quoted() -> None:
    assert [q["id"] for q in quotes_for(DEMO, {}, Decimal("50"))] == ["retirada"]


def test_the_coupon_counts_only_from_its_minimum_and_once_per_customer() -> None:
    collected = {"coupon": "voltei10"}
    assert discounts_for(collected, DEMO, Decimal("99.99")) == []
    assert discounts_for(collected, DEMO, Decimal("159.80")) == [
        {"kind": "coupon", "code": "VOLTEI10", "percent": "10", "amount": "15.98"}]
    assert discounts_for(collected, DEMO, Decimal("159.80"), coupon_used=True) == []
    assert discounts_for({"coupon": "OUTRO5"}, DEMO, Decimal("159.80")) == []


def test_pix_is_discounted_only_when_paying_by_pix_at_a_store_that_takes_it() -> None:
    assert not pix_discount_honoured(DEMO)  # the demo store has no PIX method
    assert builders.anchoring(DEMO.persuasion, Decimal("399.90"),
                              pix_honoured=pix_discount_honoured(DEMO)) == {
        "amount": "399.90", "installments": {"count": 10, "value": "39.99",
                                             "interest_free": True}}
    store = with_pix(DEMO)
    assert pix_discount_honoured(store)
    anchor = builders.anchoring(store.persuasion, Decimal("399.90"), pix_honoured=True)
    assert anchor is not None and anchor["pix"] == {"percent": "5", "price": "379.91"}
    # ...and checkout charges that price when the buyer pays by PIX.
    (pix,) = discounts_for({"payment_method": "pix"}, store, Decimal("399.90"))
    assert Decimal("399.90") - Decimal(pix["amount"]) == Decimal("379.91")
    assert discounts_for({"payment_method": "link"}, store, Decimal("399.90")) == []


def test_a_summary_keeps_its_version_until_something_changes() -> None:
    ship = {"id": "retirada", "name": "Retirar", "kind": "pickup", "price": "0", "days": 0,
            "address": "Loja"}
    lines = [("A", 1, "89.90"), ("B", 1, "69.90")]
    totals = Totals(Decimal("159.80"), ship)  # type: ignore[arg-type]
    first = next_summary(None, fingerprint(lines, totals, {"name": "Ana"}), totals.total)
    assert first["version"] == 1
    again = next_summary(first, fingerprint(lines, totals, {"name": "Ana"}), totals.total)
    assert again == first
    fewer = Totals(Decimal("89.90"), ship)  # type: ignore[arg-type]
    changed = next_summary(first, fingerprint(lines[:1], fewer, {"name": "Ana"}), fewer.total)
    assert changed["version"] == 2 and changed["total"] == "89.90"
    used_up = {**changed, "fingerprint": ""}  # the order it agreed to was placed
    assert next_summary(used_up, changed["fingerprint"], fewer.total)["version"] == 3


@pytest.mark.parametrize(("text", "name"), [
    ("meu nome é Diego Alves da Silva", "Diego Alves da Silva"),
    ("sou a maria", "Maria"),
    ("é pra Maria Lima", "Maria Lima"),
    ("me chamo joão pedro", "João Pedro"),
    ("my name is John Smith", "John Smith"),
    ("Carla dias", "Carla Dias"),
])
def test_a_name_given_in_a_sentence_is_the_name(text: str, name: str) -> None:
    assert plausible_name(text) == name


def test_one_message_fills_every_slot_it_contains() -> None:
    assert read_details("Maria Souza, 04567-000, Rua das Flores 123 ap 4") == {
        "name": "Maria Souza", "cep": "04567000", "uf": "SP", "street": "Rua das Flores 123 ap 4"}
    found = read_details("meu nome e ana paula, moro na rua augusta 500 cep 01305-000")
    assert (found["name"], found["cep"], found["street"]) == (
        "Ana Paula", "01305000", "rua augusta 500")
    assert "name" not in read_details("04567-000")
    assert "street" not in read_details("Maria Souza")


@pytest.mark.parametrize(("text", "claim"), [
    ("já paguei", True), ("paguei, tá confirmado?", True), ("fiz o pix", True),
    ("I already paid", True), ("paid, is it confirmed?", True),
    ("como eu pago?", False), ("manda o link de novo", False), ("qual o prazo?", False),
    ("ainda nao paguei, manda o link", False), ("I haven't paid yet", False),
])
def test_a_payment_claim_is_recognised(text: str, claim: bool) -> None:
    assert claims_payment(fold(text)) is claim


def test_the_coupon_a_message_gives() -> None:
    assert coupon_in("tenho o cupom voltei10", "VOLTEI10") == "VOLTEI10"
    assert coupon_in("i have the coupon VOLTEI10!", "VOLTEI10") == "VOLTEI10"
    assert coupon_in("tenho o cupom BEMVINDO5", "VOLTEI10") == "BEMVINDO5"  # said, to refuse
    assert coupon_in("tem cupom de desconto?", "VOLTEI10") is None
    assert coupon_in("my zip code is 01310-100", "VOLTEI10") is None


@pytest.mark.parametrize(("text", "slots"), [
    ("pera, muda o cep", ["address"]), ("troca o frete pfv", ["shipping"]),
    ("quero mudar a forma de pagamento", ["payment_method"]),
    ("can i change the shipping?", ["shipping"]), ("Rua Alterosa, 55", []),
])
def test_what_the_buyer_asks_to_change(text: str, slots: list[str]) -> None:
    assert wants_change(fold(text)) == slots


def test_what_changes_an_order_summary() -> None:
    assert changes_checkout("muda o cep pra 22041-001")
    assert changes_checkout("vou retirar na loja")
    assert changes_checkout("entrega na rua augusta 500")
    assert not changes_checkout("sim")
    assert not changes_checkout("qual o prazo?")


def test_pickup_needs_no_address_and_digital_goods_no_shipping() -> None:
    pickup = {"kind": "pickup", "id": "retirada"}
    assert next_step({"name": "Ana"}) == "cep"
    assert next_step({"name": "Ana", "shipping": pickup}) == "payment_method"
    assert next_step({"name": "Ana"}, digital=True) == "payment_method"
    assert next_step({"name": "Ana", "payment_method": "link"}, digital=True) == "confirm"


SHIPPING_MENU = [("retirada", "Retirar na loja"), ("expressa-sp", "Entrega expressa (capital SP)"),
                 ("sudeste", "PAC Sudeste"), ("brasil", "PAC Brasil")]


@pytest.mark.parametrize(("text", "chosen"), [
    ("a expressa", "expressa-sp"), ("vai na expressa entao", "expressa-sp"),
    ("PAC sudeste pfv", "sudeste"), ("pac", None),  # two PAC options: not a guess
    ("tem sedex?", None), ("sim", None), ("", None),
])
def test_a_typed_menu_answer_names_one_option(text: str, chosen: str | None) -> None:
    assert choice_by_words(text, SHIPPING_MENU) == chosen


def test_a_carrier_the_store_does_not_have_is_named() -> None:
    names = [name for _, name in SHIPPING_MENU]
    assert carrier_not_offered("tem sedex?", names) == "Sedex"
    assert carrier_not_offered("manda por jadlog", names) == "Jadlog"
    assert carrier_not_offered("a expressa", names) is None
    assert carrier_not_offered("sedex", ["Sedex 10"]) is None
