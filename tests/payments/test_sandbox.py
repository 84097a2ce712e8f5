"""Sandbox provider: link to our own page; outcomes signed with X-Balcao-Signature."""

from __future__ import annotations

import json

import pytest

from tests.payments.conftest import PUBLIC, make_request
from tools.payments.base import InvalidSignature, MalformedNotification
from tools.payments.sandbox import SandboxProvider
from tools.payments.signing import SIGNATURE_HEADER, sign

SECRET = "sandbox-test-secret"


async def test_create_links_to_our_payment_page() -> None:
    provider = SandboxProvider(PUBLIC + "/", SECRET)
    request = make_request(provider="sandbox")
    created = await provider.create(request)
    assert created.link_url == f"{PUBLIC}/pay/{request.token}"
    assert created.provider_ref == f"sbx_{request.token[:12]}"
    assert created.pix_code is None
    assert await provider.create(request) == created


@pytest.mark.parametrize("status", ["paid", "failed", "expired"])
async def test_signed_outcome_is_read_back(status: str) -> None:
    provider = SandboxProvider(PUBLIC, SECRET)
    body, headers = provider.signed_outcome("tok_abc", status)
    [note] = await provider.notification(headers, body)
    assert (note.token, note.status, note.amount) == ("tok_abc", status, None)
    assert note.event_id == f"tok_abc:{status}"


async def test_header_name_is_case_insensitive() -> None:
    provider = SandboxProvider(PUBLIC, SECRET)
    body, headers = provider.signed_outcome("tok_abc", "paid")
    lower = {key.lower(): value for key, value in headers.items()}
    assert len(await provider.notification(lower, body)) == 1


async def test_refuses_bad_signatures() -> None:
    provider = SandboxProvider(PUBLIC, SECRET)
    body, headers = provider.signed_outcome("tok_abc", "failed")
    tampered = body.replace(b"failed", b"paid")
    with pytest.raises(InvalidSignature):
        await provider.notification(headers, tampered)
    with pytest.raises(InvalidSignature):
        await provider.notification({}, body)
    wrong = {SIGNATURE_HEADER: sign(body, "another-secret")}
    with pytest.raises(InvalidSignature):
        await provider.notification(wrong, body)


@pytest.mark.parametrize(
    "payload",
    [b"not json", b"[]", json.dumps({"status": "paid"}).encode(),
     json.dumps({"token": "t", "status": "pending"}).encode()],
)
async def test_signed_but_malformed(payload: bytes) -> None:
    provider = SandboxProvider(PUBLIC, SECRET)
    with pytest.raises(MalformedNotification):
        await provider.notification({SIGNATURE_HEADER: sign(payload, SECRET)}, payload)


def test_outcome_must_be_known() -> None:
    with pytest.raises(ValueError):
        SandboxProvider(PUBLIC, SECRET).signed_outcome("t", "pending")
    with pytest.raises(ValueError):
        SandboxProvider(PUBLIC, "")
