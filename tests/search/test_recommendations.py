"""Recommendations: hand-picked, then bought together (paid orders), similar, best sellers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tests.search.conftest import CLOCK
from tools.catalog.client import PostgresCatalog
from tools.catalog.demo import demo_catalog_lines
from tools.catalog.importer import import_catalog

NOW = datetime(2025, 3, 2, tzinfo=UTC)


@pytest.fixture
async def store(pool, embedder) -> PostgresCatalog:
    async with pool.connection() as conn:
        await import_catalog(conn, demo_catalog_lines(), store_id="default", clock=CLOCK,
                             embedder=embedder)
    return PostgresCatalog(pool, embedder=embedder)


PRODUCT_OF = {"CEL-AUR-01-PRE": "CEL-AUR-01", "CEL-AUR-01-AZU": "CEL-AUR-01",
              "VES-LON-02-M-PRE": "VES-LON-02", "GAR-TER-01-INO": "GAR-TER-01"}


async def _order(pool, number: str, lines: list[tuple[str, int]], status: str = "paid") -> None:
    """An order written directly, as checkout will write them (variant sku, quantity)."""
    async with pool.connection() as conn:
        cur = await conn.execute(
            "INSERT INTO orders (store_id, number, status, currency, subtotal, total,"
            " created_at, updated_at) VALUES ('default', %s, %s, 'BRL', 0, 0, %s, %s)"
            " RETURNING id",
            (number, status, NOW, NOW),
        )
        order_id = (await cur.fetchone())["id"]
        for sku, quantity in lines:
            await conn.execute(
                "INSERT INTO order_lines (order_id, sku, product_sku, name, unit_price,"
                " quantity, total) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (order_id, sku, PRODUCT_OF.get(sku, sku), sku, Decimal("10"), quantity,
                 Decimal("10") * quantity),
            )


async def test_hand_picked_complements_come_first(store: PostgresCatalog) -> None:
    picks = await store.recommend("default", ["TEN-RUN-01-42-AZU"], exclude=set(), limit=3)
    assert [(p.product.sku, p.reason) for p in picks] == [
        ("MEIA-ESP-02", "related"), ("GAR-SQZ-03", "related"), ("CAM-DRY-02", "related")]


async def test_bought_together_follows_and_counts_only_paid_orders(
    store: PostgresCatalog, pool
) -> None:
    await _order(pool, "A1", [("CEL-AUR-01-PRE", 1), ("FON-BT-01", 1)])
    await _order(pool, "A2", [("CEL-AUR-01-AZU", 1), ("FON-BT-01", 1), ("CX-SOM-01", 1)])
    await _order(pool, "A3", [("CEL-AUR-01-PRE", 1), ("SMW-FIT-01", 1)], status="cancelled")
    await _order(pool, "A4", [("CEL-AUR-01-PRE", 1), ("SMW-FIT-01", 1)], status="pending_payment")
    in_cart = {"CAP-CEL-01-AZU"}  # a variant of the first hand-picked product
    picks = await store.recommend("default", ["CEL-AUR-01"], exclude=in_cart, limit=6)
    got = [(p.product.sku, p.reason) for p in picks]
    # Hand-picked: capinha (in the cart: skipped), película, carregador.
    assert got[:2] == [("PEL-CEL-02", "related"), ("CAR-TUR-01", "related")]
    assert got[2:4] == [("FON-BT-01", "bought_together"), ("CX-SOM-01", "bought_together")]
    assert "SMW-FIT-01" not in [sku for sku, _ in got[:4]]  # unpaid orders do not count


async def test_similar_then_category_best_sellers(store: PostgresCatalog, pool) -> None:
    await _order(pool, "B1", [("VES-LON-02-M-PRE", 3)])
    picks = await store.recommend("default", ["VES-MID-01"], exclude=set(), limit=20)
    reasons = [p.reason for p in picks]
    assert reasons == sorted(reasons, key=["related", "bought_together", "similar",
                                           "best_seller"].index)
    assert "similar" in reasons


async def test_never_out_of_stock_in_the_cart_or_the_seed(store: PostgresCatalog, pool) -> None:
    await _order(pool, "C1", [("GAR-TER-01-INO", 1), ("CAF-PRE-06", 1), ("CAN-TER-02", 1)])
    cart = {"CAN-TER-02", "GAR-TER-01-INO"}
    for seeds in (["GAR-TER-01"], ["TEN-RUN-01"], ["VES-TRI-04"], []):
        picks = await store.recommend("default", seeds, exclude=cart, limit=20)
        for pick in picks:
            assert pick.product.in_stock, pick.product.sku
            assert pick.product.sku not in cart | set(seeds)
            assert not {v.sku for v in pick.product.variants} & cart
        assert "CAF-PRE-06" not in [p.product.sku for p in picks]  # sold out


async def test_after_a_failed_search_similar_then_best_sellers(
    store: PostgresCatalog, pool
) -> None:
    await _order(pool, "D1", [("VEL-ARO-01", 5)])
    picks = await store.recommend("default", [], exclude=set(), limit=3,
                                  query="algo cheiroso pra relaxar")
    assert picks and picks[0].reason == "similar"
    no_query = await store.recommend("default", [], exclude=set(), limit=3)
    assert [(p.product.sku, p.reason) for p in no_query][0] == ("VEL-ARO-01", "best_seller")
