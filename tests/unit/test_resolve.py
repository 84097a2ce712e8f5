"""The resolver: a message + what the buyer has seen + the catalog -> concrete requests."""

from __future__ import annotations

from typing import Any

import pytest

from graphs.sales.resolve import Catalog, Seen, decide, resolve
from graphs.sales.resolve.variants import match_attributes
from graphs.sales.resolve.words import tokenize
from tests.unit.demo_catalog import DemoCatalog

CATALOG = DemoCatalog()


def item(sku: str, name: str, price: str = "10", **more: Any) -> dict[str, Any]:
    return {"sku": sku, "name": name, "price": price, **more}


FONES = [item("CASE-FON-05", "Case Protetor para Fone Pulse", "39.9"),
         item("FON-BT-01", "Fone de Ouvido Bluetooth Pulse TWS", "199.9"),
         item("FON-HP-02", "Headphone Sem Fio com Cancelamento de Ruído", "599.0")]
CANECAS = [item("CAN-TER-02", "Caneca Térmica com Tampa 450 ml", "69.9"),
           item("GAR-TER-01", "Garrafa Térmica Inox 1 L", "129.9")]


async def requests(text: str, seen: Seen | None = None, intent: str = "add_to_cart"
                   ) -> tuple[str, list[dict[str, Any]]]:
    resolution = await resolve(text, seen or Seen(), Catalog(CATALOG, "demo"))
    acted, found = decide(intent, resolution)
    return acted, [dict(r) for r in found]


def picks(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r.get("sku"), r.get("attributes") or {}, r.get("quantity")) for r in found]


# Names, partial names, typos, with options -------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("quero o fone pulse preto", [("FON-BT-01", {"cor": "preto"}, None)]),
    ("coloca o fone pulse tws preto", [("FON-BT-01", {"cor": "preto"}, None)]),
    ("quero o fone puls branco", [("FON-BT-01", {"cor": "branco"}, None)]),
    ("quero o top nadador", [("TOP-FIT-06", {}, None)]),
    ("quero o top nadadro rosa M", [("TOP-FIT-06", {"tamanho": "M", "cor": "rosa"}, None)]),
    ("I want the gift card of 100 reais", [("VAL-PRE-01", {"valor": "R$ 100"}, None)]),
    ("quero o case do fone pulse e a caneca", [("CASE-FON-05", {}, None),
                                               ("CAN-TER-02", {}, None)]),
])
async def test_a_product_named_is_found_with_the_options_said(text: str, expected: list) -> None:
    intent, found = await requests(text, Seen(shown=CANECAS))
    assert intent == "add_to_cart"
    assert picks(found) == expected


async def test_the_one_product_named_is_taken_and_an_indefinite_one_is_searched() -> None:
    # "quero o carregador turbo" names the one product (issue #13: acted on, not shown first);
    # "quero uma garrafa" / "I want a power bank" ask what there is, as a search would.
    intent, found = await requests("quero o carregador turbo")
    assert intent == "add_to_cart" and picks(found) == [("CAR-TUR-01", {}, None)]
    assert await requests("quero uma garrafa") == ("add_to_cart", [])
    assert await requests("I want a power bank") == ("add_to_cart", [])


async def test_words_that_fit_several_products_give_those_with_what_was_asked() -> None:
    _, found = await requests("quero a camiseta preta M", Seen(shown=FONES))
    assert [c["sku"] for c in found[0]["candidates"]] == [
        "CAM-BAS-01-M-PRE", "CAM-DRY-02-M-PRE", "CAM-OVS-05-M-PRE"]


async def test_among_equals_what_was_seen_wins() -> None:
    shown = [item("CAM-DRY-02", "Camiseta Dry Fit de Treino", "79.9")]
    _, found = await requests("quero a camiseta preta M", Seen(shown=shown))
    assert picks(found) == [("CAM-DRY-02", {"tamanho": "M", "cor": "preto"}, None)]


