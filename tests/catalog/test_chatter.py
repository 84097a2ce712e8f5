"""Search reads buyers as they type (issue #13): a gift with a budget and no product,
technology as a kind of product, chatter around what the store does not sell. (Product words
buried in chatter and diminutives: `test_search.py`.)"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tools.catalog.client import PostgresCatalog
from tools.catalog.models import ProductHit
from tools.catalog.text import fold


def _skus(hits: list[ProductHit]) -> list[str]:
    return [hit.product.sku for hit in hits]


def _lowest_price(hit: ProductHit) -> Decimal:
    return min([v.price for v in hit.matching_variants] or [hit.product.price])


@pytest.mark.parametrize(
    ("message", "budget"),
    [
        ("hi! secret santa at work, need something under 50 reais", "50"),
        ("amigo secreto da escola, alguma ideia ate 50 reais?", "50"),
    ],
)
async def test_a_gift_without_a_product_lists_gifts_within_the_budget(
    catalog: PostgresCatalog, message: str, budget: str
) -> None:
    hits = await catalog.search("default", message, price_max=Decimal(budget), limit=5)
    assert {"VEL-ARO-01", "BAT-MAT-05"} <= set(_skus(hits)), _skus(hits)
    for hit in hits:
        assert "presente" in [fold(tag) for tag in hit.product.tags], hit.product.sku
        assert _lowest_price(hit) <= Decimal(budget), hit.product.sku


async def test_a_tech_lover_s_gift_is_electronics_tagged_as_gifts_first(
        catalog: PostgresCatalog) -> None:
    message = "oi! quero dar um presente pro meu namorado, ele curte tecnologia"
    hits = await catalog.search("default", message, price_max=Decimal("250"), limit=5)
    assert set(_skus(hits)[:2]) == {"FON-BT-01", "CX-SOM-01"}, _skus(hits)
    assert all(_lowest_price(hit) <= Decimal("250") for hit in hits)


@pytest.mark.parametrize(
    "message", ["my boyfriend is a total tech guy, got any gadgets?", "tem algo de eletronicos?"])
async def test_technology_means_the_electronics(catalog: PostgresCatalog, message: str) -> None:
    hits = await catalog.search("default", message, price_max=Decimal("250"), limit=5)
    assert hits
    assert all(hit.product.category.startswith("Eletrônicos") for hit in hits), _skus(hits)


@pytest.mark.parametrize(
    "message",
    [
        "oi tudo bem? vcs vendem bicicleta aro 29 pro meu filho?",
        "hey guys, do you sell lawn mowers for a big garden?",
    ],
)
async def test_chatter_around_what_the_store_does_not_sell_finds_nothing(
    catalog: PostgresCatalog, message: str
) -> None:
    assert await catalog.search("default", message) == []
