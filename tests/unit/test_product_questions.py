"""Which product a question is about (`graphs/sales/product_questions.py`): the one in view,
the two compared, or none (then `retrieve` searches as before)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from graphs.sales.product_questions import answer_product_question, wants_product_answer
from tests.unit.demo_catalog import DemoCatalog


def _item(sku: str, name: str = "x") -> dict[str, Any]:
    return {"sku": sku, "name": name, "price": "10"}


def state(text: str, *, intent: str = "product_question", shown: list | None = None,
          entities: dict | None = None, messages: list | None = None, **extra: Any) -> Any:
    return {"turn_id": "t1",
            "inbound": [{"external_id": "x", "buyer_id": "b", "kind": "text", "text": text}],
            "classification": {"intent": intent, "confidence": 0.5, "entities": entities or {},
                               "sentiment": "neutral", "lang": "pt"},
            "shown": shown or [], "action": {},
            "messages": (messages or []) + [{"role": "buyer", "text": text}]} | extra


def run(turn: Any) -> Any:
    services: Any = SimpleNamespace(catalog=DemoCatalog())
    return asyncio.run(answer_product_question(turn, services, "demo"))


LIST = [_item("FON-BT-01", "Fone de Ouvido Bluetooth Pulse TWS"),
        _item("FON-HP-02", "Headphone Sem Fio com Cancelamento de Ruído"),
        _item("FON-ESP-03", "Fone Esportivo à Prova d'Água")]


def test_the_product_whose_variants_are_on_screen_is_the_one_asked_about() -> None:
    turn = state("tem em branco?", shown=[_item("FON-BT-01-PRE"), _item("FON-BT-01-BRA")],
                 pending_question="choose_product", pending={"product_sku": "FON-BT-01"})
    update = run(turn)
    assert update["outcome"]["kind"] == "product_answer"
    assert update["outcome"]["product"]["sku"] == "FON-BT-01"
    # The one variant asked about is offered with its price; a yes adds it (issue #13).
    assert update["outcome"]["option"]["available"] is True
    assert [item["sku"] for item in update["shown"]] == ["FON-BT-01-BRA"]
    assert update["pending_question"] == "confirm_add"
    assert update["pending"] == {"sku": "FON-BT-01-BRA"}


def test_the_only_product_listed_is_in_view_and_stays_there_to_pick() -> None:
    update = run(state("qnto tempo dura a bateria?", shown=[LIST[0]]))
    assert update["outcome"]["facts"][0] == {"name": "bateria", "value": "30 h"}
    assert update["pending"] == {"product_sku": "FON-BT-01"}


def test_a_comparison_takes_the_positions_said() -> None:
    update = run(state("qual a diferença entre o 2 e o 3?", shown=LIST))
    assert [p["sku"] for p in update["outcome"]["products"]] == ["FON-HP-02", "FON-ESP-03"]
    update = run(state("which is better, the first or the third one?", shown=LIST))
    assert [p["sku"] for p in update["outcome"]["products"]] == ["FON-BT-01", "FON-ESP-03"]


def test_with_several_listed_and_none_said_there_is_nothing_to_guess() -> None:
    assert run(state("qual vc me recomenda?", shown=LIST)) is None
    assert run(state("dura quanto a bateria?", shown=LIST)) is None


def test_a_product_named_by_words_not_in_view_is_the_one_asked_about() -> None:
    turn = state("ah entao deixa. e a tiracolo, tem preta?", entities={"color": "preto"},
                 shown=[_item("BOL-TOT-02", "Bolsa Tote de Lona Praia")])
    assert run(turn)["outcome"]["product"]["sku"] == "BOL-TIR-01"


def test_asking_for_products_by_name_is_a_search_not_a_question_about_one() -> None:
    turn = state("tem camiseta basica de algodao?",
                 requests=[{"sku": "CAM-BAS-01", "unseen": True, "said": "camiseta basica"}])
    assert run(turn) is None


def test_an_option_alone_in_a_search_asks_about_the_product_in_view() -> None:
    assert wants_product_answer(state("do you have it in black?", intent="search_product",
                                      entities={"color": "black"}))
    assert not wants_product_answer(state("do you have black sneakers?", intent="search_product",
                                          entities={"color": "black", "product": "sneakers"}))


def test_a_comparison_takes_the_products_named_in_it_before_the_list() -> None:
    shown = [_item("GAR-TER-01", "Garrafa Térmica Inox 1 L"),
             _item("CAN-TER-02", "Caneca Térmica com Tampa 450 ml")]
    update = run(state("qual é melhor, o squeeze ou a garrafa?", shown=shown))
    assert [p["sku"] for p in update["outcome"]["products"]] == ["GAR-SQZ-03", "GAR-TER-01"]
    # Several listed names have "pulse": the first of the list (the best ranked) is meant.
    update = run(state("whats the difference between the pulse and the headphone?",
                       shown=[LIST[1], LIST[0],
                              _item("CASE-FON-05", "Case Protetor para Fone Pulse")]))
    assert [p["sku"] for p in update["outcome"]["products"]] == ["FON-BT-01", "FON-HP-02"]


def test_an_option_named_is_the_whole_choice_when_the_others_have_one_value() -> None:
    # "slim jeans in size 40": they only come in blue, so 40 is the variant, offered to add.
    from graphs.sales.variant_offers import the_variant_asked
    from tests.unit.demo_catalog import DemoCatalog
    jeans = next(p for p in DemoCatalog().products if p.sku == "CAL-JEA-01")
    outcome: dict = {}
    chosen = the_variant_asked(jeans, {"tamanho": "40"}, outcome)
    assert chosen is not None and chosen["sku"] == "CAL-JEA-01-40-AZU"
    tee = next(p for p in DemoCatalog().products if p.sku == "CAM-BAS-01")
    assert the_variant_asked(tee, {"tamanho": "M"}, {}) is None  # colour still to choose


def test_english_activities_read_as_the_catalog_words() -> None:
    from tools.catalog.glossary import translations
    assert translations("skating") == ("skate",)
    assert translations("running") == ("corrida",)
    assert translations("hiking") == ("trilha",)


def test_a_tag_answers_is_it_x() -> None:
    from graphs.sales.product_answers import answer
    from tests.unit.demo_catalog import DemoCatalog
    perfume = next(p for p in DemoCatalog().products if p.sku == "PER-FLO-01")
    facts = answer("is it floral?", perfume)["facts"]
    assert {"name": "tags", "value": "floral"} in facts