# References to what was seen ---------------------------------------------------------------

async def test_a_name_points_at_the_suggestion_just_made() -> None:
    seen = Seen(shown=[item("REL-ANA-01", "Relógio Analógico Aço Inox Clássico")],
                suggestions=[item("CAR-COU-01", "Carteira Masculina de Couro Slim", "89.9")])
    assert picks((await requests("coloca a carteira tb", seen))[1]) == [
        ("CAR-COU-01", {}, None)]


async def test_a_position_with_a_colour_is_the_item_as_shown_in_that_colour() -> None:
    intent, found = await requests("o segundo, na cor preta", Seen(shown=FONES),
                                   intent="search_product")
    assert intent == "add_to_cart"
    assert picks(found) == [("FON-BT-01", {"cor": "preto"}, None)]


async def test_several_positions_are_several_items() -> None:
    assert picks((await requests("o 1 e o 2", Seen(shown=CANECAS)))[1]) == [
        ("CAN-TER-02", {}, None), ("GAR-TER-01", {}, None)]


async def test_a_position_beyond_the_list_is_kept_to_be_told() -> None:
    _, found = await requests("o 1 e o 5", Seen(shown=CANECAS))
    assert found[1] == {"said": "o 5", "position": 5}


@pytest.mark.parametrize(("text", "skus"), [
    ("quero o mais barato", ["CAN-TER-02"]),
    ("the cheapest one", ["CAN-TER-02"]),
    ("o mais caro", ["GAR-TER-01"]),
])
async def test_cheapest_and_dearest(text: str, skus: list[str]) -> None:
    assert [r["sku"] for r in (await requests(text, Seen(shown=CANECAS)))[1]] == skus


async def test_both_are_the_two_most_recently_seen() -> None:
    _, found = await requests("vou levar os dois", Seen(shown=FONES, suggestions=CANECAS))
    assert found[0]["skus"] == ["CAN-TER-02", "GAR-TER-01"]


# Several items in one message --------------------------------------------------------------

async def test_two_items_with_their_options() -> None:
    _, found = await requests("quero uma legging preta P e um top rosa M")
    assert picks(found) == [("LEG-FIT-05", {"tamanho": "P", "cor": "preto"}, None),
                            ("TOP-FIT-06", {"tamanho": "M", "cor": "rosa"}, None)]


async def test_counts_per_item() -> None:
    shown = [item("CAM-DRY-02", "Camiseta Dry Fit de Treino", "79.9")]
    _, found = await requests("2 camisetas M pretas e a legging G", Seen(shown=shown))
    assert picks(found) == [("CAM-DRY-02", {"tamanho": "M", "cor": "preto"}, 2),
                            ("LEG-FIT-05", {"tamanho": "G"}, None)]


# Option answers, typed -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "choosing", "expected"), [
    ("38 rosa", "TEN-CAM-06", {"tamanho": "38", "cor": "rosa"}),
    ("42 azul", "TEN-RUN-01", {"tamanho": "42", "cor": "azul"}),
    ("blue", "TEN-RUN-01", {"cor": "azul"}),
    ("black, size 42", "TEN-RUN-01", {"cor": "preto", "tamanho": "42"}),
    ("the 100 one", "VAL-PRE-01", {"valor": "R$ 100"}),
    ("o de 200", "VAL-PRE-01", {"valor": "R$ 200"}),
    ("40", "MEIA-ESP-02", {"tamanho": "39-43"}),
    ("39-43 preto", "MEIA-ESP-02", {"tamanho": "39-43", "cor": "preto"}),
    ("39 a 43 branca", "MEIA-ESP-02", {"tamanho": "39-43", "cor": "branco"}),
    ("36", "CHI-SLD-08", {"tamanho": "35/36"}),
    ("pretas", "LEG-FIT-05", {"cor": "preto"}),
    ("L", "CAM-DRY-02", {"tamanho": "G"}),
    ("100ml", "PER-FLO-01", {"volume": "100 ml"}),
])
async def test_option_answers_in_any_form(text: str, choosing: str, expected: dict) -> None:
    intent, found = await requests(text, Seen(choosing=choosing), intent="other")
    assert intent == "add_to_cart"
    assert found[0]["sku"] == choosing and found[0]["attributes"] == expected


