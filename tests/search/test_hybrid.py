"""Hybrid search behaviour: meaning finds what words miss, filters hold, stock orders."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tools.catalog.client import PostgresCatalog


def _skus(hits) -> list[str]:
    return [hit.product.sku for hit in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("relógio que mede os batimentos", "SMW-FIT-01"),  # words alone find nothing
        ("noise cancelling headphones", "FON-HP-02"),
        ("garafa termica", "GAR-TER-01"),
        ("carregadro", "CAR-TUR-01"),
        ("presente pra minha mãe", "PER-FLO-01"),
    ],
)
async def test_finds_by_meaning_and_despite_typos(
    hybrid: PostgresCatalog, query: str, expected: str
) -> None:
    assert expected in _skus(await hybrid.search("default", query, limit=3))


async def test_a_full_match_ranks_above_a_partial_one(hybrid: PostgresCatalog) -> None:
    hits = await hybrid.search("default", "garrafa térmica", limit=3)
    assert hits[0].product.sku == "GAR-TER-01"


@pytest.mark.parametrize("query", ["geladeira frost free", "furadeira de impacto", "lawn mower"])
async def test_what_the_store_does_not_sell_finds_nothing(
    hybrid: PostgresCatalog, query: str
) -> None:
    assert await hybrid.search("default", query) == []


async def test_out_of_stock_comes_last_and_says_so(hybrid: PostgresCatalog) -> None:
    hits = await hybrid.search("default", "fone bluetooth", limit=10)
    states = [hit.in_stock for hit in hits]
    assert states == sorted(states, reverse=True)
    sold_out = next(hit for hit in hits if hit.product.sku == "FON-ESP-03")
    assert sold_out.in_stock is False


async def test_price_range_uses_the_effective_variant_price(hybrid: PostgresCatalog) -> None:
    hits = await hybrid.search(
        "default", "tênis", price_min=Decimal("200"), price_max=Decimal("300"), limit=10
    )
    assert hits
    for hit in hits:
        prices = [v.price for v in hit.matching_variants] or [hit.product.price]
        assert all(Decimal("200") <= price <= Decimal("300") for price in prices), hit.product.sku
    assert "TEN-TRL-05" not in _skus(hits)  # 429.90


async def test_colour_and_size_match_only_in_stock_variants(hybrid: PostgresCatalog) -> None:
    hits = await hybrid.search("default", "running shoes", color="blue", size="43", limit=5)
    run = next(hit for hit in hits if hit.product.sku == "TEN-RUN-01")
    assert run.in_stock is False  # blue 43 is sold out
    assert run.matching_variants == []
    hits = await hybrid.search("default", "running shoes", color="blue", size="42", limit=5)
    assert [v.sku for v in hits[0].matching_variants] == ["TEN-RUN-01-42-AZU"]


async def test_a_category_is_a_word_unless_browsing(hybrid: PostgresCatalog) -> None:
    # The classifier says "relogio"; the smartwatch is filed under Eletrônicos.
    hits = await hybrid.search("default", "relógio", category="relogio", limit=5)
    assert {"REL-ANA-01", "SMW-FIT-01"} <= set(_skus(hits))
    browsing = await hybrid.search("default", "", category="relogio", limit=10)
    assert _skus(browsing) == ["REL-ANA-01"]


async def test_search_among_the_products_shown(hybrid: PostgresCatalog) -> None:
    shown = ["TEN-RUN-01", "TEN-TRL-05", "TEN-CAS-02"]
    hits = await hybrid.search("default", "", color="verde", size="42", skus=shown)
    assert _skus(hits) == ["TEN-TRL-05"]
    assert [v.sku for v in hits[0].matching_variants] == ["TEN-TRL-05-42-VER"]


async def test_without_a_model_search_uses_words_alone(hybrid_pool) -> None:
    words_only = PostgresCatalog(hybrid_pool, embedder=None)
    hits = await words_only.search("default", "garafa termica", limit=3)
    assert hits[0].product.sku == "GAR-TER-01"
    assert await words_only.search("default", "relógio que mede os batimentos") == []
