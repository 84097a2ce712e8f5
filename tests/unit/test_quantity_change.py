"""A count said about "it" with a cart: the units of the latest line, nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from graphs.sales.quantity_change import quantity_asked


def state(text: str, **more: Any) -> dict[str, Any]:
    return {"inbound": [{"kind": "text", "text": text, "external_id": "m1", "buyer_id": "b",
                         "channel": "whatsapp"}],
            "cart": {"skus": ["CAP-CEL-01-TRA"]}, "classification": {"entities": {}}, **more}


@pytest.mark.parametrize(("text", "count"), [
    ("actually make it 2, my sister has the same phone", 2),
    ("oh wait, make it three", 3),
    ("pensando bem deixa 2 entao", 2),
    ("coloca 4 dela", 4),
    ("ops, quis dizer 2", 2),
])
def test_a_count_about_it_sets_the_units(text: str, count: int) -> None:
    assert quantity_asked(state(text)) == count  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "more"), [
    ("make it 2", {"cart": {}}),                                   # nothing in the cart
    ("quero 2", {"requests": [{"sku": "X", "quantity": 2}]}),       # an item named or shown
    ("make it 2", {"pending_question": "choose_product"}),         # a choice is open
    ("quero 2 reais de desconto", {}),                             # money, not units
    ("faz um desconto ai? 190 ta salgado", {}),                    # "um" counts a discount
    ("coloca 2 camisetas", {}),                                    # a count of something else
    ("deixa 42", {"classification": {"entities": {"size": "42"}}}),  # an option
])
def test_other_messages_are_no_quantity_change(text: str, more: dict[str, Any]) -> None:
    assert quantity_asked(state(text, **more)) is None  # type: ignore[arg-type]
