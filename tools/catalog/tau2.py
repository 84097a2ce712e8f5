"""Converts τ²-bench's retail catalog (`db.json`) into our import format (JSON Lines).

τ²-bench retail (MIT) lists 50 products, each with variants ("items") that differ by options
such as colour, size and material, a price and an `available` flag. Each becomes one line:

- product `sku` = τ² `product_id`; variant `sku` = τ² `item_id`;
- variant `attributes` = τ² `options` (keys such as `color` and `size` are what search filters
  on); `price` = the item's price, exact (read as decimal, never through a float);
- `available: false` becomes `stock: 0`; available items have untracked stock (no count is
  given), which our catalog treats as buyable;
- the product's `price` is its lowest item price; currency USD; the description lists the
  options on offer, so search finds "v-neck" or "polyester".

Command line: `balcao catalog convert-tau2 db.json > tau2.jsonl`. The rest of the database
(users, their addresses and payment methods, orders) loads with `tools.orders.tau2.load_tau2`,
which imports this catalog first: `balcao orders import-tau2 db.json`.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

_DECIMAL = re.compile(r'"__decimal__([-0-9.eE+]+)"')


def convert(db: dict[str, Any]) -> list[dict[str, Any]]:
    """The products of a τ² retail database as import lines (dicts), sorted by name then id.

    Args:
        db: The parsed `db.json` (parsed with `parse_float=Decimal`).

    Returns:
        One dict per product, in our format (prices as `Decimal`).
    """
    lines = []
    for product in db["products"].values():
        variants = []
        for item in product["variants"].values():
            options = {str(k): str(v) for k, v in item["options"].items()}
            variant: dict[str, Any] = {
                "sku": str(item["item_id"]),
                "attributes": options,
                "price": Decimal(str(item["price"])),
            }
            if not item.get("available", True):
                variant["stock"] = 0
            variants.append(variant)
        offered: dict[str, list[str]] = {}
        for variant in variants:
            for key, value in variant["attributes"].items():
                offered.setdefault(key, [])
                if value not in offered[key]:
                    offered[key].append(value)
        description = f"{product['name']}. Options: " + "; ".join(
            f"{key}: {', '.join(values)}" for key, values in offered.items()
        )
        lines.append(
            {
                "sku": str(product["product_id"]),
                "name": product["name"],
                "description": description,
                "price": min((v["price"] for v in variants), default=Decimal("0")),
                "currency": "USD",
                "variants": variants,
            }
        )
    return sorted(lines, key=lambda line: (line["name"], line["sku"]))


def read_db(path: Path) -> dict[str, Any]:
    """Parses `db.json` with exact decimals."""
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def dumps(line: dict[str, Any]) -> str:
    """One import line as JSON, decimals written as exact JSON numbers."""
    text = json.dumps(line, ensure_ascii=False, default=_mark_decimal)
    return _DECIMAL.sub(r"\1", text)


def _mark_decimal(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"__decimal__{value}"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def convert_file(path: Path) -> list[str]:
    """The lines of the converted catalog for a `db.json` path."""
    return [dumps(line) for line in convert(read_db(path))]
