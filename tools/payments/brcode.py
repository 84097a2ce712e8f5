"""PIX BR Code ("copia e cola") per the Banco Central's Manual de Padrões para Iniciação do Pix.

A BR Code is an EMV QRCPS merchant-presented payload: a run of fields, each `ID` (2 digits),
`length` (2 digits) and `value`, some of them templates holding subfields of the same shape,
closed by field 63 with a CRC16 of everything before its value. What Balcão writes:

    00 "01"                   payload format indicator
    01 "12"                   point of initiation: "12" = the code may be paid once (optional)
    26 merchant account       00 GUI "br.gov.bcb.pix", 01 PIX key, 02 description (optional)
    52 "0000"                 merchant category code (not informed)
    53 "986"                  currency, BRL (ISO 4217 numeric)
    54 amount                 "123.45" (optional; absent = the payer types the amount)
    58 "BR"                   country
    59 merchant name          up to 25 characters
    60 merchant city          up to 15 characters
    62 additional data        05 txid: up to 25 letters and digits, or "***" for none
    63 CRC16                  CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the payload
                              including "6304", as 4 uppercase hex digits

Names and cities are written without accents: payers' apps differ in how they count and show
non-ASCII characters, and field lengths count characters.
"""

from __future__ import annotations

import binascii
import re
import unicodedata
from decimal import Decimal
from typing import Any

from tools.payments.money import decimal_text

GUI = "br.gov.bcb.pix"
NO_TXID = "***"
SINGLE_USE = "12"

NAME_MAX = 25
CITY_MAX = 15
TXID_MAX = 25
KEY_MAX = 77
AMOUNT_MAX = 13  # characters of field 54
_VALUE_MAX = 99  # a two-digit length field
_MERCHANT_ACCOUNT_MAX = 99

# Fields 26 to 51 are merchant account templates and 62 holds additional data (EMV QRCPS);
# 80 to 99 are unreserved templates. All of them nest fields of the same shape.
_TEMPLATES = frozenset({f"{n:02d}" for n in (*range(26, 52), 62, *range(80, 100))})
_TXID = re.compile(r"^[A-Za-z0-9]{1,25}$")
_AMOUNT = re.compile(r"^\d+\.\d{2}$")
_PRINTABLE = re.compile(r"^[\x20-\x7e]*$")


class BRCodeError(ValueError):
    """A BR Code that cannot be built or read (the message says which field and why)."""


def crc16(payload: str) -> str:
    """CRC-16/CCITT-FALSE of a payload, as the manual specifies: 4 uppercase hex digits.

    Args:
        payload: Everything up to and including "6304".
    """
    # binascii.crc_hqx is the CCITT polynomial 0x1021, MSB first; seeded with 0xFFFF it is
    # exactly CCITT-FALSE ("123456789" -> 29B1).
    return f"{binascii.crc_hqx(payload.encode('utf-8'), 0xFFFF):04X}"


