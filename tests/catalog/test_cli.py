"""`balcao catalog import|search` as a separate process on the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from api.cli.catalog import format_money
from tools.catalog.demo import demo_catalog_lines


def _cli(db_url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALCAO_")}
    env |= {"DATABASE_URL": db_url, "BALCAO_DEMO_STORE": "false"}
    return subprocess.run(
        [sys.executable, "-m", "api.cli.catalog", "catalog", *args],
        cwd=cwd,  # away from any .env of the working tree
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_import_then_search(db_url: str, pool, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text("\n".join(demo_catalog_lines()) + "\n", encoding="utf-8")

    imported = _cli(db_url, tmp_path, "import", str(catalog))
    assert imported.returncode == 0, imported.stderr
    count = len([line for line in demo_catalog_lines() if line.strip()])
    assert imported.stdout.startswith(f"imported {count} products ({count} created, 0 updated")

    found = _cli(db_url, tmp_path, "search", "garafa termica", "--json", "--limit", "2")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits[0] == {
        "sku": "GAR-TER-01",
        "name": "Garrafa Térmica Inox 1 L",
        "price": "129.90",
        "score": hits[0]["score"],
        "in_stock": True,
    }
    assert len(hits) <= 2

    table = _cli(db_url, tmp_path, "search", "smartphone")
    assert "CEL-AUR-01" in table.stdout and "R$ 1.299,00" in table.stdout


async def test_bad_file_exits_1_with_line_numbers_and_imports_nothing(
    db_url: str, pool, tmp_path: Path
) -> None:
    catalog = tmp_path / "bad.jsonl"
    catalog.write_text(
        '{"sku": "A", "name": "Caneca", "price": 39.90}\n'
        "\n"
        '{"sku": "B", "name": "Prato", "prce": 10}\n'
        '{"sku": "C", "name": "Copo", "price": "12,00"}\n',
        encoding="utf-8",
    )
    result = _cli(db_url, tmp_path, "import", str(catalog))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "line 3: price: is required",
        "line 3: prce: unknown field (did you mean 'price'?)",
        "line 4: price: must be a number, not a string",
        "nothing imported (3 error(s))",
    ]
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT count(*) AS n FROM products")
        assert (await cur.fetchone())["n"] == 0


def test_money_is_formatted_for_brazil() -> None:
    assert format_money(Decimal("1299.9"), "BRL") == "R$ 1.299,90"
    assert format_money(Decimal("0.5"), "BRL") == "R$ 0,50"
    assert format_money(Decimal("1234567.005"), "BRL") == "R$ 1.234.567,01"
    assert format_money(Decimal("19.99"), "USD") == "USD 19.99"
