"""Fixtures for catalog tests: a frozen clock, the spec's example line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from balcao.clock import FrozenClock

# The example of shared/spec/catalog.md, on one line.
SPEC_EXAMPLE = (
    '{"sku": "TEN-RUN-01", "name": "Tênis de corrida Veloz",'
    ' "description": "Tênis leve com amortecimento para corridas de até 21 km.",'
    ' "category": "Calçados > Tênis", "brand": "Veloz", "price": 299.90, "currency": "BRL",'
    ' "stock": 14, "image_url": "https://example.com/img/ten-run-01.jpg",'
    ' "attributes": {"material": "mesh", "genero": "unissex"},'
    ' "variants": ['
    '{"sku": "TEN-RUN-01-42-PRETO", "attributes": {"tamanho": "42", "cor": "preto"},'
    ' "price": 299.90, "stock": 3},'
    ' {"sku": "TEN-RUN-01-43-AZUL", "attributes": {"tamanho": "43", "cor": "azul"},'
    ' "price": 309.90, "stock": 0}],'
    ' "tags": ["corrida", "esporte"], "related_skus": ["MEIA-ESP-02"]}'
)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
