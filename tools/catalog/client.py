"""The catalog interface the graph uses; `PostgresCatalog` implements it (`postgres.py`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from tools.catalog.models import Product, ProductHit, Recommendation, Variant
from tools.catalog.postgres import PostgresCatalog

__all__ = [
    "CatalogClient",
    "PostgresCatalog",
    "Product",
    "ProductHit",
    "Recommendation",
    "Variant",
]


class CatalogClient(Protocol):
    """Read access to a store's catalog."""

    async def search(
        self,
        store_id: str,
        query: str,
        *,
        price_min: Decimal | None = None,
        price_max: Decimal | None = None,
        size: str | None = None,
        color: str | None = None,
        category: str | None = None,
        limit: int = 5,
        skus: list[str] | None = None,
    ) -> list[ProductHit]:
        """Products matching words and filters; in stock first, best first."""
        ...

    async def get(self, store_id: str, sku: str) -> Product | None:
        """The product with this sku, or owning a variant with it (then `selected_variant`)."""
        ...

    async def related(
        self, store_id: str, skus: list[str], *, exclude: set[str], limit: int = 3
    ) -> list[Product]:
        """In-stock complements of these products: hand-picked first, then same category."""
        ...

    async def categories(self, store_id: str) -> list[tuple[str, int]]:
        """Top-level categories with their product counts, largest first."""
        ...

    async def recommend(
        self,
        store_id: str,
        skus: list[str],
        *,
        exclude: set[str],
        limit: int = 3,
        query: str | None = None,
    ) -> list[Recommendation]:
        """In-stock suggestions: complements, bought together, similar, best sellers."""
        ...
