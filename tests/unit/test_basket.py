"""Several needs in one message: how the message is cut, how one product per need is picked
within a budget, and how answers to a basket are read."""

from __future__ import annotations

from decimal import Decimal

from graphs.sales.basket.follow_up import basket_requests
from graphs.sales.basket.picker import pick
from graphs.sales.basket.pieces import may_list_needs, need_pieces
from graphs.sales.basket_types import BasketItem, NeedData, NeedItem


def _item(sku: str, price: str, **attributes: str) -> NeedItem:
    return {"sku": sku, "name": sku.title(), "price": price, "attributes": attributes}


def _need(said: str, *items: NeedItem) -> NeedData:
    return {"said": said, "items": list(items)}


def test_a_list_of_needs_is_cut_into_its_parts_without_the_lead():
    pieces = need_pieces("preciso de mochila pro notebook, um power bank e uma garrafinha, "
                         "tudo ate 400")
    assert pieces == ["mochila pro notebook", "um power bank", "uma garrafinha", "tudo ate 400"]
    assert need_pieces("I need a towel set, glass containers and a knife")[:3] == [
        "a towel set", "glass containers", "a knife"]


def test_one_request_is_not_a_list():
    assert not may_list_needs("quero o fone pulse preto")
    assert may_list_needs("tenis 41 e umas meias")
    assert need_pieces("x" * 700 + ", y") == []  # a wall of text is no shopping list


def test_the_best_fits_when_they_fit_the_budget():
    needs = [_need("oculos", _item("OCU", "149.90")),
             _need("bolsa", _item("BOL-A", "239.90"), _item("BOL-B", "99.90")),
             _need("sandalia", _item("SAN", "89.90", tamanho="36"))]
    assert [i["sku"] for i in pick(needs, None)] == ["OCU", "BOL-A", "SAN"]
    within = pick(needs, Decimal("400"))
    assert [i["sku"] for i in within] == ["OCU", "BOL-B", "SAN"]
    assert sum(Decimal(i["price"]) for i in within) == Decimal("339.70")
    assert within[2]["attributes"] == {"tamanho": "36"} and within[2]["need"] == "sandalia"


def test_nothing_fits_the_budget_gives_the_cheapest_basket():
    needs = [_need("relogio", _item("SMW", "399.90"), _item("REL", "289.00")),
             _need("tenis", _item("RUN", "299.90"), _item("SKT", "189.90"))]
    assert [i["sku"] for i in pick(needs, Decimal("300"))] == ["REL", "SKT"]


BASKET: list[BasketItem] = [
    {"sku": "SAN", "name": "Rasteira", "price": "89.90", "attributes": {"tamanho": "36"},
     "need": "uma sandalia 36"},
    {"sku": "OCU", "name": "Oculos", "price": "149.90", "attributes": {}, "need": "oculos"},
]


def test_everything_takes_the_whole_basket_with_what_each_need_said():
    requests = basket_requests("pode colocar tudo", "add_to_cart", BASKET, [])
    assert requests == [{"said": "uma sandalia 36", "sku": "SAN",
                         "attributes": {"tamanho": "36"}},
                        {"said": "oculos", "sku": "OCU"}]
    assert basket_requests("sim", "affirm", BASKET, []) == requests


def test_a_named_item_keeps_its_words_and_gains_its_needs():
    named = [{"said": "a rasteira caramelo", "sku": "SAN", "attributes": {"cor": "caramelo"}}]
    requests = basket_requests("a rasteira caramelo. o resto pode colocar", "add_to_cart",
                               BASKET, named)
    assert requests is not None
    assert requests[0]["attributes"] == {"tamanho": "36", "cor": "caramelo"}
    assert [r["sku"] for r in requests] == ["SAN", "OCU"]
    only = basket_requests("so a rasteira caramelo", "add_to_cart", BASKET, named)
    assert only is not None and [r["sku"] for r in only] == ["SAN"]


def test_a_no_or_another_subject_is_no_answer_to_the_basket():
    assert basket_requests("nao quero nada disso", "deny", BASKET, []) is None
    assert basket_requests("tem desconto no pix?", "payment_question", BASKET, []) is None
    other = [{"said": "o fone", "sku": "FON"}]
    assert basket_requests("e o fone?", "search_product", BASKET, other) is None


def test_needs_run_together_are_cut_at_their_articles() -> None:
    from graphs.sales.basket.pieces import need_pieces
    assert need_pieces("preciso de um tapete roxo uma legging preta tamanho G e um squeeze") \
        == ["um tapete roxo", "uma legging preta tamanho g", "um squeeze"]
    # words that lead into the article keep one need; a budget is no need of its own
    assert need_pieces("uma mochila que caiba um notebook e um fone") == [
        "uma mochila que caiba um notebook", "um fone"]
    assert "uns 300 reais" not in need_pieces("um squeeze e uma corda tudo ate uns 300 reais")


def test_closing_at_the_basket_takes_it_all() -> None:
    from graphs.sales.basket.follow_up import basket_requests
    basket = [{"sku": "GAR-SQZ-03", "name": "Squeeze", "price": "39.90", "attributes": {},
               "need": "o squeeze"},
              {"sku": "COR-PUL-03", "name": "Corda", "price": "34.90", "attributes": {},
               "need": "uma corda"}]
    taken = basket_requests("pode fechar, meu nome e Camila Rocha", "checkout", basket, [])
    assert [r["sku"] for r in taken or []] == ["GAR-SQZ-03", "COR-PUL-03"]
