"""Is a webhook delivery really from the store's Evolution instance?

Evolution API authenticates its webhooks two ways, and both are required here:

- the body's `apikey` is the instance's token (sent when the server runs with
  `AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES=true`, Evolution's default);
- with a `jwt_key` among the instance webhook's `headers`, Evolution sends
  `Authorization: Bearer <JWT>`: HS256 over `{"iat", "exp": iat + 600, "app": "evolution",
  "action": "webhook"}` signed with that key (`WebhookController.generateJwtToken` in
  evolution-api v2.3). The key is the store's per-instance `webhook_secret`.

Reasons returned never include a secret, a token or the body.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from balcao.store_config_channels import EvolutionChannel

LEEWAY_SECONDS = 60
"""Clock skew tolerated between Evolution's server and ours."""


def refusal(body: dict[str, Any], authorization: str | None, channel: EvolutionChannel,
            now: datetime) -> str | None:
    """Why the delivery is refused, or None when both the apikey and the JWT are right."""
    apikey = body.get("apikey")
    expected = channel.apikey.get_secret_value()
    if not isinstance(apikey, str) or not hmac.compare_digest(apikey.encode(),
                                                              expected.encode()):
        return "wrong or missing apikey"
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not token:
        return "missing Authorization: Bearer token (set jwt_key in the webhook headers)"
    return jwt_refusal(token, channel.webhook_secret.get_secret_value(), now)


def jwt_refusal(token: str, secret: str, now: datetime) -> str | None:
    """Why an HS256 JWT is not a valid Evolution webhook token, or None."""
    parts = token.split(".")
    if len(parts) != 3:
        return "malformed JWT"
    try:
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except (ValueError, binascii.Error):
        return "malformed JWT"
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        return "JWT is not HS256"  # never "none", never another algorithm
    expected = hmac.new(secret.encode(), f"{parts[0]}.{parts[1]}".encode(),
                        hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        return "bad JWT signature"
    if not isinstance(claims, dict) or claims.get("app") != "evolution" \
            or claims.get("action") != "webhook":
        return "JWT is not an Evolution webhook token"
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp + LEEWAY_SECONDS < now.timestamp():
        return "JWT expired"
    return None


def sign_jwt(secret: str, issued_at: int, lifetime: int = 600) -> str:
    """The token Evolution sends (for the local fake and tests)."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = _b64(json.dumps({"iat": issued_at, "exp": issued_at + lifetime, "app": "evolution",
                              "action": "webhook"}, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
