"""PIX provider: BR Code per order; "API Pix" webhooks behind an HMAC-signing relay."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.payments.conftest import make_request
from tools.payments.base import InvalidSignature, MalformedNotification
from tools.payments.brcode import parse_brcode
from tools.payments.pix import PixProvider, txid_for
from tools.payments.signing import SIGNATURE_HEADER, sign

SECRET = "pix-relay-secret"
KEY = "123e4567-e12b-12d1-a456-426655440000"


def provider() -> PixProvider:
    return PixProvider(KEY, "Loja Exemplo Ltda", "São Paulo", SECRET)


def signed(payload: dict) -> tuple[dict[str, str], bytes]:
    body = json.dumps(payload).encode()
    return {SIGNATURE_HEADER: sign(body, SECRET), "Content-Type": "application/json"}, body


async def test_create_writes_total_and_txid_into_the_code() -> None:
    request = make_request(amount=Decimal("0.1") + Decimal("0.2"), provider="pix")
    created = await provider().create(request)
    assert created.link_url is None
    assert created.provider_ref == txid_for(request.token)
    fields = parse_brcode(created.pix_code or "")
    assert fields["54"] == "0.30"
    assert fields["01"] == "12"
    assert fields["26"]["01"] == KEY
    assert fields["59"] == "Loja Exemplo Ltda"
    assert fields["60"] == "Sao Paulo"
    assert fields["62"]["05"] == created.provider_ref
    assert await provider().create(request) == created


def test_txid_is_stable_short_and_alphanumeric() -> None:
    txid = txid_for("tok_3fJ9x-Qa_7LmN2pR8sT1uV")
    assert txid == txid_for("tok_3fJ9x-Qa_7LmN2pR8sT1uV")
    assert len(txid) == 25 and txid.isalnum() and txid.isupper()
    assert txid != txid_for("tok_3fJ9x-Qa_7LmN2pR8sT1uW")


def test_configuration_is_checked_at_start() -> None:
    with pytest.raises(ValueError, match="name"):
        PixProvider(KEY, "N" * 26, "Recife", SECRET)
    with pytest.raises(ValueError, match="city"):
        PixProvider(KEY, "Loja", "C" * 16, SECRET)
    with pytest.raises(ValueError):
        PixProvider("", "Loja", "Recife", SECRET)


async def test_received_pix_is_paid_with_exact_amount() -> None:
    txid = txid_for("tok_abc")
    headers, body = signed({"pix": [{
        "endToEndId": "E12345678202611220154abcdef012345",
        "txid": txid,
        "chave": KEY,
        "valor": "1299.90",
        "horario": "2026-11-22T01:54:00.000Z",
        "infoPagador": "pedido 1001",
    }]})
    [note] = await provider().notification(headers, body)
    assert note.status == "paid"
    assert note.event_id == "E12345678202611220154abcdef012345"
    assert note.provider_ref == txid
    assert note.token is None
    assert note.amount == Decimal("1299.90")
    assert str(note.amount) == "1299.90"


async def test_several_pix_in_one_call() -> None:
    headers, body = signed({"pix": [
        {"endToEndId": "E1", "txid": txid_for("a"), "valor": "10.00", "horario": "x"},
        {"endToEndId": "E2", "valor": "5.00", "horario": "x"},  # straight to the key
        {"endToEndId": "E3", "txid": txid_for("b").lower(), "valor": "20.50", "horario": "x"},
        {"endToEndId": "E4", "txid": txid_for("c"), "valor": "7.00", "horario": "x",
         "devolucoes": [{"id": "D1", "valor": "7.00", "status": "DEVOLVIDO"}]},
    ]})
    notes = await provider().notification(headers, body)
    assert [(n.event_id, n.provider_ref, n.amount) for n in notes] == [
        ("E1", txid_for("a"), Decimal("10.00")),
        ("E3", txid_for("b"), Decimal("20.50")),
    ]


async def test_refuses_unsigned_tampered_or_wrongly_signed() -> None:
    headers, body = signed({"pix": [{"endToEndId": "E1", "txid": "T", "valor": "1.00"}]})
    with pytest.raises(InvalidSignature):
        await provider().notification({}, body)
    with pytest.raises(InvalidSignature):
        await provider().notification(headers, body.replace(b"1.00", b"9.00"))
    wrong = {SIGNATURE_HEADER: sign(body, "not-the-secret")}
    with pytest.raises(InvalidSignature):
        await provider().notification(wrong, body)


@pytest.mark.parametrize(
    "payload",
    [
        {"pix": "nope"},
        {"other": []},
        {"pix": [{"txid": "T", "valor": "1.00"}]},
        {"pix": [{"endToEndId": "E1", "txid": "T", "valor": 1.0}]},
        {"pix": [{"endToEndId": "E1", "txid": "T", "valor": "1.5"}]},
    ],
)
async def test_signed_but_malformed(payload: dict) -> None:
    headers, body = signed(payload)
    with pytest.raises(MalformedNotification):
        await provider().notification(headers, body)
