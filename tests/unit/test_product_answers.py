"""Questions about a product answered from its catalog data alone, in pt and en
(`graphs/sales/product_answers.py`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.render.text import render_body
from balcao.messages import Reply
from graphs.sales.product_answers import answer, asks_comparison, topics_in
from graphs.sales.product_comparison import compare
from tools.catalog.models import Product, Variant


def _product(sku: str, name: str, price: str, *, description: str = "",
             attributes: dict[str, str] | None = None,
             variants: list[tuple[str, dict[str, str], int]] = (),  # type: ignore[assignment]
             tags: list[str] | None = None) -> Product:
    return Product(sku=sku, name=name, price=Decimal(price), currency="BRL",
                   description=description, attributes=attributes or {}, tags=tags or [],
                   variants=[Variant(sku=v[0], attributes=v[1], price=Decimal(price),
                                     stock=v[2]) for v in variants])


EARPHONES = _product(
    "FON", "Fone Bluetooth Pulse", "199.90",
    description="Fone sem fio Bluetooth 5.3 com cancelamento de ruído, 30 horas de bateria "
    "com o estojo e resistência a suor.",
    attributes={"conexao": "bluetooth 5.3", "bateria": "30 h"},
    variants=[("FON-PRE", {"cor": "preto"}, 8), ("FON-BRA", {"cor": "branco"}, 0)])
WATCH = _product(
    "SMW", "Smartwatch Fit", "399.90",
    description="Relógio inteligente com monitor cardíaco, GPS integrado e 100 modos de esporte.",
    attributes={"tela": "AMOLED 1,4\"", "bateria": "10 dias"},
    variants=[("SMW-AZU", {"cor": "azul"}, 3), ("SMW-ROS", {"cor": "rosa"}, 5)])
BOTTLE = _product(
    "GAR", "Garrafa Térmica 1 L", "129.90",
    description="Garrafa térmica de aço inox: mantém bebidas quentes por 12 horas.",
    attributes={"material": "aço inox", "capacidade": "1 L"},
    variants=[("GAR-INO", {"cor": "inox"}, 10)], tags=["chimarrão"])
MUG = _product(
    "CAN", "Caneca Térmica 450 ml", "69.90",
    description="Caneca térmica com tampa antivazamento, perfeita para levar o café para o "
    "trabalho.", attributes={"material": "aço inox", "capacidade": "450 ml", "cor": "preto"},
    tags=["café", "trabalho"])
CASE = _product("CAP", "Capinha Aurora X", "49.90",
                attributes={"material": "silicone", "compatibilidade": "Aurora X / X Pro"})


def _values(outcome: dict) -> str:
    return " | ".join(f"{f['name']}={f['value']}" for f in outcome["facts"])


@pytest.mark.parametrize("question", [
    "qnto tempo dura a bateria? e é a prova dagua?",
    "quanto tempo dura a bateria? e eh a prova d'agua?",
    "how long does the battery last? is it waterproof?",
])
def test_battery_and_water_come_from_attributes_and_description(question: str) -> None:
    outcome = answer(question, EARPHONES)
    assert outcome["kind"] == "product_answer" and outcome["status"] == "answered"
    assert "bateria=30 h" in _values(outcome)
    assert "suor" in _values(outcome)
    assert outcome["missing"] == []


@pytest.mark.parametrize(("question", "available"), [
    ("tem em preto?", False), ("e rosa, tem?", True), ("do you have it in black?", False),
    ("tem na cor rosa", True), ("comes in pink?", True),
])
def test_a_colour_is_answered_with_the_colours_in_stock(question: str, available: bool) -> None:
    outcome = answer(question, WATCH)
    assert outcome["option"]["available"] is available
    assert outcome["facts"] == [{"name": "cor", "value": "azul, rosa"}]


def test_a_colour_sold_out_says_so_and_lists_only_what_is_in_stock() -> None:
    outcome = answer("tem branco?", EARPHONES)
    assert outcome["option"] == {"name": "cor", "value": "branco", "available": False,
                                 "sold_out": True}
    assert outcome["facts"] == [{"name": "cor", "value": "preto"}]


@pytest.mark.parametrize("question", ["tem gps?", "does it have gps?", "vem com GPS??"])
def test_a_word_no_topic_covers_is_found_in_the_description(question: str) -> None:
    assert "GPS integrado" in _values(answer(question, WATCH))


def test_compatibility_names_the_models_it_fits() -> None:
    outcome = answer("serve no x pro? o meu e o pro", CASE)
    assert "compatibilidade=Aurora X / X Pro" in _values(outcome)


@pytest.mark.parametrize("question", ["tem garantia?", "whats the warranty?",
                                      "quanto pesa?", "how heavy is it?"])
def test_what_the_data_does_not_say_is_unknown_never_guessed(question: str) -> None:
    outcome = answer(question, EARPHONES)
    assert outcome["status"] == "unknown" and outcome["facts"] == []
    assert outcome["missing"] and outcome["missing"][0] in {"warranty", "weight"}


def test_a_question_with_an_answered_and_an_unknown_topic_says_both() -> None:
    outcome = answer("dura quanto a bateria? e tem garantia?", EARPHONES)
    assert outcome["status"] == "answered" and outcome["missing"] == ["warranty"]


def test_the_price_is_the_catalogs() -> None:
    assert "price=69.90" in _values(answer("quanto custa?", MUG))
    assert "price=69.90" in _values(answer("qual o preço?", MUG))
    assert "price=399.90" in _values(answer("what does it cost?", WATCH))


@pytest.mark.parametrize("question", [
    "qual a diferença entre o 1 e o 2?", "qual vc me recomenda entre os dois?",
    "which one is better?", "what's the difference between the two?", "compara os dois pra mim",
])
def test_comparisons_are_recognised(question: str) -> None:
    assert asks_comparison(question)


@pytest.mark.parametrize("question", ["tem em preto?", "qnto tempo dura a bateria?",
                                      "quero o 2", "do you have it in black?"])
def test_other_questions_are_not_comparisons(question: str) -> None:
    assert not asks_comparison(question)


def test_a_comparison_names_both_with_prices_and_real_differences() -> None:
    outcome = compare("qual a diferença entre o 1 e o 2?", BOTTLE, MUG)
    assert [p["sku"] for p in outcome["products"]] == ["GAR", "CAN"]
    assert [p["price"] for p in outcome["products"]] == ["129.90", "69.90"]
    differences = {d["name"]: d["values"] for d in outcome["differences"]}
    assert differences["capacidade"] == ["1 L", "450 ml"]
    assert differences["color"] == ["inox", "preto"]
    assert {"name": "material", "value": "aço inox"} in outcome["same"]
    assert "pick" not in outcome


def test_a_recommendation_says_why_from_the_data() -> None:
    said = "to em duvida entre a garrafa e a caneca pra levar cafe pro trabalho".split()
    outcome = compare("qual vc me recomenda entre os dois?", BOTTLE, MUG, context_words=said)
    assert outcome["pick"]["sku"] == "CAN" and outcome["pick"]["reason"] == "fits"
    assert any("trabalho" in b for b in outcome["pick"]["because"])


def test_a_recommendation_with_nothing_to_tell_them_apart_is_the_cheaper_and_says_so() -> None:
    outcome = compare("which one do you recommend?", EARPHONES, WATCH)
    assert outcome["pick"] == {"sku": "FON", "name": EARPHONES.name, "reason": "cheaper",
                               "saving": "200.00"}


def test_topics_are_read_in_both_languages() -> None:
    assert topics_in("é a prova d'água?") == ["water"]
    assert topics_in("is it waterproof?") == ["water"]
    assert topics_in("de que material é feito?") == ["material"]
    assert topics_in("what size do you have?") == ["size"]


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_answers_and_comparisons_render_the_facts(lang: str) -> None:
    outcome = answer("tem em preto? dura quanto a bateria? tem garantia?", WATCH)
    body = render_body(Reply(template="product_answer",
                             fields={k: v for k, v in outcome.items() if k != "kind"}, lang=lang))
    assert "azul, rosa" in body and "10 dias" in body and "{" not in body
    comparison = compare("qual a diferença?", BOTTLE, MUG)
    body = render_body(Reply(template="product_comparison",
                             fields={k: v for k, v in comparison.items() if k != "kind"},
                             lang=lang))
    assert "1 L" in body and "450 ml" in body and BOTTLE.name in body and MUG.name in body


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_no_results_never_quotes_a_long_message_back(lang: str) -> None:
    long = "oi boa tarde queria saber se voces tem alguma coisa pra dar de presente pra minha mae"
    body = render_body(Reply(template="no_results", fields={"query": long}, lang=lang))
    assert long not in body and "mae" not in body
    short = render_body(Reply(template="no_results", fields={"query": "tenis azul"}, lang=lang))
    assert "tenis azul" in short


SNEAKER = _product("TEN", "Tênis Casual", "229.90", variants=[
    ("TEN-40", {"tamanho": "40", "cor": "branco"}, 3),
    ("TEN-42", {"tamanho": "42", "cor": "branco"}, 0),
    ("TEN-44", {"tamanho": "44", "cor": "preto"}, 2)])
SOCKS = _product("MEI", "Meia Esportiva", "39.90", variants=[
    ("MEI-3438", {"tamanho": "34-38"}, 5), ("MEI-3943", {"tamanho": "39-43"}, 5)])


@pytest.mark.parametrize(("question", "available", "sold_out"), [
    ("tem no 40?", True, False), ("e 42 tem?", False, True), ("do you have size 38?", False, False),
])
def test_a_numeric_size_is_answered_with_the_sizes_in_stock(question: str, available: bool,
                                                            sold_out: bool) -> None:
    outcome = answer(question, SNEAKER)
    assert outcome["option"]["available"] is available
    assert outcome["option"].get("sold_out") is sold_out
    assert {"name": "tamanho", "value": "40, 44"} in outcome["facts"]


def test_a_size_inside_a_range_is_in_stock() -> None:
    assert answer("serve pra quem calça 41?", SOCKS)["option"]["available"] is True


MAT = _product("TAP", "Tapete de Yoga", "129.90",
               description="Tapete de TPE com 6 mm de espessura, antiderrapante dos dois lados e "
               "alça para transporte.", attributes={"material": "TPE", "espessura": "6 mm"})


@pytest.mark.parametrize(("question", "fact"), [
    ("how thick is it?", "espessura=6 mm"), ("is it non slip?", "antiderrapante"),
    ("tem alça?", "alça para transporte"), ("does it have a strap", "alça para transporte"),
    ("qual a espessura?", "espessura=6 mm"),
])
def test_english_and_portuguese_words_find_the_catalogs_pt_data(question: str,
                                                                fact: str) -> None:
    assert fact in _values(answer(question, MAT))


def test_a_description_word_is_found_in_another_gender_or_number() -> None:
    bottle = _product("G", "Garrafa", "10", description="Mantém bebidas quentes por 12 horas "
                      "e geladas por 24 horas.")
    assert "geladas por 24 horas" in _values(answer("mantem gelado qnto tempo?", bottle))
