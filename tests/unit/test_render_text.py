"""Every reply template renders in both languages, with exact money formatting."""

from __future__ import annotations

import pytest

from api.render.locales import en, pt
from api.render.text import render_body
from balcao.messages import Reply
from balcao.money import format_money

CART = {"lines": [{"sku": "A-1", "name": "Tênis", "variant": {"tamanho": "42", "cor": "preto"},
                   "quantity": 2, "unit_price": "649.95", "total": "1299.90"}],
        "subtotal": "1299.90", "currency": "BRL", "items": 2}
ORDER = {"number": "1001", "total": "1299.90", "status": "paid"}
FIELDS = {
    "search_results": {"items": [{"sku": "A", "name": "A", "price": "1.00"}]},
    "product_detail": {"product": {"sku": "A", "name": "A", "price": "10", "in_stock": False,
                                   "description": "d"}, "variants": []},
    "order_reconciled": {"added": [{"sku": "A", "name": "A", "quantity": 1}], "unknown": ["X"],
                         "unavailable": ["B"], "repriced": [{"name": "A", "price": "5.5"}],
                         "cart": CART},
    "added": {"line": {"sku": "A", "name": "Tênis", "variant": {"tamanho": "42"},
                       "quantity": 2, "unit_price": "649.95"}, "cart": CART,
              "suggestions": [{"sku": "M", "name": "Meia", "price": "9.90"}]},
    "removed": {"name": "A", "cart": {"lines": [], "subtotal": "0"}},
    "cart_summary": {"cart": CART},
    "which_cart_item": {"cart": CART},
    "cart_reminder": {"items": 2, "subtotal": "1299.9"},
    "objection_ack": {"kind": "price"},
    "swapped": {"name": "Camiseta", "from": {"tamanho": "M"}, "to": {"tamanho": "G"},
                "cart": CART},
    "swap_unavailable": {"cart": CART},
    "persuasion_only": {"persuasion": {"strategy": "recap", "template":
                                       "persuasion_reminder_set", "fields": {}}},
    "order_summary": {"lines": CART["lines"], "subtotal": "1299.90",
                      "shipping": {"id": "x", "name": "PAC", "kind": "delivery",
                                   "price": "0", "days": 4, "address": None},
                      "total": "1299.90", "name": "Maria", "price_changes": [
                          {"sku": "A", "name": "A", "old": "1", "new": "2"}],
                      "address": {"street": "Rua A, 1", "cep": "04567000", "uf": "SP"}},
    "payment_link": {"order": ORDER, "payment": {"link_url": "http://x/pay/t"}},
    "payment_failed": {"order": ORDER, "payment": {"pix_code": "000201..."}},
    "payment_confirmed": {"order": ORDER},
    "payment_expired": {"order": ORDER},
    "payment_unavailable": {"order": ORDER},
    "payment_failed_sold_out": {"order": ORDER},
    "order_already_paid": {"order": ORDER},
    "order_status": {"orders": [ORDER]},
    "stock_shortage": {"shortages": {"A-1": 0}},
    "confirm_last_address": {"address": {"street": "Rua A, 1", "cep": "04567000", "uf": "SP"}},
    "ask_address": {"cep": "04567000"},
    "prices_changed": {"changes": [{"sku": "A", "name": "A", "old": "1", "new": "2"}]},
    "no_results": {"query": "xyz"},
    "choose_variant": {"name": "A", "variants": []},
    "position_out_of_range": {"count": 3},
    "out_of_stock": {"name": "A"},
    "not_enough_stock": {"name": "A", "available": 1},
    "handoff_waiting": {"reason": "complaint", "open_now": True, "wait_minutes": 5},
    "handoff_returned": {"next_step": "checkout"},
}


def test_both_languages_word_the_same_templates() -> None:
    assert set(pt.TEMPLATES) == set(en.TEMPLATES)
    assert set(pt.PHRASES) == set(en.PHRASES)


@pytest.mark.parametrize("lang", ["pt", "en"])
@pytest.mark.parametrize("template", sorted(pt.TEMPLATES))
def test_every_template_renders(template: str, lang: str) -> None:
    body = render_body(Reply(template=template, fields=FIELDS.get(template, {}), lang=lang))
    assert body.strip() and "{" not in body


def test_cart_totals_are_exact_and_localized() -> None:
    pt_body = render_body(Reply(template="cart_summary", fields={"cart": CART}, lang="pt"))
    en_body = render_body(Reply(template="cart_summary", fields={"cart": CART}, lang="en"))
    assert "2x Tênis (42 / preto) — R$ 1.299,90" in pt_body
    assert "R$1,299.90" in en_body


def test_money_rounds_half_up_to_cents() -> None:
    assert format_money("0.005") == "R$ 0,01"
    assert format_money("1234567.895", lang="en") == "R$1,234,567.90"


def test_an_unknown_template_is_a_loud_error() -> None:
    with pytest.raises(ValueError, match="nope"):
        render_body(Reply(template="nope"))


@pytest.mark.parametrize("lang", ["pt", "en"])
@pytest.mark.parametrize("fields", [
    {"reason": "asked_for_human", "open_now": False, "opens_weekday": 0, "opens_time": "09:00",
     "opens_today": False},
    {"reason": "vip", "open_now": False, "opens_weekday": 2, "opens_time": "13:30",
     "opens_today": True},
    {"reason": "unknown_reason", "open_now": False},
])
def test_the_handoff_message_says_when_someone_answers(fields: dict, lang: str) -> None:
    body = render_body(Reply(template="handoff_waiting", fields=fields, lang=lang))
    assert "{" not in body
    if "opens_time" in fields:
        assert fields["opens_time"] in body
    if fields.get("opens_weekday") == 0 and lang == "pt":
        assert "segunda às 09:00" in body
