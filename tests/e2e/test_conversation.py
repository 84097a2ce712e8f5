"""A buyer's conversation through the real webhook, the worker, the graph and the outbox."""

from __future__ import annotations

import httpx
import psycopg

from tests import webhooks
from tests.e2e.conftest import APP_SECRET
from tests.fakes.graph_api import FakeGraphApi
from tests.service import ServiceProcess

BUYER = "5511987654321"


def post(service: ServiceProcess, body: dict) -> httpx.Response:
    raw, headers = webhooks.signed(body, APP_SECRET)
    return httpx.post(f"{service.url}/webhooks/whatsapp", content=raw, headers=headers)


def say(service: ServiceProcess, graph_api: FakeGraphApi, text: str) -> dict:
    """Sends a text as the buyer and returns the one reply the fake Graph API received."""
    before = len(graph_api.messages())
    assert post(service, webhooks.text(text, wa_id=BUYER)).status_code == 200
    messages = graph_api.wait_for(before + 1, timeout=20)
    return messages[before]


def option_ids(message: dict) -> list[str]:
    interactive = message.get("interactive") or {}
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        return [b["reply"]["id"] for b in action["buttons"]]
    if interactive.get("type") == "list":
        return [row["id"] for section in action["sections"] for row in section["rows"]]
    return []


def cart_lines(db_url: str) -> list[tuple[str, int]]:
    with psycopg.connect(db_url) as conn:
        return conn.execute(
            "SELECT l.sku, l.quantity FROM cart_lines l JOIN carts c ON c.id = l.cart_id"
            " JOIN conversations v ON v.id = c.conversation_id"
            " WHERE v.buyer_id = %s AND c.status = 'open' ORDER BY l.sku",
            (BUYER,),
        ).fetchall()


def test_greet_search_add_by_position_and_show_cart(
    service: ServiceProcess, graph_api: FakeGraphApi, db_url: str
) -> None:
    greeting = say(service, graph_api, "oi, boa tarde!")
    assert greeting["to"] == BUYER
    assert greeting["type"] == "interactive"
    assert option_ids(greeting) == ["browse", "cart:view"]

    results = say(service, graph_api, "tem garrafa termica?")
    ids = option_ids(results)
    assert ids[:2] == ["show:GAR-TERM-500", "show:GAR-TERM-1L"] or ids[:2] == [
        "show:GAR-TERM-1L", "show:GAR-TERM-500"
    ]
    second_sku = ids[1].removeprefix("show:")

    added = say(service, graph_api, "quero a segunda")
    assert cart_lines(db_url) == [(second_sku, 1)]
    assert "checkout" in option_ids(added) and "cart:view" in option_ids(added)
    assert "show:CAN-CAFE-01" in option_ids(added)  # the hand-picked complement

    cart = say(service, graph_api, "o que tem no meu carrinho?")
    assert option_ids(cart)[0] == "checkout"
    body = cart["interactive"]["body"]["text"]
    price = "89,90" if second_sku == "GAR-TERM-500" else "129,90"
    assert f"R$ {price}" in body


def test_a_tap_on_a_list_row_maps_to_that_exact_product(
    service: ServiceProcess, graph_api: FakeGraphApi
) -> None:
    raw, headers = webhooks.signed(
        webhooks.list_reply("show:GAR-TERM-1L", "Garrafa Térmica Inox 1 litro", wa_id=BUYER),
        APP_SECRET,
    )
    assert httpx.post(f"{service.url}/webhooks/whatsapp", content=raw,
                      headers=headers).status_code == 200
    detail = graph_api.wait_for(1, timeout=20)[0]
    assert option_ids(detail) == ["add:GAR-TERM-1L"]
    assert "129,90" in detail["interactive"]["body"]["text"]


def test_a_product_with_variants_offers_only_variants_in_stock(
    service: ServiceProcess, graph_api: FakeGraphApi, db_url: str
) -> None:
    say(service, graph_api, "procuro camiseta")
    choice = say(service, graph_api, "quero a primeira")
    assert option_ids(choice) == ["add:CAM-BAS-01-M-PRETO", "add:CAM-BAS-01-M-BRANCO"]
    say(service, graph_api, "a 2")
    assert cart_lines(db_url) == [("CAM-BAS-01-M-BRANCO", 1)]
