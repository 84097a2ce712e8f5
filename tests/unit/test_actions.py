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
    (actions.confirm_order(3), {"intent": "checkout", "confirm": 3}),
    (actions.check_payment(), {"intent": "payment_question", "check_payment": True}),
    (actions.talk_to_person(), {"intent": "human_agent"}),
    (actions.use_coupon("VOLTEI10"), {"intent": "checkout", "coupon": "VOLTEI10"}),
])
def test_issued_ids_round_trip(option_id: str, expected: dict) -> None:
    assert actions.decode(option_id) == expected


def test_an_id_we_never_issued_is_not_guessed() -> None:
    assert actions.decode("buy-everything") is None


def test_a_place_order_button_without_a_summary_version_is_never_a_yes() -> None:
    # Buttons from before summaries had versions (or a mangled one) carry version 0,
    # which no summary has: checkout shows the summary again instead of placing.
    assert actions.decode("order:confirm") == {"intent": "checkout", "confirm": 0}
    assert actions.decode("order:confirm:x") == {"intent": "checkout", "confirm": 0}
