"""Is a webhook delivery really from the store's Chatwoot?

Chatwoot's agent-bot webhooks carry no signature (`Webhooks::Trigger` posts the JSON with
only content-type headers), so the store puts a secret in the bot's outgoing URL:
`/webhooks/chatwoot/<store>?token=<webhook_token>` (or, behind a proxy that adds headers,
`X-Balcao-Token`). It is compared in constant time; the reason never includes it.
"""

from __future__ import annotations

import hmac

from balcao.store_config_channels import ChatwootChannel

TOKEN_HEADER = "x-balcao-token"


def refusal(token: str | None, channel: ChatwootChannel) -> str | None:
    """Why the delivery is refused, or None when its token is the store's."""
    if not token:
        return "missing token (the agent bot URL needs the store webhook_token as `token`)"
    expected = channel.webhook_token.get_secret_value()
    if not hmac.compare_digest(token.encode(), expected.encode()):
        return "wrong token"
    return None
