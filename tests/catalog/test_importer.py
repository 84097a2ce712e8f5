"""Importing a catalog: exact values, idempotent, all lines or none."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from tests.catalog.conftest import SPEC_EXAMPLE
from tools.catalog.demo import demo_catalog_lines
from tools.catalog.importer import CatalogImportError, import_catalog


async def _dump(conn) -> dict[str, list[dict]]:
    """Every row of the catalog tables, in id order."""
    tables = {}
    for table in ("products", "product_variants"):
        cur = await conn.execute(f"SELECT * FROM {table} ORDER BY id")
        tables[table] = await cur.fetchall()
    return tables


def _dumps(product: dict) -> str:
    """A product as one JSON line, Decimals written as exact JSON numbers."""
    text = json.dumps(product, ensure_ascii=False, default=lambda d: f"@{d}@")
    return re.sub(r'"@([0-9.]+)@"', r"\1", text)


def _line(**fields) -> str:
    return _dumps({"sku": "MEIA-ESP-02", "name": "Meia esportiva", "price": 1} | fields)


async def test_spec_example_imports_exactly(pool, clock) -> None:
    async with pool.connection() as conn:
        report = await import_catalog(conn, [SPEC_EXAMPLE], store_id="default", clock=clock)
        cur = await conn.execute("SELECT * FROM products WHERE sku = 'TEN-RUN-01'")
        product = await cur.fetchone()
        cur = await conn.execute(
            "SELECT sku, attributes, price, stock, position FROM product_variants"
            " WHERE product_id = %s ORDER BY position",
            (product["id"],),
        )
        variants = await cur.fetchall()
    assert (report.created, report.updated, report.unchanged, report.variants) == (1, 0, 0, 2)
    assert report.warnings == [(1, "related sku 'MEIA-ESP-02' is not in the catalog")]
    assert product["price"] == Decimal("299.90") and str(product["price"]) == "299.90"
    assert product["currency"] == "BRL"
    assert product["stock"] == 14
    assert product["category"] == "Calçados > Tênis"
    assert product["attributes"] == {"material": "mesh", "genero": "unissex"}
    assert product["tags"] == ["corrida", "esporte"]
    assert product["related_skus"] == ["MEIA-ESP-02"]
    assert product["updated_at"] == clock.now()
    assert "tenis de corrida veloz" in product["search_text"]
    assert "preto" in product["search_text"] and "azul" in product["search_text"]
    assert product["search_tsv"] is not None
    assert variants == [
        {
            "sku": "TEN-RUN-01-42-PRETO",
            "attributes": {"tamanho": "42", "cor": "preto"},
            "price": Decimal("299.90"),
            "stock": 3,
            "position": 0,
        },
        {
            "sku": "TEN-RUN-01-43-AZUL",
            "attributes": {"tamanho": "43", "cor": "azul"},
            "price": Decimal("309.90"),
            "stock": 0,
            "position": 1,
        },
    ]


async def test_absent_stock_is_untracked_and_currency_defaults_to_the_store(pool, clock) -> None:
    line = _line(variants=[{"sku": "M-1", "attributes": {"tamanho": "39-43"}}])
    async with pool.connection() as conn:
        await import_catalog(conn, [line], store_id="default", clock=clock)
        cur = await conn.execute("SELECT stock, currency FROM products")
        product = await cur.fetchone()
        cur = await conn.execute("SELECT price, stock FROM product_variants")
        variant = await cur.fetchone()
    assert product == {"stock": None, "currency": "BRL"}
    assert variant == {"price": None, "stock": None}  # follows the product's price


async def test_importing_twice_leaves_the_same_catalog(pool, clock) -> None:
    lines = demo_catalog_lines()
    async with pool.connection() as conn:
        first = await import_catalog(conn, lines, store_id="default", clock=clock)
        before = await _dump(conn)
        clock.advance(hours=1)
        second = await import_catalog(conn, lines, store_id="default", clock=clock)
        after = await _dump(conn)
    assert first.created == len([line for line in lines if line.strip()])
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert after == before


async def test_a_changed_product_is_updated_in_place(pool, clock) -> None:
    line = json.loads(SPEC_EXAMPLE, parse_float=Decimal)
    async with pool.connection() as conn:
        await import_catalog(conn, [SPEC_EXAMPLE], store_id="default", clock=clock)
        before = await _dump(conn)

        line["price"] = Decimal("279.90")
        line["variants"] = [
            line["variants"][1],  # reordered
            {"sku": "TEN-RUN-01-44-PRETO", "attributes": {"tamanho": "44", "cor": "preto"}},
        ]
        clock.advance(days=1)
        report = await import_catalog(conn, [_dumps(line)], store_id="default", clock=clock)
        after = await _dump(conn)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    [old], [new] = before["products"], after["products"]
    assert new["id"] == old["id"]
    assert new["price"] == Decimal("279.90")
    assert new["updated_at"] == clock.now() != old["updated_at"]
    kept = {v["sku"]: v for v in before["product_variants"]}["TEN-RUN-01-43-AZUL"]
    variants = {v["sku"]: v for v in after["product_variants"]}
    assert set(variants) == {"TEN-RUN-01-43-AZUL", "TEN-RUN-01-44-PRETO"}
    assert variants["TEN-RUN-01-43-AZUL"]["id"] == kept["id"]
    assert variants["TEN-RUN-01-43-AZUL"]["position"] == 0
    assert variants["TEN-RUN-01-44-PRETO"]["position"] == 1


async def test_products_not_in_the_file_are_kept(pool, clock) -> None:
    async with pool.connection() as conn:
        await import_catalog(
            conn, [_line(sku="A"), _line(sku="B")], store_id="default", clock=clock
        )
        report = await import_catalog(
            conn, [_line(sku="B", name="Novo nome")], store_id="default", clock=clock
        )
        cur = await conn.execute("SELECT sku, name FROM products ORDER BY sku")
        rows = await cur.fetchall()
    assert report.updated == 1
    assert rows == [{"sku": "A", "name": "Meia esportiva"}, {"sku": "B", "name": "Novo nome"}]


async def test_one_bad_line_imports_nothing_and_names_the_line(pool, clock) -> None:
    lines = [
        _line(sku="A"),
        _line(sku="B"),
        '{"sku": "C", "name": "X", "price": "9,90"}',
        _line(sku="D"),
    ]
    async with pool.connection() as conn:
        with pytest.raises(CatalogImportError) as caught:
            await import_catalog(conn, lines, store_id="default", clock=clock)
        cur = await conn.execute("SELECT count(*) AS n FROM products")
        count = (await cur.fetchone())["n"]
    assert caught.value.errors == [(3, "price: must be a number, not a string")]
    assert count == 0


async def test_every_error_of_the_file_is_reported(pool, clock) -> None:
    lines = [
        _line(sku="A"),
        '{"sku": "B", "name": "X", "prce": 1}',
        "",
        "not json",
        _line(sku="A"),
    ]
    async with pool.connection() as conn:
        with pytest.raises(CatalogImportError) as caught:
            await import_catalog(conn, lines, store_id="default", clock=clock)
    assert [n for n, _ in caught.value.errors] == [2, 2, 4, 5]
    assert caught.value.errors[-1] == (5, "duplicate sku 'A' (first used on line 1)")
    assert "line 4: invalid JSON" in str(caught.value)


async def test_an_unknown_store_is_an_error(pool, clock) -> None:
    async with pool.connection() as conn:
        with pytest.raises(CatalogImportError) as caught:
            await import_catalog(conn, [_line()], store_id="nope", clock=clock)
    assert caught.value.errors == [(0, "unknown store 'nope': create the store first")]


async def test_a_sku_owned_by_a_product_outside_the_file_is_an_error(pool, clock) -> None:
    with_variant = _line(sku="A", variants=[{"sku": "A-1", "attributes": {"cor": "azul"}}])
    async with pool.connection() as conn:
        await import_catalog(conn, [with_variant, _line(sku="B")], store_id="default", clock=clock)
        with pytest.raises(CatalogImportError) as caught:
            await import_catalog(
                conn,
                [
                    _line(sku="A-1"),
                    _line(sku="C", variants=[{"sku": "B", "attributes": {"cor": "azul"}}]),
                ],
                store_id="default",
                clock=clock,
            )
    assert caught.value.errors == [
        (1, "sku 'A-1' is already a variant of product 'A', not in this file"),
        (2, "variant sku 'B' is already a product's sku"),
    ]


async def test_a_variant_can_move_between_products_of_the_file(pool, clock) -> None:
    async with pool.connection() as conn:
        await import_catalog(
            conn,
            [
                _line(sku="A", variants=[{"sku": "X-1", "attributes": {"cor": "azul"}}]),
                _line(sku="B"),
            ],
            store_id="default",
            clock=clock,
        )
        await import_catalog(
            conn,
            [
                _line(sku="B", variants=[{"sku": "X-1", "attributes": {"cor": "azul"}}]),
                _line(sku="A"),
            ],
            store_id="default",
            clock=clock,
        )
        cur = await conn.execute(
            "SELECT p.sku FROM product_variants v JOIN products p ON p.id = v.product_id"
        )
        owners = [row["sku"] for row in await cur.fetchall()]
    assert owners == ["B"]


async def test_demo_catalog_imports_cleanly(pool, clock) -> None:
    async with pool.connection() as conn:
        report = await import_catalog(conn, demo_catalog_lines(), store_id="default", clock=clock)
        cur = await conn.execute(
            "SELECT count(DISTINCT split_part(category, ' > ', 1)) AS categories,"
            " count(*) FILTER (WHERE EXISTS (SELECT 1 FROM product_variants v"
            "   WHERE v.product_id = p.id)) AS with_variants"
            " FROM products p"
        )
        shape = await cur.fetchone()
    assert report.warnings == []
    assert report.created >= 48
    assert shape["categories"] >= 6
    assert shape["with_variants"] >= 15


async def test_digital_goods_are_stored_and_a_change_is_an_update(pool, clock) -> None:
    async with pool.connection() as conn:
        await import_catalog(conn, [_line(sku="VALE-01", name="Vale", digital=True)],
                             store_id="default", clock=clock)
        cur = await conn.execute("SELECT digital FROM products WHERE sku = 'VALE-01'")
        assert (await cur.fetchone())["digital"] is True
        report = await import_catalog(conn, [_line(sku="VALE-01", name="Vale")],
                                      store_id="default", clock=clock)
        cur = await conn.execute("SELECT digital FROM products WHERE sku = 'VALE-01'")
        assert (await cur.fetchone())["digital"] is False
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)


async def test_digital_must_be_a_boolean(pool, clock) -> None:
    async with pool.connection() as conn:
        with pytest.raises(CatalogImportError) as raised:
            await import_catalog(conn, [_line(sku="VALE-02", digital="sim")],
                                 store_id="default", clock=clock)
    assert "digital" in str(raised.value)
