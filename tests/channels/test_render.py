"""Rendering replies as Cloud API payloads within WhatsApp's limits."""

from __future__ import annotations

import json
import random

import pytest

from api.channels.whatsapp.parse import parse_webhook
from api.channels.whatsapp.render import (
    CAPTION_MAX,
    LIST_ROW_DESCRIPTION_MAX,
    LIST_ROW_TITLE_MAX,
    render_whatsapp,
)
from api.channels.whatsapp.text import TEXT_MAX, fit, render_text, split_text
from balcao.messages import Reply, ReplyOption
from tests.channels.whatsapp_fixtures import example
from tests.fakes.graph_api import validate_message

TO = "5511987654321"


def options(count: int, title: str = "Opção {n}", description: str | None = None) -> list:
    return [
        ReplyOption(id=f"add:SKU-{n:02d}", title=title.format(n=n), description=description)
        for n in range(1, count + 1)
    ]


def render(opts: list[ReplyOption], body: str = "Escolha uma opção:", **kwargs) -> list[dict]:
    payloads = render_whatsapp(Reply(template="t", options=opts), body, TO, **kwargs)
    for payload in payloads:
        validate_message(payload)  # what Meta would refuse, the fake refuses too
    return payloads


def option_ids(payload: dict) -> list[str]:
    interactive = payload["interactive"]
    if interactive["type"] == "button":
        return [b["reply"]["id"] for b in interactive["action"]["buttons"]]
    return [r["id"] for s in interactive["action"]["sections"] for r in s["rows"]]


# --- fit -----------------------------------------------------------------------------------


def test_fit_leaves_short_text_alone() -> None:
    assert fit("Garrafa Térmica", 24) == "Garrafa Térmica"
    assert fit("x" * 24, 24) == "x" * 24


def test_fit_cuts_at_a_word_boundary() -> None:
    title = "Garrafa Térmica Inox 1 litro com alça"
    cut = fit(title, 24)
    assert cut == "Garrafa Térmica Inox 1…"
    assert len(cut) <= 24


def test_fit_drops_dangling_punctuation() -> None:
    assert fit("Camiseta básica, algodão orgânico", 20) == "Camiseta básica…"


def test_fit_cuts_a_single_long_word() -> None:
    assert fit("Supercalifragilisticexpialidocious", 20) == "Supercalifragilisti…"


def test_fit_collapses_whitespace() -> None:
    assert fit("  Tênis\n corrida  ", 20) == "Tênis corrida"


def test_fit_always_respects_the_limit() -> None:
    rng = random.Random(7)
    words = ["a", "bb", "ccc", "Térmica", "supercalifragilistic", "-", "—", "1,5L", "ção"]
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 20)))
        limit = rng.randint(1, 80)
        result = fit(text, limit)
        assert len(result) <= limit
        if len(" ".join(text.split())) > limit:
            assert result.endswith("…")


# --- text ----------------------------------------------------------------------------------


def test_no_options_is_a_text_message() -> None:
    assert render([], "Olá! Como posso ajudar?") == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": TO,
            "type": "text",
            "text": {"preview_url": False, "body": "Olá! Como posso ajudar?"},
        }
    ]


def test_nothing_to_say_sends_nothing() -> None:
    assert render([], "  \n ") == []


def test_long_body_splits_at_paragraphs() -> None:
    paragraphs = [f"Parágrafo {n}: " + "palavra " * 150 for n in range(12)]
    body = "\n\n".join(p.strip() for p in paragraphs)
    assert len(body) > 2 * TEXT_MAX
    payloads = render([], body)
    chunks = [p["text"]["body"] for p in payloads]
    assert len(chunks) >= 3
    assert all(len(c) <= TEXT_MAX for c in chunks)
    # Each message holds whole paragraphs, and nothing is lost or reordered.
    assert all(c.startswith("Parágrafo ") and c.endswith("palavra") for c in chunks)
    assert "\n\n".join(chunks) == body


def test_split_falls_back_to_lines_then_words_then_hard_cut() -> None:
    lines = "\n".join(f"linha {n} " + "x" * 50 for n in range(200))
    assert all(c.startswith("linha ") for c in split_text(lines, 1000))
    words = " ".join(["palavra"] * 1000)
    chunks = split_text(words, 1000)
    assert all(len(c) <= 1000 and not c.startswith(" ") for c in chunks)
    assert " ".join(chunks) == words
    blob = "x" * 2500
    assert split_text(blob, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]


