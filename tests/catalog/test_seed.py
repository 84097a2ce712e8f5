"""Seeding the demo store: once, even when several processes start together."""

from __future__ import annotations

import asyncio

from tools.catalog.demo import DEMO_STORE_NAME, demo_catalog_lines, seed_demo_store


async def _count(pool, store_id: str) -> int:
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT count(*) AS n FROM products WHERE store_id = %s", (store_id,)
        )
        return (await cur.fetchone())["n"]


async def test_seed_creates_the_store_and_imports_once(pool, clock) -> None:
    async with pool.connection() as conn:
        assert await seed_demo_store(conn, store_id="demo", clock=clock) is True
        assert await seed_demo_store(conn, store_id="demo", clock=clock) is False
        cur = await conn.execute("SELECT name, currency FROM stores WHERE id = 'demo'")
        store = await cur.fetchone()
    assert store == {"name": DEMO_STORE_NAME, "currency": "BRL"}
    assert await _count(pool, "demo") == len([line for line in demo_catalog_lines() if line])


async def test_seed_keeps_an_existing_store_and_its_catalog(pool, clock) -> None:
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO products (store_id, sku, name, price, currency)"
            " VALUES ('default', 'MINE-1', 'Meu produto', 10, 'BRL')"
        )
        assert await seed_demo_store(conn, store_id="default", clock=clock) is False
        cur = await conn.execute("SELECT name FROM stores WHERE id = 'default'")
        assert (await cur.fetchone())["name"] == "Loja Teste"
    assert await _count(pool, "default") == 1


async def test_concurrent_seeds_import_once(pool, clock) -> None:
    async def seed() -> bool:
        async with pool.connection() as conn:
            return await seed_demo_store(conn, store_id="demo", clock=clock)

    results = await asyncio.gather(seed(), seed(), seed())
    assert sorted(results) == [False, False, True]
    assert await _count(pool, "demo") == len([line for line in demo_catalog_lines() if line])
