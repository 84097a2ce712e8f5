"""Finding 1 (critical): nobody marks an order paid through the sandbox outside a declared
demo, and even in a demo only through the page's own signed, CSRF-checked buttons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.payment_guard import UnsafePaymentSetup, check_payment_setup
from balcao.settings import Settings
from tests.security.conftest import AppFactory, payment_status, pending_payment
from tests.security.paying import page_fields
from tools.payments import signing


def test_a_default_install_settles_nothing_through_the_sandbox(
    make_client: AppFactory, db_url: str
) -> None:
    pending_payment(db_url)
    client = make_client()  # no BALCAO_DEMO_MODE
    page = client.get("/pay/tok_attack_1")
    assert page.status_code == 200 and "Pagar R$" not in page.text
    attack = client.post("/pay/tok_attack_1", data={"decision": "paid"},
                         follow_redirects=False)
    assert attack.status_code == 404
    # The old public default secret, or any body, on the sandbox webhook: not found.
    body = json.dumps({"token": "tok_attack_1", "status": "paid"}).encode()
    forged = client.post("/webhooks/payments/sandbox", content=body, headers={
        signing.SIGNATURE_HEADER: signing.sign(body, "balcao-sandbox-dev-secret")})
    assert forged.status_code == 404
    assert payment_status(db_url) == "pending"


def test_in_demo_mode_a_bare_post_or_a_forged_grant_is_refused(
    make_client: AppFactory, db_url: str
) -> None:
    pending_payment(db_url)
    client = make_client(BALCAO_DEMO_MODE="true")
    assert client.post("/pay/tok_attack_1", data={"decision": "paid"}).status_code == 403
    page = client.get("/pay/tok_attack_1")
    fields = page_fields(page.text)
    assert set(fields) == {"csrf", "grant"}
    # A grant for another payment, a csrf without its cookie, a cross-site post: refused.
    pending_payment(db_url, token="tok_other")
    other = page_fields(client.get("/pay/tok_other").text)
    assert client.post("/pay/tok_attack_1", data={"decision": "paid", "csrf": other["csrf"],
                                                   "grant": other["grant"]}).status_code == 403
    client.cookies.clear()
    assert client.post("/pay/tok_attack_1",
                       data={"decision": "paid", **fields}).status_code == 403
    page = client.get("/pay/tok_attack_1")
    fields = page_fields(page.text)
    cross = client.post("/pay/tok_attack_1", data={"decision": "paid", **fields},
                        headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    # The old public default no longer signs webhooks.
    body = json.dumps({"token": "tok_attack_1", "status": "paid"}).encode()
    forged = client.post("/webhooks/payments/sandbox", content=body, headers={
        signing.SIGNATURE_HEADER: signing.sign(body, "balcao-sandbox-dev-secret")})
    assert forged.status_code == 401
    assert payment_status(db_url) == "pending"
    # The page's own buttons still pay.
    paid = client.post("/pay/tok_attack_1", data={"decision": "paid", **fields},
                       follow_redirects=False)
    assert paid.status_code == 303
    assert payment_status(db_url) == "paid"


def test_a_sandbox_only_store_on_https_without_demo_mode_refuses_to_start(
    tmp_path: Path,
) -> None:
    def settings(**env: str) -> Settings:
        return Settings(_env_file=None, BALCAO_DATA_DIR=str(tmp_path),  # type: ignore[call-arg]
                        **env)

    with pytest.raises(UnsafePaymentSetup, match="BALCAO_DEMO_MODE=true"):
        check_payment_setup(settings(PUBLIC_BASE_URL="https://loja.example"))
    with pytest.raises(UnsafePaymentSetup):
        check_payment_setup(settings(PUBLIC_BASE_URL="https://loja.example",
                                     BALCAO_DEMO_MODE="false"))
    check_payment_setup(settings(PUBLIC_BASE_URL="https://loja.example",
                                 BALCAO_DEMO_MODE="true"))
    check_payment_setup(settings(PUBLIC_BASE_URL="http://127.0.0.1:8000"))


def test_the_demo_secret_is_random_and_kept_in_the_data_folder(
    make_client: AppFactory, db_url: str, tmp_path: Path
) -> None:
    pending_payment(db_url)
    client = make_client(BALCAO_DEMO_MODE="true")
    client.get("/pay/tok_attack_1")
    secret_file = tmp_path / "data" / "secrets" / "sandbox_secret"
    secret = secret_file.read_text()
    assert len(secret) >= 40 and secret != "balcao-sandbox-dev-secret"
    assert secret_file.stat().st_mode & 0o077 == 0