# --- buttons and lists ---------------------------------------------------------------------


def test_three_short_options_are_buttons() -> None:
    [payload] = render(options(3))
    interactive = payload["interactive"]
    assert payload["type"] == "interactive" and interactive["type"] == "button"
    assert interactive["body"] == {"text": "Escolha uma opção:"}
    assert interactive["action"]["buttons"][0] == {
        "type": "reply",
        "reply": {"id": "add:SKU-01", "title": "Opção 1"},
    }
    assert option_ids(payload) == ["add:SKU-01", "add:SKU-02", "add:SKU-03"]


def test_four_options_are_a_list() -> None:
    [payload] = render(options(4))
    interactive = payload["interactive"]
    assert interactive["type"] == "list"
    assert interactive["action"]["button"] == "Ver opções"
    assert len(interactive["action"]["sections"]) == 1
    assert option_ids(payload) == [f"add:SKU-{n:02d}" for n in range(1, 5)]


def test_ten_options_are_a_list_and_eleven_are_numbered_text() -> None:
    [ten] = render(options(10))
    assert ten["interactive"]["type"] == "list" and len(option_ids(ten)) == 10
    [eleven] = render(options(11, description="R$ 10,00"))
    assert eleven["type"] == "text"
    lines = eleven["text"]["body"].splitlines()
    assert lines[0] == "Escolha uma opção:"
    assert lines[2] == "1. Opção 1 — R$ 10,00"
    assert lines[-1] == "11. Opção 11 — R$ 10,00"


def test_a_title_too_long_for_a_button_makes_a_list() -> None:
    [payload] = render([ReplyOption(id="a", title="Garrafa Térmica 500 ml"), *options(1)])
    assert payload["interactive"]["type"] == "list"


def test_descriptions_make_a_list_and_are_fitted() -> None:
    description = "Aço inox, parede dupla, mantém quente por 12 horas e frio por 24 horas, com alça"
    [payload] = render(
        options(2, title="Garrafa Térmica Inox 1 litro com alça", description=description)
    )
    rows = payload["interactive"]["action"]["sections"][0]["rows"]
    assert rows[0]["title"] == "Garrafa Térmica Inox 1…"
    assert len(rows[0]["description"]) <= LIST_ROW_DESCRIPTION_MAX
    assert rows[0]["description"].endswith("…")
    assert all(len(r["title"]) <= LIST_ROW_TITLE_MAX for r in rows)


def test_list_button_label_is_fitted() -> None:
    [payload] = render(options(5), list_button="Ver todas as opções disponíveis")
    assert payload["interactive"]["action"]["button"] == "Ver todas as opções…"


def test_body_too_long_for_buttons_uses_a_list() -> None:
    [payload] = render(options(2), "x " * 700)
    assert payload["interactive"]["type"] == "list"


def test_body_too_long_for_a_list_is_numbered_text() -> None:
    body = "\n\n".join(["Detalhes do produto. " * 40] * 6)
    assert len(body) > 4096
    payloads = render(options(3), body)
    assert all(p["type"] == "text" for p in payloads) and len(payloads) >= 2
    assert payloads[-1]["text"]["body"].endswith("3. Opção 3")


@pytest.mark.parametrize(
    "opts",
    [
        [ReplyOption(id="x" * 201, title="Longo"), ReplyOption(id="b", title="B")],
        [ReplyOption(id="same", title="A"), ReplyOption(id="same", title="B")],
        [ReplyOption(id="a", title="   "), ReplyOption(id="b", title="B")],
    ],
    ids=["id too long", "repeated id", "blank title"],
)
def test_options_that_cannot_round_trip_are_numbered_text(opts: list[ReplyOption]) -> None:
    [payload] = render(opts)
    assert payload["type"] == "text"


def test_repeated_button_titles_use_a_list() -> None:
    [payload] = render([ReplyOption(id="a", title="Ver"), ReplyOption(id="b", title="Ver")])
    assert payload["interactive"]["type"] == "list"


def test_a_bsuid_buyer_is_addressed_as_recipient() -> None:
    reply = Reply(template="t")
    [payload] = render_whatsapp(reply, "Oi", "US.13491208655302741918")
    assert payload["recipient"] == "US.13491208655302741918" and "to" not in payload
    validate_message(payload)
    assert render_whatsapp(reply, "Oi", TO)[0]["to"] == TO


# --- round trip ----------------------------------------------------------------------------

