"""Evolution API deliveries (tests/fixtures/evolution/, shapes from evolution-api 2.3) into
`InboundMessage`s, its webhook JWT, and outbox messages into its send requests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import yaml
from pydantic import SecretStr

from api.channels.evolution.client import EvolutionSender
from api.channels.evolution.parse import parse_delivery, read_envelope
from api.channels.evolution.render import NotSendable, to_evolution
from api.channels.evolution.verify import jwt_refusal, refusal, sign_jwt
from api.channels.whatsapp.client import PermanentSendError, RetryableSendError
from api.channels.whatsapp.payload import MalformedPayload
from api.channels.whatsapp.render import render_whatsapp
from balcao.messages import Reply, ReplyOption
from balcao.store_config import StoreConfigs
from balcao.store_config_channels import EvolutionChannel
from tests.fakes.evolution_api import check_body, fixture
from tests.service import REPO

JID = "553198296801@s.whatsapp.net"
NOW = datetime(2024, 6, 7, 12, 31, 37, tzinfo=UTC)
SECRET = "a-webhook-secret-of-the-instance"


def only_message(name: str) -> dict:
    delivery = parse_delivery(fixture(name))
    assert delivery.event == "messages.upsert" and delivery.instance == "loja-demo"
    [message] = delivery.batch.messages
    assert message.channel == "evolution" and message.buyer_id == JID
    assert message.business_account_id == "loja-demo"
    return message.model_dump(exclude_none=True)


@pytest.mark.parametrize(("name", "expected"), [
    ("messages_upsert_conversation.json", {"kind": "text", "text": "tem garrafa termica?",
                                           "external_id": "3EB0C767D26A1D3B4B8E",
                                           "buyer_name": "Maria"}),
    ("messages_upsert_extended_text.json", {"kind": "text", "text": "quero essa",
                                            "context_id": "BAE594145F4C59B4"}),
    ("messages_upsert_buttons_response.json", {"kind": "button_reply", "reply_id": "cart:view",
                                               "text": "Ver carrinho"}),
    ("messages_upsert_native_flow_response.json", {"kind": "button_reply",
                                                   "reply_id": "checkout:start",
                                                   "text": "Finalizar compra"}),
    ("messages_upsert_list_response.json", {"kind": "list_reply",
                                            "reply_id": "ship:expressa-sp",
                                            "text": "Entrega expressa"}),
    ("messages_upsert_image_caption.json", {"kind": "image", "text": "tem dessa em azul?"}),
    ("messages_upsert_audio.json", {"kind": "audio"}),
])
def test_each_kind_of_buyer_message_is_read(name: str, expected: dict) -> None:
    message = only_message(name)
    assert {k: message.get(k) for k in expected} == expected
    assert message["sent_at"] == datetime.fromtimestamp(1717763497, UTC)


def test_media_and_location_keep_their_details() -> None:
    image = only_message("messages_upsert_image_caption.json")["media"]
    assert image == {"id": "3EB0A1B2C3D4E5F60718", "mime_type": "image/jpeg",
                     "caption": "tem dessa em azul?",
                     "sha256": "VbCGkGBv5SZStLD5PHdkBWpQav/lNsXcYVq1R7o6a2s="}
    assert only_message("messages_upsert_audio.json")["media"]["voice"] is True
    location = only_message("messages_upsert_location.json")
    assert location["kind"] == "location"
    assert location["location"] == {"latitude": -23.5874, "longitude": -46.6576,
                                    "name": "Parque Ibirapuera",
                                    "address": "Av. Pedro Álvares Cabral, São Paulo - SP"}


def test_own_messages_and_groups_are_ignored_and_a_lid_chat_is_the_phone() -> None:
    for name in ("messages_upsert_from_me.json", "messages_upsert_group.json"):
        delivery = parse_delivery(fixture(name))
        assert delivery.batch.messages == [] and delivery.ignored == 1
    assert only_message("messages_upsert_lid.json")["text"] == "oi"


def test_statuses_and_connection_state() -> None:
    [status] = parse_delivery(fixture("messages_update.json")).batch.statuses
    assert (status.channel, status.external_id, status.status) == (
        "evolution", "BAE594145F4C59B4", "read")
    delivery = parse_delivery(fixture("connection_update.json"))
    assert delivery.connection == "close" and delivery.batch.messages == []


def test_a_body_that_is_not_a_delivery_is_malformed() -> None:
    with pytest.raises(MalformedPayload):
        read_envelope(b"not json")
    with pytest.raises(MalformedPayload):
        parse_delivery({"data": {}})
    envelope = fixture("messages_upsert_conversation.json") | {"data": "x"}
    with pytest.raises(MalformedPayload):
        parse_delivery(json.loads(json.dumps(envelope)))


def channel() -> EvolutionChannel:
    return EvolutionChannel(instance="loja-demo", base_url="http://evolution.test",
                            apikey=SecretStr("B6D711FCDE4D4FD5936544120E713976"),
                            webhook_secret=SecretStr(SECRET))


def test_the_apikey_and_the_jwt_are_both_required() -> None:
    body = fixture("messages_upsert_conversation.json")
    good = f"Bearer {sign_jwt(SECRET, int(NOW.timestamp()))}"
    assert refusal(body, good, channel(), NOW) is None
    assert refusal(body | {"apikey": "other"}, good, channel(), NOW) == "wrong or missing apikey"
    assert refusal({k: v for k, v in body.items() if k != "apikey"}, good, channel(), NOW)
    assert "missing" in (refusal(body, None, channel(), NOW) or "")
    other = f"Bearer {sign_jwt('another-secret-entirely', int(NOW.timestamp()))}"
    assert refusal(body, other, channel(), NOW) == "bad JWT signature"


def test_an_old_or_forged_jwt_is_refused() -> None:
    issued = int(NOW.timestamp())
    assert jwt_refusal(sign_jwt(SECRET, issued - 700), SECRET, NOW) == "JWT expired"
    header, claims, signature = sign_jwt(SECRET, issued).split(".")
    none_alg = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"  # {"alg":"none","typ":"JWT"}
    assert jwt_refusal(f"{none_alg}.{claims}.", SECRET, NOW) == "JWT is not HS256"
    assert jwt_refusal(f"{header}.{claims}", SECRET, NOW) == "malformed JWT"


def reply(options: int, **option_fields: str) -> Reply:
    return Reply(template="greeting", options=[
        ReplyOption(id=f"opt:{i}", title=f"Opção {i}", **option_fields)
        for i in range(1, options + 1)])


def rendered(reply_: Reply, interactive: bool) -> list:
    return [to_evolution(p, JID, interactive=interactive)
            for p in render_whatsapp(reply_, "Olá! O que procura?", JID)]


def test_buttons_and_lists_when_the_instance_shows_them_else_numbered_text() -> None:
    [buttons] = rendered(reply(3), interactive=True)
    assert buttons.endpoint == "sendButtons"
    assert [b["id"] for b in buttons.body["buttons"]] == ["opt:1", "opt:2", "opt:3"]
    [listed] = rendered(reply(5, description="detalhe"), interactive=True)
    assert listed.endpoint == "sendList"
    assert [r["rowId"] for r in listed.body["sections"][0]["rows"]][-1] == "opt:5"
    for request in (buttons, listed):
        check_body(request.endpoint, request.body)  # what Evolution's schema accepts
    [text] = rendered(reply(5), interactive=False)
    assert text.endpoint == "sendText"
    assert text.body["text"].startswith("Olá! O que procura?\n\n1. Opção 1\n2. Opção 2")


def test_a_product_image_goes_as_media_with_caption_and_templates_cannot_go() -> None:
    product = Reply(template="product_detail", fields={"product": {
        "sku": "GAR-1", "image_url": "https://cdn.loja.test/garrafa.jpg"}})
    [image] = rendered(product, interactive=False)
    assert image.endpoint == "sendMedia"
    assert image.body == {"number": JID, "mediatype": "image",
                          "media": "https://cdn.loja.test/garrafa.jpg",
                          "caption": "Olá! O que procura?"}
    with pytest.raises(NotSendable):
        to_evolution({"type": "template", "template": {}}, JID, interactive=False)


async def test_the_sender_degrades_refused_buttons_to_text_and_sorts_failures(
    tmp_path: Path,
) -> None:
    from tests.fakes.evolution_api import FakeEvolutionApi

    with FakeEvolutionApi({"loja-demo": "token-1"}, interactive=False) as fake:
        store = yaml.safe_load((REPO / "balcao/demo/store.yaml").read_text())
        store["channels"] = {"evolution": {
            "instance": "loja-demo", "base_url": fake.base_url, "apikey": "token-1",
            "webhook_secret": SECRET, "interactive": True}}
        (tmp_path / "default.yaml").write_text(yaml.safe_dump(store, allow_unicode=True))
        [payload] = render_whatsapp(reply(2), "Olá! O que procura?", JID)
        row = {"store_id": "default", "recipient": JID, "payload": payload}
        async with httpx.AsyncClient() as http:
            sender = EvolutionSender(StoreConfigs(tmp_path), http)
            assert (await sender.send(row)).startswith("BAE5")
            [(_, endpoint, body)] = fake.sent()
            assert endpoint == "sendText" and body["text"].endswith("1. Opção 1\n2. Opção 2")
            fake.fail_next(1, status=503)
            with pytest.raises(RetryableSendError):
                await sender.send(row)
            fake.instances["loja-demo"] = "rotated-token"
            with pytest.raises(PermanentSendError, match="HTTP 401"):
                await sender.send(row)
