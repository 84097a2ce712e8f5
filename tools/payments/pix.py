"""PIX by BR Code: a "copia e cola" code per order, confirmed by the PSP's webhook.

The code is static in the manual's sense (the receiver's key in field 26, no PSP-hosted
payload), carries the exact order total and a txid derived from our payment token, and is
marked single-use (field 01 = "12"). Any PSP holding the key can receive it; no API call is
made to create it.

Confirmation follows the "API Pix" webhook shape the Banco Central specifies for PSPs
(`POST {webhookUrl}/pix` with `{"pix": [{"endToEndId", "txid", "valor", "horario",
"infoPagador", ...}]}`). PSPs authenticate that call with mutual TLS, which the app cannot see
behind a proxy, so Balcão requires what the relay or proxy that terminates mTLS must add:

    X-Balcao-Signature: sha256=<hex HMAC-SHA256 of the raw body with PIX_WEBHOOK_SECRET>

A received pix means "paid"; `valor` is returned exactly (Decimal) for the caller to compare
with the payment. Entries without our txid (a pix sent straight to the key) and refund
notices (entries with `devolucoes`) are ignored.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from typing import Any

import httpx

from tools.payments import signing
from tools.payments.base import (
    CreatedPayment,
    InvalidSignature,
    MalformedNotification,
    PaymentNotification,
    PaymentProviderError,
    PaymentRequest,
    header,
)
from tools.payments.brcode import CITY_MAX, NAME_MAX, ascii_text, build_brcode
from tools.payments.money import json_loads, parse_decimal
from tools.payments.refund_calls import pix_devolucao
from tools.payments.refunds import RefundRequest, RefundResult

# "API Pix": valor is a string of 1-10 digits, a dot and 2 decimals.
_VALOR = re.compile(r"^\d{1,10}\.\d{2}$")
_TXID_PREFIX = "BLC"
TXID_LENGTH = 25


def txid_for(token: str) -> str:
    """The txid written in the BR Code for a payment token: 25 uppercase letters and digits.

    A hash, not the token itself: the code is shown to the buyer and read by banks, and the
    token opens the payment page. 22 base32 characters carry 110 bits, so two payments never
    share one.
    """
    digest = hashlib.sha256(token.encode()).digest()
    tail = base64.b32encode(digest).decode().rstrip("=")[: TXID_LENGTH - len(_TXID_PREFIX)]
    return _TXID_PREFIX + tail


class PixProvider:
    """PIX "copia e cola" codes for one receiving key."""

    name = "pix"

    def __init__(
        self, key: str, merchant_name: str, merchant_city: str, webhook_secret: str,
        *, api_base_url: str | None = None, access_token: str | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        """Binds the provider to one PIX key.

        Args:
            key: The store's PIX key, as registered at its PSP.
            merchant_name: Receiver name shown by the payer's bank (accents removed, at most
                25 characters).
            merchant_city: Receiver city (accents removed, at most 15 characters).
            webhook_secret: Secret the webhook relay signs with.
            api_base_url: The PSP's API Pix address, for devoluções (refunds); None when the
                store only receives.
            access_token: The PSP's OAuth bearer token for that API.
            http: The client that calls it (mutual TLS, when the PSP asks, is its business).

        Raises:
            ValueError: When the name, city or key cannot go into a BR Code.
        """
        self._key = key.strip()
        self._name = ascii_text(merchant_name)
        self._city = ascii_text(merchant_city)
        if not self._name or len(self._name) > NAME_MAX:
            raise ValueError(f"PIX merchant name must have 1 to {NAME_MAX} characters")
        if not self._city or len(self._city) > CITY_MAX:
            raise ValueError(f"PIX merchant city must have 1 to {CITY_MAX} characters")
        if not webhook_secret:
            raise ValueError("PIX webhook secret is empty")
        self._secret = webhook_secret
        self._api, self._http = api_base_url, http
        self._api_auth = {"Authorization": f"Bearer {access_token}"} if access_token else {}
        # Fails now, at start, rather than on the first order.
        build_brcode(key=self._key, merchant_name=self._name, merchant_city=self._city)

    async def refund(self, request: RefundRequest) -> RefundResult:
        """A devolução of the received pix `request.payment_ref` (its endToEndId), once per key.

        Raises:
            PaymentProviderError: Not configured for the API Pix, refused or failed.
        """
        if self._api is None or self._http is None:
            raise PaymentProviderError("pix: no PSP API configured for devolucoes",
                                       retryable=False)
        return await pix_devolucao(self._http, self._api, self._api_auth, request)

    async def create(self, request: PaymentRequest) -> CreatedPayment:
        """Builds the BR Code for the order total; no outside call, so nothing to retry."""
        if request.currency.upper() != "BRL":
            raise ValueError("PIX charges only BRL")
        txid = txid_for(request.token)
        code = build_brcode(
            key=self._key,
            merchant_name=self._name,
            merchant_city=self._city,
            amount=request.amount,
            txid=txid,
            single_use=True,
        )
        return CreatedPayment(provider_ref=txid, link_url=None, pix_code=code)

    async def notification(
        self,
        headers: Mapping[str, str],
        body: bytes,
        query: Mapping[str, str] | None = None,
    ) -> list[PaymentNotification]:
        """Reads an "API Pix" webhook: one "paid" notification per pix carrying a txid.

        Returns:
            Notifications with `event_id` = endToEndId, `provider_ref` = txid (uppercased,
            as we write it), `token` None (the txid is a hash of it) and `amount` = valor.
        """
        if not signing.verify(body, header(headers, signing.SIGNATURE_HEADER), self._secret):
            raise InvalidSignature("pix: bad or missing signature")
        try:
            payload = json_loads(body)
        except ValueError:
            raise MalformedNotification("pix: body is not JSON") from None
        entries = payload.get("pix") if isinstance(payload, dict) else None
        if not isinstance(entries, list):
            raise MalformedNotification("pix: no 'pix' list")
        found: list[PaymentNotification] = []
        for entry in entries:
            notification = _read_entry(entry)
            if notification is not None:
                found.append(notification)
        return found


def _read_entry(entry: Any) -> PaymentNotification | None:
    if not isinstance(entry, dict):
        raise MalformedNotification("pix: an entry is not an object")
    end_to_end = entry.get("endToEndId")
    valor = entry.get("valor")
    if not isinstance(end_to_end, str) or not end_to_end:
        raise MalformedNotification("pix: entry without endToEndId")
    if not isinstance(valor, str) or not _VALOR.match(valor):
        raise MalformedNotification("pix: entry valor is not like 123.45")
    txid = entry.get("txid")
    if not isinstance(txid, str) or not txid or entry.get("devolucoes"):
        return None
    return PaymentNotification(
        event_id=end_to_end,
        token=None,
        provider_ref=txid.upper(),
        status="paid",
        amount=parse_decimal(valor),
        currency="BRL",  # the SPI moves reais only
        transfer=True,
    )