async def test_an_option_answer_with_the_product_name_and_a_position() -> None:
    shown = [item("SAN-RAS-07", "Rasteira Trançada de Couro", "89.9")]
    assert picks((await requests("quero a 1, 36 caramelo", Seen(shown=shown)))[1]) == [
        ("SAN-RAS-07", {"tamanho": "36", "cor": "caramelo"}, None)]


async def test_the_one_option_left_on_screen_is_picked() -> None:
    options = [item(f"LEG-FIT-05-{s}-VIN", f"Legging Fitness Cintura Alta ({s} / vinho)",
                    attributes={"tamanho": s, "cor": "vinho"}) for s in ("M", "G", "GG")]
    _, found = await requests("G", Seen(shown=options, choosing="LEG-FIT-05"), intent="other")
    assert found[0]["sku"] == "LEG-FIT-05-G-VIN"


def test_only_values_the_product_has_are_read() -> None:
    _, tokens = tokenize("m de mochila")
    assert match_attributes(tokens, range(len(tokens)), [{"cor": "preto"}]).wanted == {}


# What a message is, in the light of product words -----------------------------------------

@pytest.mark.parametrize(("text", "intent"), [
    ("a garrafa verde", "complaint"),
    ("top nadador rosa M", "complaint"),
    ("agora o top rosa M", "view_cart"),
    ("blz vou no pulse preto entao", "deny"),
])
async def test_product_words_are_not_a_complaint_a_cart_view_or_a_no(text: str, intent: str
                                                                      ) -> None:
    acted, found = await requests(text, Seen(shown=FONES), intent=intent)
    assert acted == "add_to_cart" and found


@pytest.mark.parametrize(("text", "intent"), [
    ("nao quero o fone pulse", "deny"),
    ("o fone pulse veio quebrado", "complaint"),
    ("quero ver o fone pulse", "product_question"),
    ("tira o fone pulse", "remove_from_cart"),
    ("troca o fone pra branco", "add_to_cart"),
])
async def test_refusals_complaints_questions_and_changes_are_left_alone(text: str,
                                                                       intent: str) -> None:
    assert await requests(text, Seen(shown=FONES), intent=intent) == (intent, [])


async def test_a_question_naming_a_product_and_its_option_asks_about_that_option() -> None:
    # "tem o fone pulse preto?": not an add, and not a search for products like it: a
    # question about the black Pulse, which its detail answers.
    acted, found = await requests("tem o fone pulse preto?", Seen(shown=FONES),
                                  intent="search_product")
    assert acted == "product_question"
    assert picks(found) == [("FON-BT-01", {"cor": "preto"}, None)]


async def test_a_name_that_is_no_product_is_left_alone() -> None:
    assert await requests("Lucy Gray", intent="provide_info") == ("provide_info", [])


async def test_a_kind_of_product_said_with_an_indefinite_article_is_searched() -> None:
    # "quero uma garrafa": the buyer wants to see the bottles (two kinds), not be asked a colour.
    assert await requests("quero uma garrafa") == ("add_to_cart", [])
    assert picks((await requests("quero a garrafa verde"))[1]) == [
        ("GAR-TER-01", {"cor": "verde"}, None)]


async def test_a_bare_number_within_the_list_is_its_row() -> None:
    options = [item(f"HAL-EMB-02-{w}KG", f"Par de Halteres Emborrachados ({w} kg)",
                    attributes={"peso": f"{w} kg"}) for w in (2, 1)]
    _, found = await requests("2", Seen(shown=options, choosing="HAL-EMB-02"), intent="other")
    assert found[0]["sku"] == "HAL-EMB-02-1KG"  # the second row, not the 2 kg


