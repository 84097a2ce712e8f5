"""A WhatsApp Cloud API webhook body into a channel-neutral `WebhookBatch`."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import ValidationError

from api.channels.whatsapp.inbound import read_content
from api.channels.whatsapp.payload import (
    MalformedPayload,
    object_list,
    optional_list,
    optional_str,
    require_list,
    require_object,
    require_str,
)
from balcao.messages import InboundMessage, StatusUpdate, WebhookBatch

__all__ = ["MalformedPayload", "parse_webhook"]

log = logging.getLogger(__name__)

OBJECT = "whatsapp_business_account"

_M = TypeVar("_M", InboundMessage, StatusUpdate)


def parse_webhook(body: bytes, *, skip_bad_messages: bool = False) -> WebhookBatch:
    """Parses one webhook delivery into buyer messages, delivery statuses and errors.

    Only `messages` changes carry anything for us; every other change field (account,
    template and quality updates, calls, user preferences, groups, echoes...) is valid
    and yields nothing. Unknown keys and message types never fail the parse: an unknown
    type becomes kind `unsupported`.

    Every string is cleaned as it is read (NUL removed, lone surrogates replaced by U+FFFD:
    neither can be stored or encoded), and numbers too long or with exponents too large to be
    real quantities or prices stay as the strings they were sent as (a field expecting a
    number then reports it malformed), so no value can stall or break what comes after.

    Args:
        body: The raw request body, exactly as received.
        skip_bad_messages: The webhook's mode: a message or status that cannot be read is
            left out (its reason goes to `batch.errors` as `balcao_malformed_message`) and
            the rest of the delivery is kept. False (the strict default): it raises.

    Returns:
        The batch, possibly empty.

    Raises:
        MalformedPayload: When the body is not JSON, not a WhatsApp Business Account
            payload, or a required field is missing or of the wrong type. Its `reason`
            names the path and never includes personal data.
    """
    data = require_object(load_body(body), "body")
    if data.get("object") != OBJECT:
        raise MalformedPayload(f"body: 'object' is not '{OBJECT}'")
    batch = WebhookBatch()
    for i, raw_entry in enumerate(require_list(data, "entry", "body")):
        entry_path = f"entry[{i}]"
        entry = require_object(raw_entry, entry_path)
        for j, raw_change in enumerate(optional_list(entry, "changes", entry_path)):
            change_path = f"{entry_path}.changes[{j}]"
            change = require_object(raw_change, change_path)
            if change.get("field") != "messages":
                continue
            value_path = f"{change_path}.value"
            _read_messages_value(require_object(change.get("value"), value_path), value_path, batch,
                                 skip_bad_messages)
    return batch


def load_body(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except (UnicodeDecodeError, AttributeError):
        raise MalformedPayload("body: not UTF-8 text") from None
    try:
        # Decimal keeps prices exactly as sent; NaN/Infinity are not JSON and not prices.
        data = json.loads(text, parse_float=_bounded_decimal, parse_int=_bounded_int,
                          parse_constant=_reject_constant)
        # Only a `\u` escape can put a NUL or a lone surrogate in parsed JSON (raw ones are
        # refused above: not UTF-8, or a control character in a string). Cleaning every
        # string of every delivery was a third of a flood's acknowledgement (issue #18).
        return _clean(data) if _MAY_NEED_CLEANING.search(body) else data
    except (ValueError, RecursionError):
        # The decoder's message quotes the input; only say where it broke.
        raise MalformedPayload("body: not valid JSON") from None


MAX_NUMBER_CHARS = 40
"""Longest number literal read as a number; longer ones stay strings (nothing real is)."""
MAX_EXPONENT = 30
"""Largest |exponent| read as a number: `1E+300000` stays a string and stalls nothing."""
_INT64_DIGITS = 18
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MAY_NEED_CLEANING = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
"""The escapes of a NUL (\\u0000) and of a surrogate (\\uD800-\\uDFFF) in a raw body."""


def _bounded_decimal(literal: str) -> Decimal | str:
    if len(literal) > MAX_NUMBER_CHARS:
        return literal
    value = Decimal(literal)
    if abs(value.adjusted()) > MAX_EXPONENT:
        return literal
    return value


def _bounded_int(literal: str) -> int | str:
    """Integers that fit 64 bits; larger ones stay the strings they were sent as."""
    return literal if len(literal.lstrip("-")) > _INT64_DIGITS else int(literal)


def clean_text(text: str) -> str:
    """Text that can be stored and encoded: NUL removed, lone surrogates replaced."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _LONE_SURROGATE.sub("\ufffd", text)


