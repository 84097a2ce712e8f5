"""The item just offered, taken in the same message as another one named
(graphs/sales/offer_along.py)."""

from __future__ import annotations

from typing import Any

import pytest

from graphs.sales.offer_along import offer_taken_along
from graphs.sales.state_types import ItemRequest

OFFERED = {"pending_question": "confirm_add", "pending": {"sku": "MEIA-ESP-02-3943-BRA"}}
SQUEEZE: ItemRequest = {"said": "aquele squeeze azul tb", "sku": "GAR-SQZ-03"}


@pytest.mark.parametrize(("text", "said", "quantity"), [
    ("coloca 1. e aquele squeeze azul tb", "aquele squeeze azul tb", 1),
    ("sim! e o squeeze tb", "o squeeze tb", None),
    ("manda duas, e tambem o squeeze", "o squeeze", 2),
    ("yes add it, and the squeeze too", "the squeeze too", None),
])
def test_the_offer_is_taken_along_with_the_item_named(text: str, said: str,
                                                       quantity: int | None) -> None:
    taken = offer_taken_along(text, OFFERED, [{"said": said, "sku": "GAR-SQZ-03"}])
    assert taken is not None and taken["sku"] == "MEIA-ESP-02-3943-BRA"
    assert taken.get("quantity") == quantity


@pytest.mark.parametrize(("text", "state", "requests"), [
    # the other item instead of the offer
    ("nao, quero o squeeze azul", OFFERED, [{"said": "o squeeze azul", "sku": "GAR-SQZ-03"}]),
    ("quero o squeeze azul", OFFERED, [{"said": "o squeeze azul", "sku": "GAR-SQZ-03"}]),
    # nothing offered, or the offer itself named
    ("coloca 1. e aquele squeeze azul tb", {"pending_question": None}, [SQUEEZE]),
    ("coloca 1. e aquele squeeze azul tb", OFFERED, []),
    ("coloca a meia branca e o squeeze tb", OFFERED,
     [{"said": "a meia branca", "sku": "MEIA-ESP-02-3943-BRA"}, SQUEEZE]),
])
def test_no_offer_is_taken_without_a_clear_take(text: str, state: dict[str, Any],
                                                requests: list[ItemRequest]) -> None:
    assert offer_taken_along(text, state, requests) is None