async def test_an_option_with_a_list_on_screen_is_the_one_product_sold_in_it() -> None:
    shown = [item("TAP-YOG-01", "Tapete de Yoga Antiderrapante 6 mm"),
             item("BAT-MAT-05", "Batom Matte Longa Duração"),
             item("LEG-FIT-05", "Legging Fitness Cintura Alta")]
    intent, found = await requests("green", Seen(shown=shown), intent="greeting")
    assert intent == "add_to_cart"
    assert picks(found) == [("TAP-YOG-01", {"cor": "verde"}, None)]
    # Blue is sold by two of them: nothing is guessed.
    assert (await requests("azul", Seen(shown=shown), intent="search_product"))[1] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("I'd like the Veloz Pro running shoes in black, size 43",
     [("TEN-RUN-01", {"tamanho": "43", "cor": "preto"}, None)]),
    ("and a black cap", [("BON-ABA-01", {"cor": "preto"}, None)]),
    ("also a pair of dumbbells, the 2 kg one", [("HAL-EMB-02", {"peso": "2 kg"}, None)]),
    ("hi! a phone case for the Aurora X, the transparent one",
     [("CAP-CEL-01", {"cor": "transparente"}, None)]),
])
async def test_english_product_words_find_portuguese_names(text: str, expected: list) -> None:
    intent, found = await requests(text, Seen(shown=FONES), intent="search_product")
    assert intent == "add_to_cart"
    assert picks(found) == expected


@pytest.mark.parametrize(("text", "intent"), [
    ("what sizes does the floral one come in?", "product_question"),
    ("a legging e cintura alta ne?", "complaint"),
])
async def test_a_question_about_a_product_seen_is_about_it(text: str, intent: str) -> None:
    shown = [item("PER-FLO-01", "Perfume Floral Jardim Tropical"),
             item("LEG-FIT-05", "Legging Fitness Cintura Alta")]
    acted, found = await requests(text, Seen(shown=shown), intent=intent)
    assert acted == "product_question" and len(found) == 1


async def test_during_checkout_only_product_words_are_items() -> None:
    seen = Seen(shown=FONES)
    for answer in ("Lucy Gray", "Ana Rosa", "Rua das Flores 123", "Av Paulista, 1000"):
        resolution = await resolve(answer, seen, Catalog(CATALOG, "demo"))
        assert decide("provide_info", resolution, "name") == ("provide_info", [])
    resolution = await resolve("agora o top rosa M", seen, Catalog(CATALOG, "demo"))
    assert decide("provide_info", resolution, "name")[0] == "add_to_cart"


async def test_a_list_filtered_before_keeps_its_filter() -> None:
    # "size 42" showed the shoes in 42 (`variant_skus`); "blue" is then the 42 in blue.
    shown = [item("TEN-TRL-05", "Tênis Trail Serra do Mar",
                  variant_skus=["TEN-TRL-05-42-VER", "TEN-TRL-05-42-CIN"]),
             item("TEN-RUN-01", "Tênis de Corrida Veloz Pro",
                  variant_skus=["TEN-RUN-01-42-PRE", "TEN-RUN-01-42-AZU"])]
    assert picks((await requests("blue", Seen(shown=shown), intent="other"))[1]) == [
        ("TEN-RUN-01", {"tamanho": "42", "cor": "azul"}, None)]


async def test_what_an_item_is_for_counts_less_than_what_it_is() -> None:
    seen = Seen(shown=FONES)
    resolution = await resolve("esse case serve no pulse tws?", seen, Catalog(CATALOG, "demo"))
    assert [r["sku"] for r in resolution.requests] == ["CASE-FON-05"]


