"""τ²-bench retail as an outside catalog: converted, imported, and asked for changed options."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from balcao.clock import FrozenClock
from graphs.sales.nlu.engine import default_classifier
from tools.catalog.client import PostgresCatalog
from tools.catalog.importer import import_catalog
from tools.catalog.request import search_request
from tools.catalog.schema import parse_catalog
from tools.catalog.tau2 import convert_file, read_db

T_SHIRT = "9523456873"
JACKET = "8560156827"


@pytest.fixture(scope="module")
def tau2_lines(fixtures_dir: Path) -> list[str]:
    return convert_file(fixtures_dir / "tau2_retail" / "db.json")


def test_conversion_keeps_every_product_variant_and_exact_price(
    tau2_lines: list[str], fixtures_dir: Path
) -> None:
    products, errors = parse_catalog(tau2_lines)
    assert errors == []
    assert len(products) == 50
    assert sum(len(p.variants) for _, p in products) == 591
    shirt = next(p for _, p in products if p.sku == T_SHIRT)
    blue_m = next(v for v in shirt.variants if v.sku == "9612497925")
    assert blue_m.price == Decimal("50.88") and blue_m.stock is None
    assert blue_m.attributes == {
        "color": "blue", "size": "M", "material": "cotton", "style": "crew neck"}
    db = read_db(fixtures_dir / "tau2_retail" / "db.json")
    unavailable = sum(
        1 for p in db["products"].values() for v in p["variants"].values() if not v["available"])
    assert sum(1 for _, p in products for v in p.variants if v.stock == 0) == unavailable


@pytest.fixture
async def tau2(pool, tau2_lines: list[str], clock_utc: FrozenClock, embedder) -> PostgresCatalog:
    async with pool.connection() as conn:
        await import_catalog(conn, tau2_lines, store_id="default", clock=clock_utc,
                             embedder=embedder)
    return PostgresCatalog(pool, embedder=embedder)


@pytest.fixture
def clock_utc() -> FrozenClock:
    from datetime import UTC, datetime

    return FrozenClock(datetime(2025, 3, 1, tzinfo=UTC))


async def _ask(catalog: PostgresCatalog, text: str, shown: list[str]):
    """Searches as the graph does: the classifier's entities, the list shown last."""
    entities = default_classifier().classify(text).entities
    request = search_request(text, entities, shown_skus=shown)
    return await catalog.search("default", request.query, **request.kwargs())


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        # Blue S exists twice: polyester v-neck (unavailable) and cotton v-neck (available).
        ("same shirt but in blue, size S", "8349118980"),
        ("a mesma camiseta só que azul, tamanho P", "8349118980"),
        ("same shirt but in red, size L", "3234800602"),
        ("a mesma camiseta só que vermelha, tamanho G", "3234800602"),
    ],
)
async def test_changed_options_find_the_available_variant(
    tau2: PostgresCatalog, text: str, variant: str
) -> None:
    hits = await _ask(tau2, text, shown=[T_SHIRT])
    assert [hit.product.sku for hit in hits] == [T_SHIRT]
    assert hits[0].in_stock
    assert [v.sku for v in hits[0].matching_variants] == [variant]


async def test_an_option_nobody_sells_finds_nothing_among_the_shown(
    tau2: PostgresCatalog,
) -> None:
    # The T-shirt is never blue in L.
    assert await _ask(tau2, "same shirt but in blue, size L", shown=[T_SHIRT]) == []


async def test_the_jacket_in_red_l_by_words(tau2: PostgresCatalog) -> None:
    hits = await tau2.search("default", "fleece jacket", color="red", size="L")
    assert hits[0].product.sku == JACKET
    assert [v.sku for v in hits[0].matching_variants] == ["8733974883"]
