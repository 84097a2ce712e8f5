"""Logs (issue #18): pseudonyms cannot be reversed by hashing the phone range, and bearer
tokens never reach the access log of the real service."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import httpx

from balcao.pii import pseudonym, use_pseudonym_secret
from balcao.settings import Settings
from tests.security.conftest import pending_payment
from tests.service import ServiceProcess

PHONE = "5511987654321"


def test_a_pseudonym_is_keyed_not_the_plain_hash_of_the_phone(tmp_path: Path) -> None:
    unsalted = "h:" + hashlib.sha256(PHONE.encode()).hexdigest()[:10]
    keyed = pseudonym(PHONE, secret="first-secret")
    assert keyed != unsalted
    assert hashlib.sha256(PHONE.encode()).hexdigest()[:10] not in keyed
    assert keyed == pseudonym(PHONE, secret="first-secret")  # still correlates
    assert keyed != pseudonym(PHONE, secret="second-secret")


def test_without_a_configured_secret_each_install_gets_its_own(tmp_path: Path) -> None:
    try:
        tags = []
        for install in ("a", "b"):
            settings = Settings(_env_file=None,  # type: ignore[call-arg]
                                BALCAO_DATA_DIR=str(tmp_path / install))
            use_pseudonym_secret(settings)
            tags.append(pseudonym(PHONE))
            use_pseudonym_secret(settings)  # read back from the data folder: same key
            assert pseudonym(PHONE) == tags[-1]
            assert (tmp_path / install / "secrets" / "pseudonym_secret").stat().st_mode & 0o077 == 0
        assert tags[0] != tags[1]
        use_pseudonym_secret(Settings(_env_file=None,  # type: ignore[call-arg]
                                      BALCAO_PSEUDONYM_SECRET="configured"))
        assert pseudonym(PHONE) == pseudonym(PHONE, secret="configured")
    finally:
        use_pseudonym_secret(Settings(_env_file=None,  # type: ignore[call-arg]
                                      BALCAO_DATA_DIR=os.environ.get("BALCAO_DATA_DIR",
                                                                     ".balcao")))


def test_the_access_log_of_balcao_serve_carries_no_bearer_token(db_url: str,
                                                                tmp_path: Path) -> None:
    log_path = tmp_path / "service.log"
    service = ServiceProcess({"DATABASE_URL": db_url, "BALCAO_DATA_DIR": str(tmp_path / "d"),
                              "BALCAO_DEMO_STORE": "false", "BALCAO_RUN_WORKER": "false",
                              "BALCAO_EMBEDDINGS": "none",  # no model to load: a quick start
                              "WHATSAPP_VERIFY_TOKEN": "verify-secret-42"}, log_path).start()
    try:
        pending_payment(db_url, token="tok_SECRETpaypage_9")
        assert httpx.get(f"{service.url}/pay/tok_SECRETpaypage_9").status_code == 200
        httpx.post(f"{service.url}/pay/tok_SECRETpaypage_9", data={"decision": "paid"})
        httpx.get(f"{service.url}/webhooks/whatsapp", params={
            "hub.mode": "subscribe", "hub.verify_token": "verify-secret-42",
            "hub.challenge": "1"})
    finally:
        service.stop()
    log = log_path.read_text()
    assert '"GET /pay/[token] HTTP/1.1" 200' in log  # the access log is on and shows the route
    assert "SECRETpaypage" not in log
    assert "verify-secret-42" not in log
