"""What the graph reads from a turn's buyer messages, read in one place."""

from __future__ import annotations

from graphs.sales.inbound import read_turn, turn_text


def message(kind: str = "text", **extra: object) -> dict:
    return {"external_id": f"m{len(extra)}", "buyer_id": "b", "kind": kind, **extra}


def test_the_words_of_a_burst_one_message_per_line() -> None:
    state = {"inbound": [message(text=" quero um tênis "), message("image"),
                         message(text="   "), message(text="tamanho 42")]}
    assert turn_text(state) == "quero um tênis\ntamanho 42"
    assert turn_text({"inbound": []}) == turn_text({}) == ""


def test_taps_orders_and_events_are_read_from_the_latest_message() -> None:
    turn = read_turn({"inbound": [
        message("button_reply", text="Ver carrinho", reply_id="cart:view"),
        message("list_reply", text="Tênis", reply_id="show:TEN-1"),
        message("order", order={"items": [{"product_retailer_id": "A", "quantity": 2}]}),
        message("payment", payment={"order_id": 7, "payment_id": 9, "status": "paid"}),
        message("reaction"),
    ]})
    assert turn.tap == "show:TEN-1"
    assert turn.order_items == [{"product_retailer_id": "A", "quantity": 2,
                                 "item_price": None, "currency": None}]
    assert turn.payment == {"order_id": 7, "payment_id": 9, "status": "paid"}
    assert turn.handback is None
    assert turn.kinds == {"button_reply", "list_reply", "order", "payment", "reaction"}
    assert turn.text == "Ver carrinho\nTênis"
