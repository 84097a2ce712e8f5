"""Every reply template renders in both languages, with exact money formatting."""

from __future__ import annotations

import pytest

from api.render.locales import en, pt
from api.render.text import render_body, word_options
from balcao.messages import Reply, ReplyOption
from balcao.money import format_money
from graphs.sales.nodes.respond import respond

CART = {"lines": [{"sku": "A-1", "name": "Tênis", "variant": {"tamanho": "42", "cor": "preto"},
                   "quantity": 2, "unit_price": "649.95", "total": "1299.90"}],
        "subtotal": "1299.90", "currency": "BRL", "items": 2}
ORDER = {"number": "1001", "total": "1299.90", "status": "paid"}
BASKET = {
    "basket": [{"sku": "OCU", "name": "Óculos de Sol", "price": "149.90", "attributes": {},
                "need": "oculos de sol"},
               {"sku": "SAN", "name": "Rasteira", "price": "89.90",
                "attributes": {"tamanho": "36"}, "need": "uma sandalia 36"}],
    "subtotal": "239.80", "basket_total": "239.80", "budget": "250", "within_budget": True,
    "delivery": {"cep": "04567000", "name": "PAC Sudeste", "price": "0", "days": "4"},
}
FIELDS = {
    "basket": BASKET,
    "store_answer": {"status": "unknown", "text": "Não encontrei.", "sources": []},
    "search_results": {"items": [{"sku": "A", "name": "A", "price": "1.00"}]},
    "product_detail": {"product": {"sku": "A", "name": "A", "price": "10", "in_stock": False,
                                   "description": "d"}, "variants": []},
    "order_reconciled": {"added": [{"sku": "A", "name": "A", "quantity": 1}], "unknown": ["X"],
                         "unavailable": ["B"], "repriced": [{"name": "A", "price": "5.5"}],
                         "cart": CART},
    "added": {"line": {"sku": "A", "name": "Tênis", "variant": {"tamanho": "42"},
                       "quantity": 2, "unit_price": "649.95"}, "cart": CART,
              "suggestions": [{"sku": "M", "name": "Meia", "price": "9.90"}]},
    "added_items": {"added_lines": [{"sku": "A", "name": "Tênis", "variant": {"tamanho": "42"},
                                     "quantity": 2, "unit_price": "649.95"}],
                    "problems": [{"reason": "out_of_stock", "name": "Top", "variant": "P / rosa"},
                                 {"reason": "not_enough_stock", "name": "Meia", "available": 1},
                                 {"reason": "which_product", "candidates": ["A", "B"]},
                                 {"reason": "position_out_of_range", "name": "o 5"},
                                 {"reason": "product_gone", "name": "xyz"}],
                    "name": "Legging", "variants": [{"sku": "L-G", "name": "Legging (G)",
                                                     "price": "119.90"}],
                    "cart": CART},
    "removed": {"name": "A", "cart": {"lines": [], "subtotal": "0"}},
    "cart_summary": {"cart": CART},
    "which_cart_item": {"cart": CART},
    "cart_reminder": {"items": 2, "subtotal": "1299.9"},
    "objection_ack": {"kind": "price"},
    "quantity_set": {"name": "Capinha", "quantity": 2, "cart": CART},
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
    "payment_received": {"order": ORDER},
    "payment_not_received": {"order": ORDER | {"status": "pending_payment"},
                             "payment": {"status": "pending"}},
    "order_status": {"orders": [ORDER]},
    "stock_shortage": {"shortages": {"A-1": 0}},
    "confirm_last_address": {"address": {"street": "Rua A, 1", "cep": "04567000", "uf": "SP"}},
    "ask_address": {"cep": "04567000"},
    "prices_changed": {"changes": [{"sku": "A", "name": "A", "old": "1", "new": "2"}]},
    "no_results": {"query": "xyz"},
    "product_answer": {"product": {"sku": "A", "name": "A", "price": "10"}, "status": "unknown",
                       "facts": [{"name": "bateria", "value": "30 h"},
                                 {"name": "description", "value": "resistente a suor"}],
                       "option": {"name": "cor", "value": "preto", "available": False},
                       "missing": ["warranty"]},
    "product_comparison": {"products": [{"sku": "A", "name": "A", "price": "10"},
                                        {"sku": "B", "name": "B", "price": "12"}],
                           "differences": [{"name": "capacidade", "values": ["1 L", ""]}],
                           "same": [{"name": "material", "value": "inox"}],
                           "pick": {"sku": "A", "name": "A", "reason": "cheaper", "saving": "2"}},
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


SUMMARY_WITH_DISCOUNT = FIELDS["order_summary"] | {
    "subtotal": "1299.90", "total": "1169.91", "previous_total": "1299.90",
    "discounts": [{"kind": "coupon", "code": "VOLTEI10", "percent": "10", "amount": "129.99"}],
    "discount": "129.99", "price_changes": [],
}


@pytest.mark.parametrize(("lang", "expected"), [
    ("pt", ["Cupom VOLTEI10 (10%): -R$ 129,99", "Total: R$ 1.169,91", "R$ 1.299,90 para"]),
    ("en", ["Coupon VOLTEI10 (10%): -R$129.99", "Total: R$1,169.91", "from R$1,299.90 to"]),
])
def test_a_summary_shows_its_discount_and_a_changed_total(lang: str, expected: list[str]) -> None:
    body = render_body(Reply(template="order_summary", fields=SUMMARY_WITH_DISCOUNT, lang=lang))
    for text in expected:
        assert text in body, body


def test_a_pickup_summary_without_an_address_shows_where_to_pick_up() -> None:
    fields = FIELDS["order_summary"] | {
        "shipping": {"id": "retirada", "name": "Retirar na loja", "kind": "pickup", "price": "0",
                     "days": 0, "address": "Rua Augusta, 1500"},
        "address": {"street": "", "cep": "", "uf": ""}}
    body = render_body(Reply(template="order_summary", fields=fields, lang="pt"))
    assert "Para Maria: Rua Augusta, 1500" in body and "CEP" not in body


@pytest.mark.parametrize("status", ["pending", "failed"])
def test_payment_not_received_never_repeats_the_order_created_message(status: str) -> None:
    fields = {"order": ORDER | {"status": "pending_payment"}, "payment": {"status": status}}
    body = render_body(Reply(template="payment_not_received", fields=fields, lang="pt"))
    assert "1001" in body and "criado" not in body and "/pay/" not in body


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


OPTION_FIELDS = {
    "product": {"price": "1234.5", "price_max": "2000", "in_stock": False},
    "shipping": {"price": "32", "kind": "delivery", "days": 5},
    "category": {"count": 12},
}


def test_both_languages_word_the_same_options() -> None:
    assert set(pt.OPTIONS) == set(en.OPTIONS)


@pytest.mark.parametrize("lang", ["pt", "en"])
@pytest.mark.parametrize("label", sorted(pt.OPTIONS))
def test_every_option_label_is_worded(label: str, lang: str) -> None:
    option = ReplyOption(id="x", title="Nome", label=label, fields=OPTION_FIELDS.get(label, {}))
    [worded] = word_options(Reply(template="t", options=[option], lang=lang)).options
    assert worded.title.strip() and "{" not in worded.title + (worded.description or "")


@pytest.mark.parametrize(("label", "fields", "lang", "expected"), [
    ("check_out", {}, "pt", ("Finalizar compra", None)),
    ("check_out", {}, "en", ("Check out", None)),
    ("my_cart", {}, "pt", ("Meu carrinho", None)),
    ("product", {"price": "1234.5", "price_max": "2000", "in_stock": False}, "pt",
     ("Tênis", "a partir de R$ 1.234,50 · esgotado")),
    ("product", {"price": "1234.5", "price_max": None, "in_stock": True}, "en",
     ("Tênis", "R$1,234.50")),
    ("product", {"price": None}, "pt", ("Tênis", None)),
    ("shipping", {"price": "0", "kind": "pickup", "days": 0}, "pt", ("Tênis", "Grátis")),
    ("shipping", {"price": "15.5", "kind": "delivery", "days": 0}, "en",
     ("Tênis", "R$15.50 · today")),
    ("shipping", {"price": "32", "kind": "delivery", "days": 5}, "pt",
     ("Tênis", "R$ 32,00 · 5 dia(s) útil(eis)")),
    ("category", {"count": 12}, "en", ("Tênis", "12 products")),
])
def test_option_wording(label: str, fields: dict, lang: str, expected: tuple) -> None:
    option = ReplyOption(id="x", title="Tênis", label=label, fields=fields)
    [worded] = word_options(Reply(template="t", options=[option], lang=lang)).options
    assert (worded.title, worded.description) == expected


def test_the_body_comes_with_the_options_worded_for_the_channel() -> None:
    reply = Reply(template="cart_empty", lang="en", options=[
        ReplyOption(id="browse", label="see_products"), ReplyOption(id="show:A", title="A")])
    render_body(reply)
    assert [(o.title, o.description) for o in reply.options] == [("See products", None),
                                                                 ("A", None)]
    render_body(reply)  # wording again changes nothing
    assert [o.title for o in reply.options] == ["See products", "A"]


def test_an_unknown_option_label_is_a_loud_error() -> None:
    with pytest.raises(ValueError, match="nope"):
        render_body(Reply(template="cart_empty", options=[ReplyOption(id="x", label="nope")]))


@pytest.mark.parametrize(("lang", "titles"), [
    ("pt", ["Finalizar compra", "Continuar comprando"]),
    ("en", ["Check out", "Keep shopping"]),
])
def test_the_graph_offers_options_by_label_and_the_renderer_words_them(
        lang: str, titles: list[str]) -> None:
    state = {"turn_id": "t", "inbound": [], "lang": lang,
             "outcome": {"kind": "cart_summary", "cart": CART}}
    reply = Reply.model_validate(respond(state)["reply"])
    assert [o.title for o in reply.options] == ["", ""]
    assert [o.title for o in word_options(reply).options] == titles


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_a_store_answer_is_the_knowledge_text_and_an_unknown_offers_a_person(lang) -> None:
    answered = render_body(Reply(template="store_answer", lang=lang, fields={
        "status": "answered", "text": "Parcelamos em até 10x.", "sources": ["pagamento"]}))
    unknown = render_body(Reply(template="store_answer", lang=lang, fields={
        "status": "unknown", "text": "Não sei.", "sources": []}))
    assert answered == "Parcelamos em até 10x."
    assert unknown.startswith("Não sei.\n\n") and len(unknown) > len("Não sei.") + 10


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_a_basket_names_each_item_its_price_the_shipping_and_the_total(lang) -> None:
    body = render_body(Reply(template="basket", fields=BASKET, lang=lang))
    for fact in ("Óculos de Sol", "Rasteira (36)", "149", "89", "239", "04567-000",
                 "PAC Sudeste", "250"):
        assert fact in body
    assert ("grátis" if lang == "pt" else "free") in body
    over = render_body(Reply(template="basket", lang=lang,
                             fields=BASKET | {"budget": "200", "within_budget": False}))
    assert ("Não consegui" if lang == "pt" else "could not fit") in over
