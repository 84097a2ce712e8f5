"""The webhook signature check (`X-Hub-Signature-256`)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from api.channels.whatsapp.signature import sign, verify_signature

SECRET = "app-secret"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def test_sign_matches_meta_format() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(BODY, SECRET) == f"sha256={expected}"


def test_valid_signature() -> None:
    assert verify_signature(BODY, sign(BODY, SECRET), SECRET)


def test_uppercase_hex_and_whitespace_are_accepted() -> None:
    header = "  sha256=" + sign(BODY, SECRET).removeprefix("sha256=").upper() + " "
    assert verify_signature(BODY, header, SECRET)


def test_wrong_secret() -> None:
    assert not verify_signature(BODY, sign(BODY, "other-secret"), SECRET)


def test_tampered_body() -> None:
    header = sign(BODY, SECRET)
    assert not verify_signature(BODY.replace(b"[]", b"[{}]"), header, SECRET)
    # Re-serialized JSON is a different body even when it means the same.
    assert not verify_signature(BODY.replace(b",", b", "), header, SECRET)


@pytest.mark.parametrize("header", [None, ""])
def test_missing_header(header: str | None) -> None:
    assert not verify_signature(BODY, header, SECRET)


@pytest.mark.parametrize(
    "header",
    [
        "sha1=" + "0" * 40,
        "sha256",
        "sha256=",
        "sha256=xyz",
        "sha256=" + "g" * 64,
        "sha256=" + "0" * 63,
        "sha256=" + "0" * 65,
        "SHA256=" + "0" * 64,
        "0" * 64,
    ],
)
def test_malformed_header(header: str) -> None:
    assert not verify_signature(BODY, header, SECRET)


def test_empty_secret_never_verifies() -> None:
    assert not verify_signature(BODY, sign(BODY, ""), "")