def _clean(value: Any) -> Any:
    """`clean_text` on every string and key of parsed JSON."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError("non-finite number")


class _Contacts:
    """The `contacts` of one change: who sent its messages, by phone (wa_id) and by BSUID."""

    def __init__(self, contacts: list[Any]) -> None:
        self._all = [c for c in contacts if isinstance(c, dict)]
        self._by_id: dict[str, dict[str, Any]] = {}
        for contact in self._all:
            for key in ("wa_id", "user_id"):
                if ident := optional_str(contact, key):
                    self._by_id.setdefault(ident, contact)

    def find(self, *idents: str | None) -> dict[str, Any] | None:
        for ident in idents:
            if ident and ident in self._by_id:
                return self._by_id[ident]
        return None

    def only(self) -> dict[str, Any] | None:
        return self._all[0] if len(self._all) == 1 else None


def _read_messages_value(value: dict[str, Any], path: str, batch: WebhookBatch,
                         skip_bad: bool = False) -> None:
    phone_number_id = optional_str(value.get("metadata"), "phone_number_id")
    raw_contacts = value.get("contacts")
    contacts = _Contacts(raw_contacts if isinstance(raw_contacts, list) else [])
    for k, raw in enumerate(optional_list(value, "messages", path)):
        message_path = f"{path}.messages[{k}]"
        try:
            message = require_object(raw, message_path)
            batch.messages.append(_read_message(message, message_path, contacts,
                                                phone_number_id))
        except MalformedPayload as err:
            _skip_or_raise(err, batch, skip_bad)
    for k, raw in enumerate(optional_list(value, "statuses", path)):
        status_path = f"{path}.statuses[{k}]"
        try:
            batch.statuses.append(_read_status(require_object(raw, status_path), status_path))
        except MalformedPayload as err:
            _skip_or_raise(err, batch, skip_bad)
    batch.errors.extend(object_list(optional_list(value, "errors", path)))


def _skip_or_raise(err: MalformedPayload, batch: WebhookBatch, skip_bad: bool) -> None:
    """One unreadable message never costs the others of its delivery (webhook mode)."""
    if not skip_bad:
        raise err
    log.warning("webhook: one item skipped: %s", err.reason)
    batch.errors.append({"code": "balcao_malformed_message", "reason": err.reason})


def _read_message(
    message: dict[str, Any], path: str, contacts: _Contacts, phone_number_id: str | None
) -> InboundMessage:
    external_id = require_str(message, "id", path)
    buyer_id, contact = _sender(message, path, contacts)
    msg_type = require_str(message, "type", path)
    context = message.get("context")
    referred = context.get("referred_product") if isinstance(context, dict) else None
    fields: dict[str, Any] = {
        "external_id": external_id,
        "buyer_id": buyer_id,
        "buyer_name": optional_str(contact.get("profile") if contact else None, "name"),
        "buyer_user_id": optional_str(message, "from_user_id") or optional_str(contact, "user_id"),
        "business_account_id": phone_number_id,
        "sent_at": _timestamp(message, path),
        "context_id": optional_str(context, "id"),
        "referred_product_id": optional_str(referred, "product_retailer_id"),
    }
    errors = message.get("errors")
    if isinstance(errors, list) and errors:
        fields["errors"] = object_list(errors)
    fields.update(read_content(message, msg_type, path))
    return _build(InboundMessage, fields, path)


def _sender(
    message: dict[str, Any], path: str, contacts: _Contacts
) -> tuple[str, dict[str, Any] | None]:
    """The buyer's address: the phone (`from`), or the BSUID when the phone is withheld.

    From 2026 a buyer with a username may arrive without `from`; the BSUID is then in
    `from_user_id` or in the change's single contact (`user_id`).
    """
    if message.get("from") is not None:
        wa_id = require_str(message, "from", path)
        user_id = optional_str(message, "from_user_id")
        return wa_id, contacts.find(wa_id, user_id)
    user_id = optional_str(message, "from_user_id")
    if user_id:
        return user_id, contacts.find(user_id)
    only = contacts.only()
    if only_id := optional_str(only, "user_id"):
        return only_id, only
    raise MalformedPayload(f"{path}: missing 'from'")


def _read_status(status: dict[str, Any], path: str) -> StatusUpdate:
    fields: dict[str, Any] = {
        "external_id": require_str(status, "id", path),
        "status": require_str(status, "status", path),
        "recipient_id": optional_str(status, "recipient_id")
        or optional_str(status, "recipient_user_id"),
        "occurred_at": _timestamp(status, path),
        "errors": object_list(optional_list(status, "errors", path)),
    }
    return _build(StatusUpdate, fields, path)


def _timestamp(obj: dict[str, Any], path: str) -> datetime | None:
    """`timestamp` (unix seconds, sent as a string) as an aware UTC datetime."""
    raw = obj.get("timestamp")
    if raw is None:
        return None
    if isinstance(raw, str) and raw.strip().isdigit():
        seconds = int(raw.strip())
    elif isinstance(raw, int) and not isinstance(raw, bool):
        seconds = raw
    else:
        raise MalformedPayload(f"{path}: 'timestamp' is not unix seconds")
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise MalformedPayload(f"{path}: 'timestamp' is out of range") from None


def _build(model: type[_M], fields: dict[str, Any], path: str) -> _M:
    try:
        return model(**fields)
    except ValidationError as exc:
        # Pydantic's message quotes the input; report only which fields failed.
        failed = sorted({".".join(str(p) for p in err["loc"]) for err in exc.errors()})
        raise MalformedPayload(f"{path}: invalid {', '.join(failed)}") from None
