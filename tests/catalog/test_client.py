"""Reading the catalog: one product, related products, the category overview."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tools.catalog.client import PostgresCatalog


async def test_get_by_product_sku(catalog: PostgresCatalog) -> None:
    product = await catalog.get("default", "TEN-RUN-01")
    assert product is not None
    assert product.name == "Tênis de Corrida Veloz Pro"
    assert product.price == Decimal("299.90") and product.currency == "BRL"
    assert product.selected_variant is None
    assert product.variants[0].sku == "TEN-RUN-01-38-PRE"  # catalog order
    assert list(product.variants[0].attributes) == ["tamanho", "cor"]
    assert product.price_range == (Decimal("299.90"), Decimal("309.90"))
    assert product.in_stock


async def test_get_by_variant_sku_selects_the_variant(catalog: PostgresCatalog) -> None:
    product = await catalog.get("default", "TEN-RUN-01-44-AZU")
    assert product is not None and product.sku == "TEN-RUN-01"
    assert product.selected_variant is not None
    assert product.selected_variant.sku == "TEN-RUN-01-44-AZU"
    assert product.selected_variant.price == Decimal("309.90")  # its own price
    inherited = product.variant("TEN-RUN-01-42-PRE")
    assert inherited is not None and inherited.price == Decimal("299.90")  # the product's


async def test_get_unknown_or_other_store(catalog: PostgresCatalog) -> None:
    assert await catalog.get("default", "NOPE") is None
    assert await catalog.get("elsewhere", "TEN-RUN-01") is None


async def test_stock_states(catalog: PostgresCatalog) -> None:
    sold_out_variants = await catalog.get("default", "BOT-CNO-09")
    sold_out = await catalog.get("default", "CAF-PRE-06")
    untracked = await catalog.get("default", "POT-VID-05")
    assert sold_out_variants is not None and sold_out_variants.in_stock is False
    assert sold_out is not None and sold_out.in_stock is False and sold_out.stock == 0
    assert untracked is not None and untracked.stock is None and untracked.in_stock


async def test_related_starts_with_hand_picked_complements(catalog: PostgresCatalog) -> None:
    products = await catalog.related("default", ["CEL-AUR-01"], exclude=set())
    assert [p.sku for p in products] == ["CAP-CEL-01", "PEL-CEL-02", "CAR-TUR-01"]
    shoes = await catalog.related("default", ["TEN-RUN-01-42-PRE"], exclude=set(), limit=1)
    assert [p.sku for p in shoes] == ["MEIA-ESP-02"]


async def test_related_skips_excluded_and_fills_from_the_category(
    catalog: PostgresCatalog,
) -> None:
    products = await catalog.related(
        "default", ["TEN-RUN-01"], exclude={"MEIA-ESP-02-3943-PRE", "GAR-SQZ-03"}, limit=3
    )
    skus = [p.sku for p in products]
    assert skus[0] == "CAM-DRY-02"  # the remaining hand-picked one
    assert "MEIA-ESP-02" not in skus  # one of its variants is excluded (already in the cart)
    assert all(p.category == "Calçados > Tênis" for p in products[1:])
    assert "TEN-RUN-01" not in skus


@pytest.mark.parametrize(
    "seeds", [["VES-TRI-04"], ["GAR-TER-01"], ["FON-BT-01"], ["TEN-RUN-01"], ["BOL-TIR-01"]]
)
async def test_related_never_returns_sold_out_or_excluded(
    catalog: PostgresCatalog, seeds: list[str]
) -> None:
    exclude = {"CASE-FON-05", "CAN-TER-02", "SAN-RAS-07"}
    products = await catalog.related("default", seeds, exclude=exclude, limit=5)
    assert products
    for product in products:
        assert product.in_stock, product.sku
        assert product.sku not in exclude | set(seeds)
    # The hand-picked boots and coffee press are sold out.
    assert "BOT-CNO-09" not in [p.sku for p in products]
    assert "CAF-PRE-06" not in [p.sku for p in products]


async def test_related_of_unknown_skus_is_empty(catalog: PostgresCatalog) -> None:
    assert await catalog.related("default", ["NOPE"], exclude=set()) == []
    assert await catalog.related("default", ["TEN-RUN-01"], exclude=set(), limit=0) == []


async def test_categories_are_top_level_with_counts(catalog: PostgresCatalog) -> None:
    categories = await catalog.categories("default")
    names = [name for name, _ in categories]
    assert {"Calçados", "Roupas", "Acessórios", "Eletrônicos", "Casa", "Esporte", "Beleza"} <= (
        set(names)
    )
    assert all(" > " not in name for name in names)
    counts = [count for _, count in categories]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) >= 48
    assert await catalog.categories("elsewhere") == []


async def test_related_picks_follow_the_order_of_the_given_products(
    catalog: PostgresCatalog,
) -> None:
    earbuds_first = await catalog.related("default", ["FON-BT-01", "CEL-AUR-01"], exclude=set())
    phone_first = await catalog.related("default", ["CEL-AUR-01", "FON-BT-01"], exclude=set())
    assert [p.sku for p in earbuds_first] == ["CASE-FON-05", "CAR-TUR-01", "CAP-CEL-01"]
    assert [p.sku for p in phone_first] == ["CAP-CEL-01", "PEL-CEL-02", "CAR-TUR-01"]
