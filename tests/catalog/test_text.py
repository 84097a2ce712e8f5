"""Folding text for search."""

import pytest

from tools.catalog.terms import build_terms, query_words
from tools.catalog.text import fold, undiminished, words


def test_fold_lowercases_strips_accents_and_collapses_spaces() -> None:
    assert fold("  Tênis   de\tCorrida\n AÇÃO ") == "tenis de corrida acao"
    assert fold("Garrafa Térmica") == fold("garrafa termica")


def test_words_are_folded_alphanumerics() -> None:
    assert words("Camiseta P/M — Algodão 100%") == ["camiseta", "p", "m", "algodao", "100"]


@pytest.mark.parametrize(
    ("word", "plain"),
    [
        ("caixinha", "caixa"), ("garrafinhas", "garrafa"), ("bolsinha", "bolsa"),
        ("camisetinha", "camiseta"), ("meinha", "meia"), ("sapatinho", "sapato"),
        ("cafezinho", "cafe"), ("celularzinho", "celular"), ("bonequinha", "boneca"),
        ("larguinha", "larga"),
    ],
)
def test_a_diminutive_stands_for_the_word_under_it(word: str, plain: str) -> None:
    assert undiminished(word) == (plain,)


@pytest.mark.parametrize("word", ["vizinho", "cozinha", "linha", "caneca", "camiseta", "inha"])
def test_words_that_only_look_like_diminutives_stand_for_nothing(word: str) -> None:
    assert undiminished(word) == ()


def test_a_phrase_becomes_the_word_it_means() -> None:
    assert "presente" in query_words("hi! Secret Santa at work, need something under 50")
    assert "secret" not in query_words("hi! Secret Santa at work")
    assert query_words("amigo oculto da facul")[0] == "presente"


def test_liking_verbs_and_vague_adverbs_name_no_product() -> None:
    said = query_words("ele curte tecnologia, ta meio sem ideia")
    assert "tecnologia" in said and not {"curte", "meio"} & set(said)
    assert "loves" not in query_words("she loves candles")


def test_in_a_long_message_words_no_product_has_are_left_out() -> None:
    said = ["sister", "bday", "tomorrow", "gift", "cards", "50"]
    stems = {w: w for w in said} | {"presente": "present", "vale": "val"}
    terms = build_terms(said, stems, known={"gift", "cards"})
    assert terms.words == ["gift", "cards", "50"]
    assert terms.dropped == ["sister", "bday", "tomorrow"]
    # A short query keeps its words: "geladeira frost free" must not become "free".
    short = build_terms(["geladeira", "frost", "free"], {w: w for w in said + [
        "geladeira", "frost", "free"]}, known={"free"})
    assert short.words == ["geladeira", "frost", "free"] and short.dropped == []
    # A number alone says nothing about a product.
    alone = build_terms(["bicicleta", "aro", "infantil", "menino", "29"],
                        {w: w for w in ["bicicleta", "aro", "infantil", "menino", "29"]},
                        known=set())
    assert alone.queries == [] and alone.dropped == ["bicicleta", "aro", "infantil", "menino",
                                                     "29"]
