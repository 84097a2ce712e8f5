"""Several needs in one message, found in the demo catalog (issue #13): a gift is an occasion,
not a need; a budget picks each need's products within it; with a budget, one need or
"something of a kind" is a search."""

from __future__ import annotations

from decimal import Decimal

from graphs.sales.basket.finder import find_needs
from graphs.sales.basket.reading import read_basket_turn
from graphs.sales.nlu.types import Classification
from tools.catalog.client import PostgresCatalog


async def test_a_gift_is_the_occasion_not_a_need(catalog: PostgresCatalog) -> None:
    for message in ("quero dar um presente pro meu pai e um tenis de corrida pra mim",
                    "a birthday gift for my dad, and running shoes for me"):
        needs = await find_needs(message, catalog, "default")
        assert [n["items"][0]["sku"] for n in needs] == ["TEN-RUN-01"], message


async def test_a_budget_picks_each_need_s_products_within_it(catalog: PostgresCatalog) -> None:
    message = "um fone e uma capinha pro celular, tenho uns 100"
    unbounded = await find_needs(message, catalog, "default")
    within = await find_needs(message, catalog, "default", Decimal("100"))
    assert max(Decimal(i["price"]) for i in unbounded[0]["items"]) > Decimal("100")
    assert within and all(Decimal(item["price"]) <= Decimal("100")
                          for need in within for item in need["items"])


async def test_one_need_with_a_budget_in_a_long_message_is_a_search(
        catalog: PostgresCatalog) -> None:
    message = ("oi td bem? minha irma ta comecando academia, queria alguma coisa de treino pra "
               "ela, uns 70 reais no maximo. vcs entregam em guarulhos?")
    asked = Classification(intent="shipping_question", confidence=0.6,
                           entities={"price_max": 70})
    read, requests, needs = await read_basket_turn(asked, message, {}, [], catalog, "default")
    assert (read.intent, requests, needs) == ("search_product", [], [])
    assert read.entities["price_max"] == 70 and "treino" in read.entities["product"]
    found = await catalog.search("default", read.entities["product"], price_max=Decimal("70"))
    assert {"TOP-FIT-06", "COR-PUL-03"} <= {hit.product.sku for hit in found}


async def test_something_of_a_kind_with_a_budget_is_one_search(catalog: PostgresCatalog) -> None:
    message = ("meu irmao entrou na academia, queria algo de treino pra ele e um tenis de "
               "corrida, uns 150 no maximo. entregam no rio?")
    asked = Classification(intent="shipping_question", confidence=0.5,
                           entities={"price_max": 150})
    read, _, needs = await read_basket_turn(asked, message, {}, [], catalog, "default")
    assert (read.intent, needs) == ("search_product", [])
    assert read.entities["product"].startswith("algo de treino")
    # Without a budget the same needs are a basket, each item of it.
    plain = asked.model_copy(update={"entities": {}})
    _, _, listed = await read_basket_turn(plain, message, {}, [], catalog, "default")
    assert len(listed) >= 2