def ascii_text(value: str) -> str:
    """Removes accents and collapses spaces: "São Paulo " -> "Sao Paulo"."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def txid_from(reference: str) -> str:
    """Letters and digits of `reference`, at most 25: a valid field 62-05 txid.

    Raises:
        BRCodeError: When nothing usable remains.
    """
    txid = re.sub(r"[^A-Za-z0-9]", "", reference)[:TXID_MAX]
    if not txid:
        raise BRCodeError("txid: no letters or digits to use")
    return txid


def build_brcode(
    *,
    key: str,
    merchant_name: str,
    merchant_city: str,
    amount: Decimal | None = None,
    txid: str | None = None,
    description: str | None = None,
    single_use: bool = False,
) -> str:
    """Builds a static BR Code (PIX key in field 26), CRC included.

    Args:
        key: The receiver's PIX key as registered (e-mail, +55 phone, CPF/CNPJ digits, or
            random key).
        merchant_name: Receiver name; accents are removed; at most 25 characters.
        merchant_city: Receiver city; accents are removed; at most 15 characters.
        amount: The exact amount to pay; None lets the payer type it.
        txid: Up to 25 letters and digits identifying this charge; None writes "***".
        description: Optional free text shown to the payer (field 26-02).
        single_use: Writes point of initiation "12": the manual's way to say the code is
            meant to be paid only once.

    Returns:
        The "copia e cola" text.

    Raises:
        BRCodeError: When a value does not fit its field.
    """
    key = key.strip()
    if not key or len(key) > KEY_MAX or not _PRINTABLE.match(key):
        raise BRCodeError(f"key: 1 to {KEY_MAX} printable ASCII characters")
    name = _plain(merchant_name, "merchant_name", NAME_MAX)
    city = _plain(merchant_city, "merchant_city", CITY_MAX)
    account = _field("00", GUI) + _field("01", key)
    if description:
        account += _field("02", _plain(description, "description", _VALUE_MAX))
    if len(account) > _MERCHANT_ACCOUNT_MAX:
        raise BRCodeError("key and description together are too long for field 26")
    if txid is None:
        txid = NO_TXID
    elif not _TXID.match(txid):
        raise BRCodeError(f"txid: 1 to {TXID_MAX} letters and digits")

    payload = _field("00", "01")
    if single_use:
        payload += _field("01", SINGLE_USE)
    payload += _field("26", account) + _field("52", "0000") + _field("53", "986")
    if amount is not None:
        payload += _field("54", _amount(amount))
    payload += _field("58", "BR") + _field("59", name) + _field("60", city)
    payload += _field("62", _field("05", txid))
    payload += "6304"
    return payload + crc16(payload)


def parse_brcode(code: str) -> dict[str, Any]:
    """Reads a BR Code into its fields, checking structure and CRC.

    Args:
        code: The "copia e cola" text.

    Returns:
        Field id -> value; templates (26-51, 62, 80-99) become dicts of their subfields.
        E.g. `{"00": "01", "26": {"00": "br.gov.bcb.pix", "01": "<key>"}, "54": "10.00",
        ..., "62": {"05": "***"}, "63": "1D3D"}`.

    Raises:
        BRCodeError: On a truncated or malformed field, a missing mandatory field, a CRC
            that does not match, or a PIX field with an invalid value.
    """
    code = code.strip()
    if not crc_ok(code):
        raise BRCodeError("CRC does not match (or field 63 is missing)")
    fields = _read_fields(code)
    for required in ("00", "52", "53", "58", "59", "60", "63"):
        if required not in fields:
            raise BRCodeError(f"field {required} is missing")
    if fields["00"] != "01":
        raise BRCodeError("field 00 must be 01")
    if fields.get("01") not in (None, "11", "12"):
        raise BRCodeError("field 01 must be 11 or 12")
    account = fields.get("26")
    if not isinstance(account, dict) or str(account.get("00", "")).lower() != GUI:
        raise BRCodeError("field 26 does not hold a PIX merchant account")
    if "01" not in account and "25" not in account:
        raise BRCodeError("field 26 holds neither a key (01) nor a URL (25)")
    amount = fields.get("54")
    if amount is not None and (len(amount) > AMOUNT_MAX or not _AMOUNT.match(amount)):
        raise BRCodeError("field 54 must look like 123.45")
    if len(fields["59"]) > NAME_MAX or len(fields["60"]) > CITY_MAX:
        raise BRCodeError("merchant name or city too long")
    extra = fields.get("62")
    txid = extra.get("05") if isinstance(extra, dict) else None
    if txid is not None and txid != NO_TXID and not _TXID.match(txid):
        raise BRCodeError("field 62-05 txid must be letters and digits")
    return fields


def crc_ok(code: str) -> bool:
    """True when the code ends in "6304" + the CRC of everything before it; never raises."""
    if len(code) < 8 or code[-8:-4] != "6304":
        return False
    return crc16(code[:-4]) == code[-4:].upper()


def _read_fields(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    pos = 0
    while pos < len(text):
        head = text[pos : pos + 4]
        if len(head) < 4 or not head.isdigit():
            raise BRCodeError(f"malformed field header at position {pos}")
        field_id, length = head[:2], int(head[2:])
        value = text[pos + 4 : pos + 4 + length]
        if len(value) != length:
            raise BRCodeError(f"field {field_id} is truncated")
        if field_id in fields:
            raise BRCodeError(f"field {field_id} appears twice")
        fields[field_id] = _read_fields(value) if field_id in _TEMPLATES else value
        pos += 4 + length
    return fields


def _field(field_id: str, value: str) -> str:
    if len(value) > _VALUE_MAX:
        raise BRCodeError(f"field {field_id} is longer than {_VALUE_MAX} characters")
    return f"{field_id}{len(value):02d}{value}"


def _plain(value: str, what: str, limit: int) -> str:
    text = ascii_text(value)
    if not text or len(text) > limit or not _PRINTABLE.match(text):
        raise BRCodeError(f"{what}: 1 to {limit} characters without accents")
    return text


def _amount(amount: Decimal) -> str:
    try:
        text = decimal_text(amount)
    except ValueError as exc:
        raise BRCodeError(f"amount: {exc}") from None
    if amount <= 0 or len(text) > AMOUNT_MAX:
        raise BRCodeError(f"amount: more than zero and at most {AMOUNT_MAX} characters")
    return text