async def test_and_a_product_goes_on_buying() -> None:
    seen = Seen(shown=FONES, cart_skus=["TAP-YOG-01-VER"])
    assert picks((await requests("and a jump rope", seen, intent="complaint"))[1]) == [
        ("COR-PUL-03", {}, None)]
    # A removal the classifier saw where there is none is a request.
    assert (await requests("also a pair of dumbbells, the 2 kg one", seen,
                           intent="remove_from_cart"))[0] == "add_to_cart"


async def test_another_count_of_the_same_product_is_another_item() -> None:
    shown = [item("CAM-BAS-01", "Camiseta Básica de Algodão Orgânico", "59.9")]
    _, found = await requests("2 black ones size M and one white in L", Seen(shown=shown),
                              intent="other")
    assert picks(found) == [("CAM-BAS-01", {"tamanho": "M", "cor": "preto"}, 2),
                            ("CAM-BAS-01", {"tamanho": "G", "cor": "branco"}, 1)]


async def test_a_plural_the_search_does_not_know_is_searched_in_the_singular() -> None:
    assert picks((await requests("quero 2 batons vermelhos"))[1]) == [
        ("BAT-MAT-05", {"cor": "vermelho"}, 2)]
    assert picks((await requests("oi de novo! quero mais um protetor solar facial"))[1]) == [
        ("PRO-SOL-03", {}, 1)]


@pytest.mark.parametrize(("text", "intent"), [
    ("o fone pulse ta caro", "objection"),
    ("obrigado pela ajuda com o fone pulse", "thanks"),
])
async def test_an_objection_or_thanks_naming_a_product_keeps_its_intent(text: str,
                                                                         intent: str) -> None:
    assert await requests(text, Seen(shown=FONES), intent=intent) == (intent, [])


def test_a_change_reads_english_and_picks_the_line_described() -> None:
    from types import SimpleNamespace

    from graphs.sales.variant_swap import _as_sold, lines_to_change
    sold = {"p", "m", "g", "preto", "azul"}
    assert _as_sold("l", sold) == "g" and _as_sold("black", sold) == "preto"
    white = SimpleNamespace(sku="W", variant={"tamanho": "P", "cor": "branco"})
    blue = SimpleNamespace(sku="B", variant={"tamanho": "M", "cor": "azul"})
    later = SimpleNamespace(sku="L", variant={"tamanho": "G", "cor": "preto"})
    order = lines_to_change([white, blue, later], {"color": "blue", "size": "L"})
    assert [line.sku for line in order] == ["B", "L", "W"]


def test_a_colour_after_an_article_names_the_line_to_change() -> None:
    # "make the white one M too": the white line changes size; the M line (black) stays.
    from types import SimpleNamespace

    from graphs.sales.variant_swap import lines_to_change
    black = SimpleNamespace(sku="K", variant={"tamanho": "M", "cor": "preto"})
    white = SimpleNamespace(sku="W", variant={"tamanho": "G", "cor": "branco"})
    wanted = {"color": "branco", "size": "M"}
    assert lines_to_change([black, white], wanted, "actually make the white one M too")[0] \
        is white
    assert lines_to_change([white, black], wanted, "troca a branca pra M")[0] is white


TEES = [item("CAM-BAS-01", "Camiseta Básica de Algodão Orgânico", "59.9"),
        item("CAM-EST-03", "Camiseta Estampada Praia Carioca", "69.9"),
        item("CAM-OVS-05", "Camiseta Oversized Estonada", "89.9"),
        item("CAM-POL-04", "Camisa Polo Piquet", "119.9")]


@pytest.mark.parametrize("text", [
    "2 black ones size M and one white in L",
    "2 pretas M e uma branca G",
])
async def test_options_of_several_items_pick_the_one_product_sold_in_all(text: str) -> None:
    # Black M fits the basic and the oversized tee; only the basic also comes in white.
    intent, found = await requests(text, Seen(shown=TEES))
    assert intent == "add_to_cart"
    assert picks(found) == [("CAM-BAS-01", {"tamanho": "M", "cor": "preto"}, 2),
                            ("CAM-BAS-01", {"tamanho": "G", "cor": "branco"}, 1)]


