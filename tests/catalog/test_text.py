"""Folding text for search."""

from tools.catalog.text import fold, words


def test_fold_lowercases_strips_accents_and_collapses_spaces() -> None:
    assert fold("  Tênis   de\tCorrida\n AÇÃO ") == "tenis de corrida acao"
    assert fold("Garrafa Térmica") == fold("garrafa termica")


def test_words_are_folded_alphanumerics() -> None:
    assert words("Camiseta P/M — Algodão 100%") == ["camiseta", "p", "m", "algodao", "100"]
