"""BR Code: the Banco Central's published example, CRC, amounts, limits, parse round trip."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tools.payments.brcode import (
    BRCodeError,
    build_brcode,
    crc16,
    crc_ok,
    parse_brcode,
    txid_from,
)

# The Banco Central's static QR example (random key, "Fulano de Tal", BRASILIA, no amount,
# txid "***", CRC 1D3D). Source: alesaudate/pix-qrcodegen, README.md, which quotes it as "o
# mesmo QRCode disponível na página 16 da especificação do PIX" and links the BCB's
# AnexoI-PadroesParaIniciacaodoPix.pdf (the annex to the Manual de Padrões para Iniciação do
# Pix). The same string, CRC included, is used as "the BCB example" by many public projects.
MANUAL_EXAMPLE = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
KEY = "123e4567-e12b-12d1-a456-426655440000"


def test_builds_the_manuals_example_exactly() -> None:
    code = build_brcode(key=KEY, merchant_name="Fulano de Tal", merchant_city="BRASILIA")
    assert code == MANUAL_EXAMPLE


def test_crc_is_ccitt_false() -> None:
    # The CRC-16/CCITT-FALSE check value (poly 0x1021, init 0xFFFF) of "123456789".
    assert crc16("123456789") == "29B1"
    assert crc16(MANUAL_EXAMPLE[:-4]) == "1D3D"
    assert crc_ok(MANUAL_EXAMPLE)


def test_parses_the_manuals_example() -> None:
    fields = parse_brcode(MANUAL_EXAMPLE)
    assert fields == {
        "00": "01",
        "26": {"00": "br.gov.bcb.pix", "01": KEY},
        "52": "0000",
        "53": "986",
        "58": "BR",
        "59": "Fulano de Tal",
        "60": "BRASILIA",
        "62": {"05": "***"},
        "63": "1D3D",
    }


def test_amount_txid_and_single_use_round_trip() -> None:
    code = build_brcode(
        key="pix@loja.example",
        merchant_name="Loja Exemplo",
        merchant_city="São Paulo",
        amount=Decimal("1299.90"),
        txid="BLC4F7QK2",
        description="Pedido 1001",
        single_use=True,
    )
    fields = parse_brcode(code)
    assert fields["01"] == "12"
    assert fields["26"] == {"00": "br.gov.bcb.pix", "01": "pix@loja.example", "02": "Pedido 1001"}
    assert fields["54"] == "1299.90"
    assert fields["60"] == "Sao Paulo"
    assert fields["62"] == {"05": "BLC4F7QK2"}
    assert "54071299.90" in code
    assert crc16(code[:-4]) == code[-4:]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("10"), "10.00"),
        (Decimal("0.1"), "0.10"),
        (Decimal("0.01"), "0.01"),
        (Decimal("123.45"), "123.45"),
        (Decimal("1299.900"), "1299.90"),
        (Decimal("0.1") + Decimal("0.2"), "0.30"),
        (Decimal("9999999999.99"), "9999999999.99"),
    ],
)
def test_amount_is_written_exactly(amount: Decimal, text: str) -> None:
    code = build_brcode(key=KEY, merchant_name="Loja", merchant_city="Recife", amount=amount)
    assert parse_brcode(code)["54"] == text


@pytest.mark.parametrize(
    "amount", [Decimal("0"), Decimal("-1.00"), Decimal("10.005"), Decimal("10000000000.00")]
)
def test_refuses_amounts_that_cannot_be_charged(amount: Decimal) -> None:
    with pytest.raises(BRCodeError):
        build_brcode(key=KEY, merchant_name="Loja", merchant_city="Recife", amount=amount)


def test_length_limits() -> None:
    build_brcode(key=KEY, merchant_name="N" * 25, merchant_city="C" * 15, txid="T" * 25)
    with pytest.raises(BRCodeError, match="merchant_name"):
        build_brcode(key=KEY, merchant_name="N" * 26, merchant_city="Recife")
    with pytest.raises(BRCodeError, match="merchant_city"):
        build_brcode(key=KEY, merchant_name="Loja", merchant_city="C" * 16)
    with pytest.raises(BRCodeError, match="txid"):
        build_brcode(key=KEY, merchant_name="Loja", merchant_city="Recife", txid="T" * 26)
    with pytest.raises(BRCodeError, match="txid"):
        build_brcode(key=KEY, merchant_name="Loja", merchant_city="Recife", txid="PED-1001")
    with pytest.raises(BRCodeError, match="key"):
        build_brcode(key="k" * 78, merchant_name="Loja", merchant_city="Recife")


def test_accents_are_removed_before_counting() -> None:
    code = build_brcode(key=KEY, merchant_name="Açaí & Pão Ltda", merchant_city="Florianópolis")
    fields = parse_brcode(code)
    assert fields["59"] == "Acai & Pao Ltda"
    assert fields["60"] == "Florianopolis"


def test_txid_from_keeps_letters_and_digits() -> None:
    assert txid_from("tok_3fJ9x-Qa_7LmN2pR8sT1uVwXyZ0123") == "tok3fJ9xQa7LmN2pR8sT1uVwX"
    with pytest.raises(BRCodeError):
        txid_from("-_-")


@pytest.mark.parametrize(
    "code",
    [
        MANUAL_EXAMPLE[:-1] + "E",  # wrong CRC
        MANUAL_EXAMPLE.replace("Fulano", "Fulana"),  # tampered, CRC no longer matches
        MANUAL_EXAMPLE[:-8],  # no CRC field
        "0002",  # truncated
    ],
)
def test_parse_refuses_damaged_codes(code: str) -> None:
    with pytest.raises(BRCodeError):
        parse_brcode(code)


def test_parse_checks_structure_behind_a_valid_crc() -> None:
    body = "000201" + "5204000053039865802BR5904Loja6006Recife62070503***6304"
    with pytest.raises(BRCodeError, match="field 26"):
        parse_brcode(body + crc16(body))