async def test_one_colour_sold_by_two_products_on_screen_is_not_guessed() -> None:
    intent, found = await requests("2 black ones size M", Seen(shown=TEES))
    assert found == []


CHARGERS = [item("CAR-TUR-01", "Carregador Turbo USB-C 25 W", "89.9"),
            item("POW-BAN-01", "Power Bank 10.000 mAh", "139.9"),
            item("CEL-AUR-02", "Smartphone Aurora X", "1999")]


@pytest.mark.parametrize(("text", "sku"), [
    ("the 25W one, add it", "CAR-TUR-01"),
    ("quero o de 25 w", "CAR-TUR-01"),
    ("o de 10000 mah", "POW-BAN-01"),
])
async def test_a_measure_in_a_listed_name_picks_that_item(text: str, sku: str) -> None:
    intent, found = await requests(text, Seen(shown=CHARGERS))
    assert intent == "add_to_cart"
    assert [r["sku"] for r in found] == [sku]


GIFTS = [item("VAL-PRE-01", "Vale-Presente Loja Balcão", "50"),
         item("SAN-RAS-07", "Rasteira Trançada de Couro", "89.9")]


async def test_a_product_named_by_what_it_is_is_asked_about_while_a_list_waits() -> None:
    resolution = await resolve("a carteira de couro parece boa, tem em preto?",
                               Seen(shown=GIFTS), Catalog(CATALOG, "demo"))
    intent, found = decide("search_product", resolution, "choose_product")
    assert intent == "product_question" and [r["sku"] for r in found] == ["CAR-COU-01"]


async def test_a_feature_that_is_also_in_a_name_stays_about_the_product_in_view() -> None:
    # "é a prova dagua?" on the Pulse's detail: not the "Fone Esportivo à Prova d'Água".
    shown = [item("FON-BT-01", "Fone de Ouvido Bluetooth Pulse TWS", "199.9")]
    resolution = await resolve("qnto tempo dura a bateria? e é a prova dagua?",
                               Seen(shown=shown), Catalog(CATALOG, "demo"))
    assert not any(r.get("kind_named") for r in resolution.requests)


async def test_manda_ver_goes_ahead() -> None:
    wallet = [item("CAR-COU-01", "Carteira Masculina de Couro Slim", "89.9")]
    intent, found = await requests("marrom entao, manda ver", Seen(shown=wallet),
                                   intent="affirm")
    assert intent == "add_to_cart" and [r["sku"] for r in found] == ["CAR-COU-01"]


async def test_a_count_in_one_sentence_of_several_takes_the_one_on_screen() -> None:
    pots = [item("POT-VID-05", "Kit Potes de Vidro Herméticos 5 Peças", "89.9")]
    intent, found = await requests("quero 1. pode fechar no nome de Helena Martins",
                                   Seen(shown=pots), intent="checkout")
    assert intent == "add_to_cart"
    assert [(r["sku"], r.get("quantity")) for r in found] == [("POT-VID-05", 1)]


def test_a_delivery_moved_to_the_office_is_an_address_change() -> None:
    from graphs.sales.aftersale.words import wants_address_change
    assert wants_address_change("da pra mudar a entrega pro escritorio? ainda nao saiu ne")
    assert wants_address_change("can you change the delivery address")
    assert not wants_address_change("qual o prazo de entrega?")


def test_what_a_product_is_skips_the_word_for_a_pack() -> None:
    from graphs.sales.resolve.products import names_its_kind
    assert names_its_kind(["potes", "vidro"], "Kit Potes de Vidro Herméticos 5 Peças")
    assert names_its_kind(["halteres"], "Par de Halteres Emborrachados")
    assert not names_its_kind(["prova", "dagua"], "Fone Esportivo à Prova d'Água")
