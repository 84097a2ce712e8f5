"""Option ids the graph issues decode back to exactly one action."""

from __future__ import annotations

import pytest

from graphs.sales import actions


@pytest.mark.parametrize(("option_id", "expected"), [
    (actions.add("TEN-RUN-01-42-PRETO"), {"intent": "add_to_cart", "sku": "TEN-RUN-01-42-PRETO"}),
    (actions.show("GAR:1"), {"intent": "product_question", "sku": "GAR:1"}),
    (actions.remove("CAM-01"), {"intent": "remove_from_cart", "sku": "CAM-01"}),
    (actions.view_cart(), {"intent": "view_cart"}),
    (actions.checkout(), {"intent": "checkout"}),
    (actions.browse(), {"intent": "browse_catalog"}),
    (actions.search("Casa > Cozinha"), {"intent": "search_product", "query": "Casa > Cozinha"}),
])
def test_issued_ids_round_trip(option_id: str, expected: dict) -> None:
    assert actions.decode(option_id) == expected


def test_an_id_we_never_issued_is_not_guessed() -> None:
    assert actions.decode("buy-everything") is None
