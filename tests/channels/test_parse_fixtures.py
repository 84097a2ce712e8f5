"""Every WhatsApp fixture (tests/fixtures/) through `parse_webhook`, with per-type assertions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from api.channels.whatsapp.parse import MalformedPayload, parse_webhook
from tests.channels.whatsapp_fixtures import FIXTURES, cases, example, fixture_files, raw

M = "meta/webhook_examples_extracted.json::"
U = "pywa/updates/"

# What each webhook example yields: (message kinds, status values, batch error count).
# Every example must be listed, so a new fixture fails here until someone decides.
EXPECTED: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    M + "Text Message": (("text",), (), 0),
    M + "Text Message with Context (Product Inquiry)": (("text",), (), 0),
    M + "Text Message from Click to WhatsApp Ad": (("text",), (), 0),
    M + "Reaction Message": (("reaction",), (), 0),
    M + "Image Message": (("image",), (), 0),
    M + "Location Message": (("location",), (), 0),
    M + "Contact Sharing Message": (("contacts",), (), 0),
    M + "Unsupported Message": (("unsupported",), (), 0),
    M + "Button Message": (("button",), (), 0),
    M + "Interactive List Reply Message": (("list_reply",), (), 0),
    M + "Interactive Button Reply Message": (("button_reply",), (), 0),
    M + "Order Message": (("order",), (), 0),
    M + "System Message": (("system",), (), 0),
    # Group lifecycle changes are other webhook fields: valid, nothing for us.
    M + "Group Create Message": ((), (), 0),
    M + "Group Settings Update": ((), (), 0),
    M + "Group Remove Participants": ((), (), 0),
    **{
        f"{U}account_update.json::{name}": ((), (), 0)
        for name in json.loads((FIXTURES / U / "account_update.json").read_text())
    },
    U + "call_connect.json::business_initiated": ((), (), 0),
    U + "call_connect.json::user_initiated": ((), (), 0),
    # A buyer answering a call-permission request: not something a sale acts on.
    U + "call_permission_update.json::accept": (("unsupported",), (), 0),
    U + "call_permission_update.json::reject": (("unsupported",), (), 0),
    # Call statuses ride on the `calls` field, not `messages`: not message statuses.
    U + "call_status.json::call_status": ((), (), 0),
    U + "call_terminate.json::call_terminate": ((), (), 0),
    U + "callback_button.json::button": (("button_reply",), (), 0),
    U + "callback_button.json::quick_reply": (("button",), (), 0),
    U + "callback_button.json::quick_reply_without_context": (("button",), (), 0),
    U + "callback_selection.json::callback": (("list_reply",), (), 0),
    U + "callback_selection.json::description": (("list_reply",), (), 0),
    U + "deleted_message.json::revoke": (("unsupported",), (), 0),
    U + "edited_message.json::image": (("unsupported",), (), 0),
    U + "flow_completion.json::completion": (("unsupported",), (), 0),
    U + "flow_completion.json::without_flow_token": (("unsupported",), (), 0),
    U + "message.json::text": (("text",), (), 0),
    U + "message.json::image": (("image",), (), 0),
    U + "message.json::media_with_url": (("image",), (), 0),
    U + "message.json::video": (("video",), (), 0),
    U + "message.json::document": (("document",), (), 0),
    U + "message.json::audio": (("audio",), (), 0),
    U + "message.json::voice": (("audio",), (), 0),
    U + "message.json::static_sticker": (("sticker",), (), 0),
    U + "message.json::animated_sticker": (("sticker",), (), 0),
    U + "message.json::reaction": (("reaction",), (), 0),
    U + "message.json::unreaction_empty": (("reaction",), (), 0),
    U + "message.json::unreaction_no_emoji": (("reaction",), (), 0),
    U + "message.json::current_location": (("location",), (), 0),
    U + "message.json::chosen_location": (("location",), (), 0),
    U + "message.json::contacts": (("contacts",), (), 0),
    U + "message.json::order": (("order",), (), 0),
    U + "message.json::unsupported": (("unsupported",), (), 0),
    U + "message.json::unsupported_with_type": (("unsupported",), (), 0),
    U + "message.json::reply": (("text",), (), 0),
    U + "message.json::forwarded": (("text",), (), 0),
    U + "message.json::forwarded_many_times": (("text",), (), 0),
    # An interactive message WhatsApp could not decode: no object, error on the value.
    U + "message.json::interactive_message_with_err": (("unsupported",), (), 1),
    U + "message.json::referral": (("text",), (), 0),
    U + "message_status.json::sent": ((), ("sent",), 0),
    U + "message_status.json::delivered": ((), ("delivered",), 0),
    U + "message_status.json::read": ((), ("read",), 0),
    U + "message_status.json::played": ((), ("played",), 0),
    U + "message_status.json::failed": ((), ("failed",), 0),
    U + "message_status.json::with_tracker": ((), ("sent",), 0),
    U + "message_status.json::group": ((), ("read",), 0),
    # Echoes of messages sent from the WhatsApp Business app (`smb_message_echoes`).
    U + "outgoing_message.json::text": ((), (), 0),
    U + "outgoing_message.json::delete": ((), (), 0),
    U + "outgoing_message.json::edit": ((), (), 0),
    U + "system.json::phone_number_change": (("system",), (), 0),
    U + "system.json::identity_change": (("system",), (), 0),
    U + "template_category_update.json::marketing": ((), (), 0),
    U + "template_components_update.json::element": ((), (), 0),
    U + "template_quality_update.json::yellow": ((), (), 0),
    U + "template_status_update.json::approved": ((), (), 0),
    U + "template_status_update.json::rejected": ((), (), 0),
    U + "user_marketing_preferences.json::resume": ((), (), 0),
    U + "user_marketing_preferences.json::signup": ((), (), 0),
}

ALL_CASES = cases()
WEBHOOK_CASES = [(cid, data) for cid, data in ALL_CASES if not cid.startswith("pywa/templates/")]
TEMPLATE_CASES = [(cid, data) for cid, data in ALL_CASES if cid.startswith("pywa/templates/")]


def _parse(case_id: str):
    return parse_webhook(raw(case_id))


def _one(case_id: str):
    batch = _parse(case_id)
    assert len(batch.messages) == 1
    return batch.messages[0]


def test_every_fixture_file_is_covered() -> None:
    assert len(fixture_files()) == 24
    assert len(TEMPLATE_CASES) == 13
    assert {cid for cid, _ in WEBHOOK_CASES} == set(EXPECTED)


@pytest.mark.parametrize(("case_id", "data"), WEBHOOK_CASES, ids=[c for c, _ in WEBHOOK_CASES])
def test_webhook_example(case_id: str, data: dict) -> None:
    kinds, statuses, error_count = EXPECTED[case_id]
    batch = parse_webhook(json.dumps(data).encode())
    assert tuple(m.kind for m in batch.messages) == kinds
    assert tuple(s.status for s in batch.statuses) == statuses
    assert len(batch.errors) == error_count
    for message in batch.messages:
        assert message.channel == "whatsapp"
        assert message.external_id
        assert message.buyer_id
        assert message.sent_at is not None and message.sent_at.tzinfo is not None
        # Everything is JSON-serializable for the inbox (no Decimal leaks).
        json.dumps(message.model_dump(mode="json"))


@pytest.mark.parametrize(("case_id", "data"), TEMPLATE_CASES, ids=[c for c, _ in TEMPLATE_CASES])
def test_template_definitions_are_not_webhooks(case_id: str, data: dict) -> None:
    # These are message-template definitions (what a business submits for approval),
    # not deliveries: posted to the webhook they must be refused, not half-read.
    with pytest.raises(MalformedPayload) as info:
        parse_webhook(json.dumps(data).encode())
    assert "'object'" in info.value.reason


@pytest.mark.parametrize(("case_id", "data"), TEMPLATE_CASES, ids=[c for c, _ in TEMPLATE_CASES])
def test_template_quick_replies_come_back_as_button(case_id: str, data: dict) -> None:
    # A tap on a template's quick-reply button arrives as a `button` message whose
    # payload is the button text unless the send set one; build that webhook per button.
    labels = [
        button["text"]
        for component in _components(data)
        if component.get("type") == "BUTTONS"
        for button in component["buttons"]
        if button.get("type") == "QUICK_REPLY"
    ]
    for label in labels:
        body = example(M + "Button Message")
        message = body["entry"][0]["changes"][0]["value"]["messages"][0]
        message["button"] = {"payload": label, "text": label}
        parsed = parse_webhook(json.dumps(body).encode()).messages[0]
        assert (parsed.kind, parsed.reply_id, parsed.text) == ("button", label, label)


def _components(template: dict) -> list[dict]:
    found = list(template.get("components", []))
    for component in template.get("components", []):
        for card in component.get("cards", []):
            found.extend(card.get("components", []))
    return found


# --- per type ------------------------------------------------------------------------------


def test_text_envelope() -> None:
    message = _one(M + "Text Message")
    assert message.text == "Does it come in another color?"
    assert message.buyer_id == "16505551234"
    assert message.buyer_name == "Sheena Nelson"
    assert message.business_account_id == "106540352242922"
    assert message.external_id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="
    assert message.sent_at == datetime.fromtimestamp(1749416383, tz=UTC)
    assert message.context_id is None


def test_text_reply_keeps_context_id() -> None:
    message = _one(U + "message.json::reply")
    assert (message.text, message.context_id) == ("replied text", "wamid.xyzxyz==")


def test_product_inquiry_keeps_referred_product() -> None:
    message = _one(M + "Text Message with Context (Product Inquiry)")
    assert message.text == "Is this still available?"
    assert message.referred_product_id == "di9ozbzfi4"
    assert message.context_id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA"


def test_bsuid_is_kept() -> None:
    message = _one(U + "message.json::text")
    assert message.buyer_user_id == "US.13491208655302741918"
    message = _one(U + "callback_button.json::quick_reply_without_context")
    assert message.buyer_user_id == "US.13491208655302741918"


def test_button_reply() -> None:
    message = _one(M + "Interactive Button Reply Message")
    assert (message.kind, message.reply_id, message.text) == (
        "button_reply",
        "cancel-button",
        "Cancel",
    )
    assert message.context_id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA"
    message = _one(U + "callback_button.json::button")
    assert (message.reply_id, message.text) == ("callback_data", "title")


def test_list_reply() -> None:
    message = _one(M + "Interactive List Reply Message")
    assert (message.kind, message.reply_id, message.text) == (
        "list_reply",
        "priority_express",
        "Priority Mail Express",
    )
    assert _one(U + "callback_selection.json::description").reply_id == "callback_data"


def test_template_quick_reply() -> None:
    message = _one(U + "callback_button.json::quick_reply")
    assert (message.kind, message.reply_id, message.text) == ("button", "callback_data", "title")
    assert message.context_id == "wamid.xyzxyz=="
    assert _one(U + "callback_button.json::quick_reply_without_context").context_id is None


def test_order_items_and_prices() -> None:
    message = _one(M + "Order Message")
    assert message.order is not None
    assert message.order.catalog_id == "194836987003835"
    assert message.text is None  # the order note was empty
    assert [
        (i.product_retailer_id, i.quantity, i.item_price, i.currency) for i in message.order.items
    ] == [
        ("di9ozbzfi4", 2, "30", "USD"),
        ("nqryix03ez", 1, "25", "USD"),
    ]
    items = _one(U + "message.json::order").order.items
    assert [(i.product_retailer_id, i.quantity, i.item_price) for i in items] == [
        ("HAMBURGER", 3, "30"),
        ("FRENCH_FRIES", 2, "35"),
        ("SODA", 2, "10"),
    ]


@pytest.mark.parametrize(
    ("json_price", "expected"),
    [
        ("30.10", "30.10"),
        ("0.1", "0.1"),
        ("19.999999999999999999", "19.999999999999999999"),
        ("1234567890123456.78", "1234567890123456.78"),
        ("1E+2", "100"),
        ('"49.90"', "49.90"),
    ],
)
def test_order_price_is_never_float_rounded(json_price: str, expected: str) -> None:
    body = raw(M + "Order Message").replace(
        b'"item_price": 30', f'"item_price": {json_price}'.encode()
    )
    items = parse_webhook(body).messages[0].order.items
    assert items[0].item_price == expected
    assert items[1].item_price == "25"


def test_order_note_becomes_text() -> None:
    body = raw(U + "message.json::order").replace(
        b'"text": ""', b'"text": "entregar \\u00e0 tarde"'
    )
    message = parse_webhook(body).messages[0]
    assert message.text == message.order.text == "entregar à tarde"


def test_location() -> None:
    location = _one(M + "Location Message").location
    assert location is not None
    assert (location.latitude, location.longitude) == (37.44221496582, -122.16165924072)
    assert (location.name, location.address, location.url) == (
        "Philz Coffee",
        "101 Forest Ave, Palo Alto, CA 94301",
        "https://philzcoffee.com/",
    )
    current = _one(U + "message.json::current_location").location
    assert (current.latitude, current.longitude, current.name) == (12.25089, 43.90539, None)


def test_media() -> None:
    image = _one(M + "Image Message")
    assert image.media is not None
    assert (image.media.id, image.media.mime_type, image.text, image.media.caption) == (
        "1003383421387256",
        "image/jpeg",
        "Taj Mahal",
        "Taj Mahal",
    )
    document = _one(U + "message.json::document")
    assert (document.media.id, document.media.filename, document.text) == (
        "1234567890987654321",
        "filename.pdf",
        "caption",
    )
    assert _one(U + "message.json::video").media.id == "765756756"
    assert _one(U + "message.json::voice").media.voice is True
    assert _one(U + "message.json::audio").media.voice is False
    assert _one(U + "message.json::animated_sticker").media.animated is True
    assert _one(U + "message.json::static_sticker").media.animated is False
    assert _one(U + "message.json::image").text is None


def test_reactions() -> None:
    reaction = _one(M + "Reaction Message").reaction
    assert (reaction.emoji, reaction.message_id) == (
        "\N{THUMBS UP SIGN}",
        "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA",
    )
    assert _one(U + "message.json::reaction").reaction.emoji == "\N{FACE WITH OPEN MOUTH}"
    assert _one(U + "message.json::unreaction_empty").reaction.emoji == ""
    assert _one(U + "message.json::unreaction_no_emoji").reaction.emoji is None


def test_shared_contacts() -> None:
    message = _one(M + "Contact Sharing Message")
    assert message.contacts is not None
    assert message.contacts[0]["name"]["formatted_name"] == "Lucía Gómez"
    assert message.contacts[0]["phones"][0]["wa_id"] == "19835552319"
    assert len(_one(U + "message.json::contacts").contacts) == 3


def test_unsupported_carries_errors() -> None:
    message = _one(M + "Unsupported Message")
    assert message.kind == "unsupported"
    assert message.errors is not None and message.errors[0]["code"] == 131051
    assert _one(U + "message.json::unsupported_with_type").errors[0]["code"] == 131051


def test_value_errors_go_to_batch() -> None:
    batch = _parse(U + "message.json::interactive_message_with_err")
    assert batch.messages[0].kind == "unsupported"
    assert batch.errors[0]["code"] == 131000
    assert batch.errors[0]["error_data"]["details"] == "Unsupported webhook payload"


def test_flow_reply_is_unsupported_but_kept() -> None:
    message = _one(U + "flow_completion.json::completion")
    assert message.kind == "unsupported"
    assert json.loads(message.flow_response_json)["delivery_rating"] == "4"


def test_system_messages() -> None:
    message = _one(M + "System Message")
    assert message.text == "User Sheena Nelson changed from 16505551234 to 12195555358"
    assert message.buyer_name is None  # system messages carry no contacts
    assert _one(U + "system.json::identity_change").text == "User identity changed"


def test_statuses() -> None:
    status = _parse(U + "message_status.json::sent").statuses[0]
    assert (status.external_id, status.status, status.recipient_id) == (
        "wamid.xyzxyz",
        "sent",
        "972987654321",
    )
    assert status.occurred_at == datetime.fromtimestamp(1698266945, tz=UTC)
    assert status.errors == []
    failed = _parse(U + "message_status.json::failed").statuses[0]
    assert failed.status == "failed"
    assert failed.errors[0]["code"] == 130472


def test_several_messages_and_statuses_in_one_delivery() -> None:
    body = example(M + "Text Message")
    value = body["entry"][0]["changes"][0]["value"]
    value["messages"].append(
        example(M + "Order Message")["entry"][0]["changes"][0]["value"]["messages"][0]
    )
    value["statuses"] = example(U + "message_status.json::read")["entry"][0]["changes"][0]["value"][
        "statuses"
    ]
    body["entry"].append(example(U + "template_status_update.json::approved")["entry"][0])
    batch = parse_webhook(json.dumps(body).encode())
    assert [m.kind for m in batch.messages] == ["text", "order"]
    assert [s.status for s in batch.statuses] == ["read"]


def test_unknown_type_and_fields_are_ignored() -> None:
    body = example(U + "message.json::text")
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update({"type": "hologram", "hologram": {"x": 1}, "new_field": [1, 2]})
    body["entry"][0]["changes"][0]["value"]["novelty"] = {"a": 1}
    parsed = parse_webhook(json.dumps(body).encode()).messages[0]
    assert parsed.kind == "unsupported"
    assert parsed.buyer_id == "972987654321"


def test_buyer_without_phone_uses_bsuid() -> None:
    # From 2026 a buyer with a username may come without `from`, only with a BSUID.
    body = example(U + "callback_button.json::quick_reply_without_context")
    value = body["entry"][0]["changes"][0]["value"]
    del value["messages"][0]["from"]
    del value["contacts"][0]["wa_id"]
    message = parse_webhook(json.dumps(body).encode()).messages[0]
    assert message.buyer_id == message.buyer_user_id == "US.13491208655302741918"
    assert message.buyer_name == "Test Name"

    del value["messages"][0]["from_user_id"]
    message = parse_webhook(json.dumps(body).encode()).messages[0]
    assert message.buyer_id == "US.13491208655302741918"
    assert message.buyer_name == "Test Name"