ODD_IDS = ["add:CAM-BAS-01-M-PRETO", "show:GAR TERM 1L", "qty:2|sku=ÇÃO", "x" * 200]


@pytest.mark.parametrize("count", [2, 4])
def test_a_tap_returns_the_option_id_exactly(count: int) -> None:
    opts = [ReplyOption(id=ODD_IDS[n % 4] + str(n), title=f"Item {n}") for n in range(count)]
    opts[-1] = ReplyOption(id=ODD_IDS[3], title="Último")
    [payload] = render(opts)
    interactive = payload["interactive"]
    reply_type = "button_reply" if interactive["type"] == "button" else "list_reply"
    choices = (
        [b["reply"] for b in interactive["action"]["buttons"]]
        if reply_type == "button_reply"
        else interactive["action"]["sections"][0]["rows"]
    )
    for option, choice in zip(opts, choices, strict=True):
        # What WhatsApp posts back when the buyer taps that button or row.
        body = example("meta/webhook_examples_extracted.json::Interactive Button Reply Message")
        message = body["entry"][0]["changes"][0]["value"]["messages"][0]
        message["interactive"] = {
            "type": reply_type,
            reply_type: {"id": choice["id"], "title": choice["title"]},
        }
        parsed = parse_webhook(json.dumps(body, ensure_ascii=False).encode()).messages[0]
        assert parsed.kind == reply_type
        assert parsed.reply_id == option.id


# --- render_text ---------------------------------------------------------------------------


def test_render_text_numbers_options_in_full() -> None:
    reply = Reply(
        template="t",
        options=[
            ReplyOption(
                id="a", title="Garrafa Térmica Inox 1 litro com alça", description="R$ 129,90"
            ),
            ReplyOption(id="b", title="Caneca"),
        ],
    )
    assert render_text(reply, "Encontrei:\n") == (
        "Encontrei:\n\n1. Garrafa Térmica Inox 1 litro com alça — R$ 129,90\n2. Caneca"
    )
    assert render_text(Reply(template="t"), " Oi ") == "Oi"
    assert render_text(reply, "") == (
        "1. Garrafa Térmica Inox 1 litro com alça — R$ 129,90\n2. Caneca"
    )


# --- products: image cards, catalog messages --------------------------------------------

PRODUCT = {"sku": "TEN-RUN-01", "name": "Tênis de Corrida Veloz Pro", "price": "299.90",
           "in_stock": True, "image_url": "https://example.com/ten.jpg", "description": "Leve."}
VARIANTS = [
    {"sku": f"TEN-RUN-01-{n}-AZU", "name": f"Tênis ({n} / azul)", "price": "299.90",
     "in_stock": True, "attributes": {"tamanho": str(n), "cor": "azul"}}
    for n in range(38, 43)
]


def detail_reply(product: dict = PRODUCT, variants: list | None = None, lang: str = "pt"):
    variants = VARIANTS if variants is None else variants
    opts = [ReplyOption(id=f"add:{v['sku']}", title=v["name"], description="R$ 299,90")
            for v in variants]
    return Reply(template="product_detail", fields={"product": product, "variants": variants},
                 options=opts, lang=lang)  # type: ignore[arg-type]


def checked(payloads: list[dict]) -> list[dict]:
    for payload in payloads:
        validate_message(payload)
    return payloads


def test_product_detail_is_its_image_with_a_caption_then_the_options() -> None:
    body = "*Tênis de Corrida Veloz Pro* — R$ 299,90\nLeve."
    payloads = checked(render_whatsapp(detail_reply(), body, TO))
    assert [p["type"] for p in payloads] == ["image", "interactive"]
    image = payloads[0]["image"]
    assert image["link"] == PRODUCT["image_url"]
    assert image["caption"].startswith(body)
    assert "Disponível: 38 / azul, 39 / azul" in image["caption"]
    assert option_ids(payloads[1]) == [f"add:{v['sku']}" for v in VARIANTS]
    assert payloads[1]["interactive"]["body"]["text"] == "Escolha uma opção:"


def test_a_long_caption_is_cut_cleanly_within_the_limit() -> None:
    body = "*Produto* — R$ 10,00\n" + "palavra " * 300
    payloads = checked(render_whatsapp(detail_reply(), body, TO))
    caption = payloads[0]["image"]["caption"]
    assert len(caption) <= CAPTION_MAX and caption.endswith("…")
    assert not caption[:-1].endswith(" ")  # cut at a boundary, no dangling space


