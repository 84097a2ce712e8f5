"""Catalog records as the graph reads them. Money is `Decimal`, never float."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, computed_field


class Variant(BaseModel):
    """One buyable variant of a product."""

    model_config = ConfigDict(frozen=True)

    sku: str
    attributes: dict[str, str]
    price: Decimal
    """The effective price: the variant's own, or else the product's."""
    stock: int | None
    """Units available; None means stock is not tracked (always available)."""

    # mypy rejects decorators stacked on @property; pydantic documents this ignore.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def in_stock(self) -> bool:
        """Whether the variant can be bought now."""
        return self.stock is None or self.stock > 0


class Product(BaseModel):
    """A product with its variants (in catalog order)."""

    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    description: str = ""
    category: str = ""
    """A path, levels separated by " > "."""
    brand: str = ""
    price: Decimal
    currency: str
    stock: int | None = None
    """Units available when the product has no variants; None means untracked."""
    image_url: str | None = None
    attributes: dict[str, str] = {}
    tags: list[str] = []
    related_skus: list[str] = []
    variants: list[Variant] = []
    selected_variant: Variant | None = None
    """The variant named by the sku the product was looked up with, if it was a variant's."""

    # mypy rejects decorators stacked on @property; pydantic documents this ignore.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def in_stock(self) -> bool:
        """Whether anything of it can be bought: a variant in stock, or the product itself."""
        if self.variants:
            return any(v.in_stock for v in self.variants)
        return self.stock is None or self.stock > 0

    # mypy rejects decorators stacked on @property; pydantic documents this ignore.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def price_range(self) -> tuple[Decimal, Decimal]:
        """Lowest and highest variant price; (price, price) for a product without variants."""
        if not self.variants:
            return (self.price, self.price)
        prices = [v.price for v in self.variants]
        return (min(prices), max(prices))

    def variant(self, sku: str) -> Variant | None:
        """The variant with this sku, if the product has it."""
        return next((v for v in self.variants if v.sku == sku), None)


class ProductHit(BaseModel):
    """A search result."""

    model_config = ConfigDict(frozen=True)

    product: Product
    score: float
    """Relevance (higher is better); comparable only within one search."""
    in_stock: bool
    """Whether the product can be bought under the search's filters (size, colour, price)."""
    matching_variants: list[Variant] = []
    """The product's in-stock variants that pass the filters, in catalog order."""


class Recommendation(BaseModel):
    """A product suggested to the buyer, and why."""

    model_config = ConfigDict(frozen=True)

    product: Product
    reason: str
    """"related" (hand-picked), "bought_together", "similar" or "best_seller"."""
