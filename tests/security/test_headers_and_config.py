"""Finding 7 (low): security headers on the console and the pay page, payment webhooks that
do not name their missing keys, and store ids that cannot walk out of the stores folder."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from balcao.store_config import load_store_config
from tests.console.conftest import Db, csrf_of, sign_in
from tests.security.conftest import AppFactory, pending_payment


def _assert_browser_headers(headers: dict) -> str:
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert headers["x-frame-options"] == "DENY"
    return csp


def test_console_and_pay_page_send_security_headers(
    make_client: AppFactory, db_url: str
) -> None:
    pending_payment(db_url)
    client = make_client(BALCAO_DEMO_MODE="true")
    _assert_browser_headers(client.get("/pay/tok_attack_1").headers)
    _assert_browser_headers(client.get("/console/login").headers)
    Db(db_url).operator("ana@loja.com")
    sign_in(client)
    queue = client.get("/console")
    csp = _assert_browser_headers(queue.headers)
    # The page's own inline script is allowed by its hash, and only it.
    (code,) = re.findall(r"<script>(.*?)</script>", queue.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert csrf_of(client.get("/console/login").text)  # pages still render


def test_an_unconfigured_payment_webhook_names_no_keys(make_client: AppFactory) -> None:
    client = make_client()
    for provider in ("stripe", "mercadopago", "pix"):
        response = client.post(f"/webhooks/payments/{provider}", content=b"{}")
        assert response.status_code == 503
        assert "_" not in response.text and "KEY" not in response.text.upper()
    assert client.post("/webhooks/payments/nope", content=b"{}").status_code == 404
    assert client.post("/webhooks/payments/sandbox", content=b"{}").status_code == 404


@pytest.mark.parametrize("store_id", ["../etc/passwd", "a/b", "..", "", ".hidden", "x" * 65,
                                      "loja\x00", "loja.yaml"])
def test_a_store_id_must_be_a_plain_identifier(store_id: str, tmp_path: Path) -> None:
    (tmp_path / "stores").mkdir()
    (tmp_path / "secret.yaml").write_text("name: not a store\n")
    with pytest.raises(ValueError, match="plain identifier"):
        load_store_config(store_id, tmp_path / "stores")
    assert load_store_config("loja-1_b", tmp_path / "stores").name  # plain ids still load