def test_a_product_without_an_image_is_text_and_options() -> None:
    product = {**PRODUCT, "image_url": None}
    payloads = checked(render_whatsapp(detail_reply(product), "*Tênis* — R$ 299,90", TO))
    assert [p["type"] for p in payloads] == ["interactive"]
    assert payloads[0]["interactive"]["body"]["text"] == "*Tênis* — R$ 299,90"


def test_a_sold_out_product_with_an_image_sends_only_the_card() -> None:
    product = {**PRODUCT, "in_stock": False}
    reply = Reply(template="product_detail", fields={"product": product, "variants": []})
    payloads = checked(render_whatsapp(reply, "*Tênis* — esgotado", TO))
    assert [p["type"] for p in payloads] == ["image"]


def test_product_detail_with_a_catalog_is_a_product_message() -> None:
    payloads = checked(render_whatsapp(detail_reply(), "*Tênis*", TO, catalog_id="CAT1"))
    assert payloads[0]["type"] == "interactive"
    card = payloads[0]["interactive"]
    assert card["type"] == "product"
    assert card["action"] == {"catalog_id": "CAT1", "product_retailer_id": "TEN-RUN-01"}
    assert option_ids(payloads[1])[0] == "add:TEN-RUN-01-38-AZU"


def search_reply(count: int, lang: str = "pt") -> Reply:
    items = [{"sku": f"SKU-{n:02d}", "name": f"Produto {n}", "price": "10.00", "in_stock": True}
             for n in range(1, count + 1)]
    opts = [ReplyOption(id=f"show:{i['sku']}", title=i["name"]) for i in items]
    return Reply(template="search_results", fields={"query": "camiseta", "items": items},
                 options=opts, lang=lang)  # type: ignore[arg-type]


def test_search_results_with_a_catalog_are_a_multi_product_message() -> None:
    payloads = checked(render_whatsapp(search_reply(5), "Achei 5 produtos:", TO, catalog_id="C"))
    assert len(payloads) == 1
    content = payloads[0]["interactive"]
    assert content["type"] == "product_list"
    assert content["header"] == {"type": "text", "text": "camiseta"}
    items = content["action"]["sections"][0]["product_items"]
    assert [i["product_retailer_id"] for i in items] == [f"SKU-{n:02d}" for n in range(1, 6)]


def test_more_than_thirty_products_are_never_a_product_list() -> None:
    payloads = checked(render_whatsapp(search_reply(31), "Achei 31:", TO, catalog_id="C"))
    assert payloads[0]["type"] == "text"  # 31 options: numbered text
    assert "31. Produto 31" in payloads[0]["text"]["body"]


def test_without_a_catalog_search_results_are_a_list() -> None:
    payloads = checked(render_whatsapp(search_reply(5), "Achei 5 produtos:", TO))
    assert payloads[0]["interactive"]["type"] == "list"
    assert option_ids(payloads[0]) == [f"show:SKU-{n:02d}" for n in range(1, 6)]


def test_the_fake_refuses_what_meta_refuses_for_products() -> None:
    with pytest.raises(Exception, match="header"):
        validate_message({"messaging_product": "whatsapp", "to": TO, "type": "interactive",
                          "interactive": {"type": "product_list", "body": {"text": "x"},
                                          "action": {"catalog_id": "C", "sections": []}}})
    with pytest.raises(Exception, match="caption"):
        validate_message({"messaging_product": "whatsapp", "to": TO, "type": "image",
                          "image": {"link": "https://x/y.jpg", "caption": "x" * 1025}})
    with pytest.raises(Exception, match="30"):
        items = [{"product_retailer_id": f"S{n}"} for n in range(31)]
        validate_message({"messaging_product": "whatsapp", "to": TO, "type": "interactive",
                          "interactive": {"type": "product_list",
                                          "header": {"type": "text", "text": "h"},
                                          "body": {"text": "b"},
                                          "action": {"catalog_id": "C", "sections": [
                                              {"title": "t", "product_items": items}]}}})


@pytest.mark.parametrize("count", [2, 3, 7, 10])
def test_a_tap_on_a_product_row_maps_back_to_its_action(count: int) -> None:
    from graphs.sales import actions

    reply = search_reply(count)
    payloads = checked(render_whatsapp(reply, "Achei:", TO))
    for row_id in option_ids(payloads[0]):
        decoded = actions.decode(row_id)
        assert decoded == {"intent": "product_question", "sku": row_id.removeprefix("show:")}
