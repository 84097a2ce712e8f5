"""Chatwoot's own webhook samples (tests/fixtures/chatwoot/) read into channel-neutral
messages, and replies rendered into what Chatwoot's message API takes."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from api.channels.chatwoot.parse import buyer_id_of, conversation_of, parse_delivery
from api.channels.chatwoot.render import NotSendable, to_chatwoot
from api.channels.whatsapp.payload import MalformedPayload
from tests.fakes.chatwoot_api import check_message, fixture

LIST = {"type": "interactive", "interactive": {
    "type": "list", "body": {"text": "Escolha a entrega:"},
    "action": {"button": "Ver opções", "sections": [{"title": "Entrega", "rows": [
        {"id": "ship:pac", "title": "PAC", "description": "R$ 20,00 · 5 dias"},
        {"id": "ship:expressa", "title": "Expressa"}]}]}}}


def test_the_docs_message_created_sample_is_one_buyer_message() -> None:
    delivery = parse_delivery(fixture("message_created.json"))
    [message] = delivery.batch.messages
    assert (delivery.event, delivery.account_id, delivery.conversation_id) == (
        "message_created", 1, 10)
    assert (message.channel, message.external_id, message.buyer_id) == (
        "chatwoot", "118", "chatwoot:10")
    assert (message.kind, message.text, message.buyer_name) == ("text", "hi", "little-haze-776")
    assert message.sent_at == datetime(2021, 7, 23, 18, 2, 48, tzinfo=UTC)
    assert conversation_of(message.buyer_id) == 10 and buyer_id_of(10) == message.buyer_id


@pytest.mark.parametrize("change", [
    {"message_type": "outgoing"}, {"message_type": "activity"}, {"message_type": "template"},
    {"private": True}, {"sender": {"id": 1, "name": "John", "type": "user"}},
    {"sender": {"id": 2, "name": "Balcão", "type": "agent_bot"}},
])
def test_what_the_buyer_did_not_write_in_public_is_left_out(change: dict) -> None:
    body = fixture("message_created.json") | change
    delivery = parse_delivery(body)
    assert (delivery.batch.messages, delivery.ignored) == ([], 1)


def test_a_build_whose_conversation_id_is_the_database_id_still_names_the_conversation() -> None:
    body = fixture("message_created.json")
    body["conversation"]["id"] = 48213  # the database id; the API's URLs take the display id
    [message] = parse_delivery(body).batch.messages
    assert message.buyer_id == "chatwoot:10"
    del body["private"]  # older builds do not send it; an incoming message is never a note
    assert len(parse_delivery(body).batch.messages) == 1


def test_an_attachment_is_media_with_the_text_as_caption() -> None:
    body = fixture("message_created.json")
    body["content"] = "essa aqui"
    body["attachments"] = [{"id": 31, "message_id": 118, "file_type": "image",
                            "data_url": "https://chatwoot.example/rails/active_storage/x.jpg"}]
    [message] = parse_delivery(body).batch.messages
    assert (message.kind, message.text) == ("image", "essa aqui")
    assert message.media is not None and message.media.id == "31"


def test_conversation_events_carry_the_status_they_moved_to() -> None:
    resolved = parse_delivery(fixture("conversation_resolved.json"))
    changed = parse_delivery(fixture("conversation_status_changed.json"))
    assert (resolved.status, resolved.conversation_id, resolved.account_id) == ("resolved", 10, 1)
    assert changed.status == "open"  # the docs' sample: opened, not a hand-back
    assert resolved.batch.messages == changed.batch.messages == []


def test_a_body_without_an_event_is_malformed() -> None:
    body = fixture("message_created.json")
    del body["event"]
    with pytest.raises(MalformedPayload):
        parse_delivery(body)


def test_options_are_input_select_where_the_inbox_shows_them_else_numbered_text() -> None:
    picker = to_chatwoot(copy.deepcopy(LIST), input_select=True)
    assert picker["content_type"] == "input_select" and picker["content"] == "Escolha a entrega:"
    assert picker["content_attributes"]["items"] == [
        {"title": "PAC", "value": "ship:pac"}, {"title": "Expressa", "value": "ship:expressa"}]
    text = to_chatwoot(copy.deepcopy(LIST), input_select=False)
    assert "content_type" not in text
    assert text["content"].endswith("1. PAC — R$ 20,00 · 5 dias\n2. Expressa")
    assert check_message(picker) is None and check_message(text) is None


def test_templates_have_no_chatwoot_form() -> None:
    with pytest.raises(NotSendable):
        to_chatwoot({"type": "template", "template": {"name": "x"}}, input_select=True)
