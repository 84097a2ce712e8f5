"""Product rows kept in memory per process, keyed by the store's catalog version
(tools/catalog/product_cache.py): every committed write to a store's products or variants
raises the version (migration 0012's triggers), so a process sees another process's import,
stock change or price change at its next read of the version (a turn's claim)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from balcao.clock import FrozenClock
from balcao.db.connect import open_pool
from tests.catalog.conftest import SPEC_EXAMPLE
from tools.catalog.client import PostgresCatalog
from tools.catalog.importer import import_catalog
from tools.catalog.product_cache import (
    catalog_version_known,
    fold_catalog_changes,
    read_catalog_version,
)

CLOCK = FrozenClock(datetime(2025, 3, 1, tzinfo=UTC))
SKU, VARIANT = "TEN-RUN-01", "TEN-RUN-01-42-PRETO"


async def test_every_kind_of_catalog_write_raises_only_its_stores_version(pool) -> None:
    async with pool.connection() as conn:
        await conn.execute("INSERT INTO stores (id, name) VALUES ('other', 'Other')")
        assert await read_catalog_version(conn, "default") == 0
        await import_catalog(conn, [SPEC_EXAMPLE], store_id="default", clock=CLOCK)
        seen = [await read_catalog_version(conn, "default")]
        for write in (
            "UPDATE products SET price = 279.90 WHERE sku = 'TEN-RUN-01'",
            "UPDATE product_variants SET stock = stock - 1 WHERE sku = 'TEN-RUN-01-42-PRETO'",
            "DELETE FROM product_variants WHERE sku = 'TEN-RUN-01-43-AZUL'",
            "DELETE FROM products WHERE sku = 'TEN-RUN-01'",
        ):
            await conn.execute(write)
            seen.append(await read_catalog_version(conn, "default"))
        assert seen[0] > 0
        assert all(after > before for before, after in zip(seen, seen[1:], strict=False))
        assert await read_catalog_version(conn, "other") == 0


async def test_another_process_s_price_and_stock_change_is_read_at_the_next_version(
    db_url: str,
) -> None:
    # Two pools and two catalogs: the worker's process and, say, the CLI's or another worker's.
    reader_pool = await open_pool(db_url, min_size=1, max_size=2)
    writer_pool = await open_pool(db_url, min_size=1, max_size=2)
    try:
        async with writer_pool.connection() as conn:
            await import_catalog(conn, [SPEC_EXAMPLE], store_id="default", clock=CLOCK)
        reader = PostgresCatalog(reader_pool, embedder=None)
        async with reader_pool.connection() as conn:
            before = await read_catalog_version(conn, "default")
        with catalog_version_known("default", before):
            first = await reader.get("default", VARIANT)
        assert first is not None and first.price == Decimal("299.90")
        assert first.selected_variant is not None and first.selected_variant.stock == 3

        async with writer_pool.connection() as conn:
            await conn.execute("UPDATE products SET price = 279.90 WHERE sku = %s", (SKU,))
            await conn.execute(
                "UPDATE product_variants SET stock = 1, price = 289.90 WHERE sku = %s", (VARIANT,))

        # A turn claimed before the write still reads the rows it could have read then: from
        # memory, which proves they are kept (the database already holds the new ones).
        with catalog_version_known("default", before):
            assert await reader.get("default", VARIANT) == first
        # The next turn's claim reads the new version: the new rows.
        async with reader_pool.connection() as conn:
            after = await read_catalog_version(conn, "default")
        assert after > before
        with catalog_version_known("default", after):
            fresh = await reader.get("default", VARIANT)
        assert fresh is not None and fresh.price == Decimal("279.90")
        assert fresh.selected_variant is not None
        assert (fresh.selected_variant.stock, fresh.selected_variant.price) == (
            1, Decimal("289.90"))
        # A caller that was told no version (the CLI, the golden runner) reads it itself.
        async with writer_pool.connection() as conn:
            await conn.execute("UPDATE product_variants SET stock = 0 WHERE sku = %s", (VARIANT,))
        unknown = await reader.get("default", VARIANT)
        assert unknown is not None and unknown.selected_variant is not None
        assert unknown.selected_variant.stock == 0
        # A product deleted (or an unknown sku) is remembered as missing, at its version only.
        async with writer_pool.connection() as conn:
            await conn.execute("DELETE FROM products WHERE sku = %s", (SKU,))
        assert await reader.get("default", VARIANT) is None
    finally:
        await reader_pool.close()
        await writer_pool.close()


async def test_writers_do_not_wait_on_the_version_and_only_commits_raise_it(db_url: str) -> None:
    pool = await open_pool(db_url, min_size=2, max_size=3)
    try:
        async with pool.connection() as conn:
            await import_catalog(conn, [SPEC_EXAMPLE], store_id="default", clock=CLOCK)
            before = await read_catalog_version(conn, "default")
        async with pool.connection() as first, pool.connection() as second, \
                pool.connection() as reader:
            async with first.transaction():
                await first.execute(
                    "UPDATE product_variants SET stock = 2 WHERE sku = %s", (VARIANT,))
                # A second payment on another row of the same store does not wait for the
                # first to commit (a counter row would hold it: and deadlock the two when the
                # first then touched the second's row).
                async with second.transaction():
                    await second.execute("SET LOCAL lock_timeout = '2s'")
                    await second.execute("UPDATE products SET stock = 9 WHERE sku = %s", (SKU,))
                assert await read_catalog_version(reader, "default") == before + 1
            assert await read_catalog_version(reader, "default") == before + 2
            assert await fold_catalog_changes(reader) > 0
            assert await read_catalog_version(reader, "default") == before + 2
            cur = await reader.execute("SELECT count(*) AS n FROM catalog_changes")
            assert (await cur.fetchone())["n"] == 1
    finally:
        await pool.close()


async def test_a_turn_s_searches_share_the_products_they_found_at_its_version(pool) -> None:
    # A turn's resolver and its `retrieve` often find the same products: the second search
    # takes them from memory, and `get` takes the product a search found, while the store's
    # catalog is at the turn's version; a write's new version reads the new rows.
    async with pool.connection() as conn:
        await import_catalog(conn, [SPEC_EXAMPLE], store_id="default", clock=CLOCK)
        before = await read_catalog_version(conn, "default")
    catalog = PostgresCatalog(pool, embedder=None)
    with catalog_version_known("default", before):
        first = await catalog.search("default", "tenis de corrida", limit=3)
        again = await catalog.search("default", "tenis veloz", size="42", limit=3)
        got = await catalog.get("default", SKU)
    assert [h.product.sku for h in first] == [SKU] and [h.product.sku for h in again] == [SKU]
    assert again[0].product is first[0].product and got is first[0].product
    # The hit's own parts stay the search's: the variants matching its filters.
    assert [v.sku for v in again[0].matching_variants] == [VARIANT]
    assert first[0].product.price == Decimal("299.90")

    async with pool.connection() as conn:
        await conn.execute("UPDATE products SET price = 279.90 WHERE sku = %s", (SKU,))
        after = await read_catalog_version(conn, "default")
    with catalog_version_known("default", after):
        fresh = await catalog.search("default", "tenis de corrida", limit=3)
    assert fresh[0].product.price == Decimal("279.90")
    # Without a version (the CLI, the golden runner) a search reads and builds its rows.
    unknown = await catalog.search("default", "tenis de corrida", limit=3)
    assert unknown[0].product == fresh[0].product and unknown[0].product is not fresh[0].product
