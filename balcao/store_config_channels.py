"""A store's own channel credentials: the WhatsApp number it answers from and its token.

In a store file, keep the token out of the file with a reference to the environment:

    channels:
      whatsapp:
        phone_number_id: "106540352242922"
        access_token: ${LOJA_B_WHATSAPP_TOKEN}
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class WhatsAppChannel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone_number_id: str = Field(pattern=r"^[0-9]{1,32}$")
    """The Cloud API's id of the store's business number (`metadata.phone_number_id`)."""
    access_token: SecretStr
    """The token that sends as that number; use `${ENV_VAR}`."""


class EvolutionChannel(BaseModel):
    """The store's WhatsApp number connected through Evolution API (v2), one instance."""

    model_config = ConfigDict(extra="forbid")

    instance: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    """The instance's name: its webhook is `/webhooks/evolution/<instance>`."""
    base_url: str = Field(pattern=r"^https?://")
    """The Evolution API server, e.g. `https://evolution.loja.com.br`."""
    apikey: SecretStr
    """The instance's token: sent as `apikey` on every request, and the `apikey` Evolution puts
    in each webhook body (AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES=true); use `${ENV_VAR}`."""
    webhook_secret: SecretStr = Field(min_length=16)
    """The instance webhook's `jwt_key` header: Evolution then signs each delivery with an
    HS256 JWT (`Authorization: Bearer ...`) that the webhook verifies; use `${ENV_VAR}`."""
    interactive: bool = False
    """Send options as sendButtons/sendList (they reach only some WhatsApp clients); False
    sends them as numbered text the buyer answers by number."""


class ChatwootChannel(BaseModel):
    """Balcão as the agent bot of the store's Chatwoot inboxes (WhatsApp, Instagram, the
    website widget: Chatwoot delivers the replies)."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = Field(pattern=r"^https?://")
    """The Chatwoot installation, e.g. `https://app.chatwoot.com`."""
    account_id: int = Field(gt=0)
    """The Chatwoot account the inboxes belong to (`/app/accounts/<id>/...`)."""
    api_access_token: SecretStr
    """The agent bot's (or an agent's) access token, sent as `api_access_token`; use
    `${ENV_VAR}`."""
    webhook_token: SecretStr = Field(min_length=16)
    """The secret in the bot's outgoing URL (`/webhooks/chatwoot/<store>?token=...`):
    Chatwoot signs nothing, so this is what proves a delivery is the store's; use
    `${ENV_VAR}`."""
    input_select: bool = False
    """Send options as Chatwoot `input_select` messages (the website widget and API inboxes
    show them as buttons); False sends numbered text the buyer answers by number."""


class ChannelsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    whatsapp: WhatsAppChannel | None = None
    """None: the store has no number of its own (only the default store then falls back to
    the service's `WHATSAPP_*` settings)."""
    evolution: EvolutionChannel | None = None
    """None: the store has no Evolution API instance."""
    chatwoot: ChatwootChannel | None = None
    """None: the store has no Chatwoot agent bot."""
