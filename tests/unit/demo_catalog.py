"""The demo catalog in memory, behind the two `CatalogClient` reads the resolver uses."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

from graphs.sales.resolve.products import same_word
from graphs.sales.resolve.words import tokenize
from tools.catalog.models import Product, ProductHit, Variant


def _product(line: dict) -> Product:
    price = Decimal(str(line["price"]))
    return Product(
        sku=line["sku"], name=line["name"], category=line.get("category", ""),
        brand=line.get("brand", ""), price=price, currency=line.get("currency", "BRL"),
        stock=line.get("stock"), attributes=line.get("attributes") or {},
        tags=line.get("tags") or [],
        variants=[Variant(sku=v["sku"], attributes=v["attributes"],
                          price=Decimal(str(v.get("price", price))), stock=v.get("stock"))
                  for v in line.get("variants") or []],
    )


class DemoCatalog:
    """`get` by product or variant sku; `search` by words shared with name, tags, category."""

    def __init__(self) -> None:
        text = resources.files("balcao.demo").joinpath("catalog.jsonl").read_text(
            encoding="utf-8")
        self.products = [_product(json.loads(line)) for line in text.splitlines() if line]
        self.searches: list[str] = []

    async def get(self, store_id: str, sku: str) -> Product | None:
        for product in self.products:
            if product.sku == sku:
                return product
            variant = product.variant(sku)
            if variant is not None:
                return product.model_copy(update={"selected_variant": variant})
        return None

    async def search(self, store_id: str, query: str, *, limit: int = 5, **_: object
                     ) -> list[ProductHit]:
        self.searches.append(query)
        said = [t.text for t in tokenize(query)[1] if len(t.text) >= 3]
        hits = []
        for product in self.products:
            words = [t.text for t in tokenize(
                " ".join([product.name, *product.tags, product.category]))[1]]
            count = sum(any(same_word(s, w) for w in words) for s in said)
            if count:
                hits.append((count, product))
        hits.sort(key=lambda pair: -pair[0])
        return [ProductHit(product=p, score=float(c), in_stock=p.in_stock)
                for c, p in hits[:limit]]
