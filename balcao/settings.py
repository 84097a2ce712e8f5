"""Every setting of the service, read once from the environment and an optional `.env`."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Service settings; `.env.example` lists each key with a comment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # --- Service ---
    port: int = Field(default=8000, alias="PORT")
    host: str = Field(default="127.0.0.1", alias="BALCAO_HOST")
    public_base_url: str = Field(default="http://127.0.0.1:8000", alias="PUBLIC_BASE_URL")
    log_level: str = Field(default="INFO", alias="BALCAO_LOG_LEVEL")
    demo_mode: bool | None = Field(default=None, alias="BALCAO_DEMO_MODE")
    """true: a development or demo deployment, where the sandbox payment page may mark
    orders paid (`./dev serve` sets it). Unset or false: the sandbox settles nothing."""
    log_format: str = Field(default="text", alias="BALCAO_LOG_FORMAT")
    metrics_token: SecretStr | None = Field(default=None, alias="BALCAO_METRICS_TOKEN")
    pseudonym_secret: SecretStr | None = Field(default=None, alias="BALCAO_PSEUDONYM_SECRET")
    """Key of the pseudonyms logs use for phone numbers and other personal values. Unset: a
    random secret generated once per install in the data folder."""

    # --- Database ---
    database_url: SecretStr | None = Field(default=None, alias="DATABASE_URL")
    data_dir: Path = Field(default=Path(".balcao"), alias="BALCAO_DATA_DIR")

    # --- Store ---
    default_store_id: str = Field(default="default", alias="BALCAO_STORE_ID")
    demo_store: bool = Field(default=True, alias="BALCAO_DEMO_STORE")
    stores_dir: Path | None = Field(default=None, alias="BALCAO_STORES_DIR")

    # --- Conversation worker ---
    debounce_ms: int = Field(default=800, alias="BALCAO_DEBOUNCE_MS")
    max_burst_wait_ms: int = Field(default=5000, alias="BALCAO_MAX_BURST_WAIT_MS")
    worker_poll_ms: int = Field(default=100, alias="BALCAO_WORKER_POLL_MS")
    run_worker: bool = Field(default=True, alias="BALCAO_RUN_WORKER")
    worker_concurrency: int = Field(default=8, ge=1, alias="BALCAO_WORKER_CONCURRENCY")
    record_tools: bool = Field(default=True, alias="BALCAO_RECORD_TOOLS")
    maintenance_seconds: float = Field(default=30, alias="BALCAO_MAINTENANCE_SECONDS")
    checkpoints_keep: int = Field(default=100, ge=1, alias="BALCAO_CHECKPOINTS_KEEP")
    """Checkpoints each conversation keeps (rounded out to whole turns, plus pinned turns);
    upkeep deletes older ones."""

    # --- WhatsApp Cloud API ---
    whatsapp_verify_token: SecretStr | None = Field(default=None, alias="WHATSAPP_VERIFY_TOKEN")
    whatsapp_app_secret: SecretStr | None = Field(default=None, alias="WHATSAPP_APP_SECRET")
    whatsapp_access_token: SecretStr | None = Field(default=None, alias="WHATSAPP_ACCESS_TOKEN")
    whatsapp_phone_number_id: str = Field(default="", alias="WHATSAPP_PHONE_NUMBER_ID")
    whatsapp_api_base_url: str = Field(
        default="https://graph.facebook.com", alias="WHATSAPP_API_BASE_URL"
    )
    whatsapp_api_version: str = Field(default="v21.0", alias="WHATSAPP_API_VERSION")
    whatsapp_insecure_dev_webhook: bool = Field(
        default=False, alias="BALCAO_INSECURE_DEV_WEBHOOK"
    )
    outbox_max_attempts: int = Field(default=6, alias="BALCAO_OUTBOX_MAX_ATTEMPTS")
    buyer_messages_per_minute: int = Field(default=30, ge=0,
                                           alias="BALCAO_BUYER_MESSAGES_PER_MINUTE")
    """Messages one buyer may send per minute; past it they are answered once, politely,
    and not processed (0: no limit)."""
    store_messages_per_minute: int = Field(default=6000, ge=0,
                                           alias="BALCAO_STORE_MESSAGES_PER_MINUTE")
    """Messages of one store answered per minute; past it they are kept and scheduled at
    this rate, so one busy store cannot starve the others (0: no limit)."""

    # --- Understanding (optional LLM engine) ---
    nlu_engine: str = Field(default="offline", alias="BALCAO_NLU_ENGINE")
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    openai_model: str = Field(default="gpt-4o-mini", alias="OPENAI_MODEL")
    llm_base_url: str | None = Field(default=None, alias="BALCAO_LLM_BASE_URL")
    """Any OpenAI-compatible endpoint (`https://api.openai.com/v1`, a local vLLM or Ollama's
    `/v1`). With the model set, stores whose `llm:` section enables a job use it."""
    llm_model: str | None = Field(default=None, alias="BALCAO_LLM_MODEL")
    llm_api_key: SecretStr | None = Field(default=None, alias="BALCAO_LLM_API_KEY")
    # Langfuse tracing (api/tracing/): all three set, each turn is sent as one trace.
    langfuse_public_key: str | None = Field(default=None, alias="LANGFUSE_PUBLIC_KEY")
    langfuse_secret_key: SecretStr | None = Field(default=None, alias="LANGFUSE_SECRET_KEY")
    langfuse_host: str | None = Field(default=None, alias="LANGFUSE_HOST")

    # --- Search ---
    embeddings: str = Field(default="use", alias="BALCAO_EMBEDDINGS")
    openai_embeddings_model: str = Field(
        default="text-embedding-3-small", alias="OPENAI_EMBEDDINGS_MODEL"
    )
    openai_embeddings_dimensions: int = Field(default=1536, alias="OPENAI_EMBEDDINGS_DIMENSIONS")
    whatsapp_catalog_id: str | None = Field(default=None, alias="WHATSAPP_CATALOG_ID")

    # --- Payments ---
    payment_provider: str = Field(default="sandbox", alias="BALCAO_PAYMENT_PROVIDER")
    sandbox_secret: SecretStr | None = Field(default=None, alias="BALCAO_SANDBOX_SECRET")
    """Unset: a random secret generated once per install in the data folder."""
    pix_key: str | None = Field(default=None, alias="PIX_KEY")
    pix_merchant_name: str | None = Field(default=None, alias="PIX_MERCHANT_NAME")
    pix_merchant_city: str | None = Field(default=None, alias="PIX_MERCHANT_CITY")
    pix_webhook_secret: SecretStr | None = Field(default=None, alias="PIX_WEBHOOK_SECRET")
    stripe_api_key: SecretStr | None = Field(default=None, alias="STRIPE_API_KEY")
    stripe_webhook_secret: SecretStr | None = Field(default=None, alias="STRIPE_WEBHOOK_SECRET")
    stripe_api_base_url: str = Field(default="https://api.stripe.com", alias="STRIPE_API_BASE_URL")
    mercadopago_access_token: SecretStr | None = Field(
        default=None, alias="MERCADOPAGO_ACCESS_TOKEN"
    )
    mercadopago_webhook_secret: SecretStr | None = Field(
        default=None, alias="MERCADOPAGO_WEBHOOK_SECRET"
    )
    mercadopago_api_base_url: str = Field(
        default="https://api.mercadopago.com", alias="MERCADOPAGO_API_BASE_URL"
    )

    # --- Operator console and CRM ---
    console_session_hours: float = Field(default=12, gt=0, alias="BALCAO_CONSOLE_SESSION_HOURS")
    crm: str = Field(default="postgres", alias="BALCAO_CRM")
    hubspot_access_token: SecretStr | None = Field(default=None, alias="HUBSPOT_ACCESS_TOKEN")
    hubspot_api_base_url: str = Field(default="https://api.hubapi.com",
                                      alias="HUBSPOT_API_BASE_URL")
    hubspot_vip_property: str = Field(default="balcao_vip", alias="HUBSPOT_VIP_PROPERTY")
    hubspot_ticket_pipeline: str = Field(default="0", alias="HUBSPOT_TICKET_PIPELINE")
    hubspot_ticket_open_stage: str = Field(default="1", alias="HUBSPOT_TICKET_OPEN_STAGE")
    hubspot_ticket_closed_stage: str = Field(default="4", alias="HUBSPOT_TICKET_CLOSED_STAGE")

    @field_validator(
        "database_url", "whatsapp_verify_token", "whatsapp_app_secret", "whatsapp_access_token",
        "openai_api_key", "openai_base_url", "whatsapp_catalog_id",
        "sandbox_secret", "pix_key", "pix_merchant_name", "pix_merchant_city",
        "pix_webhook_secret", "stripe_api_key", "stripe_webhook_secret",
        "mercadopago_access_token", "mercadopago_webhook_secret", "hubspot_access_token",
        "pseudonym_secret", mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """`KEY=` in a .env file means "not set", not an empty secret."""
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def webhook_enabled(self) -> bool:
        """The webhook runs only when signatures can be checked, or in explicit dev mode."""
        return self.whatsapp_app_secret is not None or self.whatsapp_insecure_dev_webhook

    @property
    def sandbox_allowed(self) -> bool:
        """The sandbox may settle payments only in an explicitly declared demo deployment."""
        return self.demo_mode is True

    @property
    def public_is_https(self) -> bool:
        return self.public_base_url.strip().lower().startswith("https://")


def install_secret(data_dir: Path, name: str) -> str:
    """A random secret generated once for this install and kept in the data folder (0600).

    Never a fixed value: each install has its own, so knowing the code tells nothing.
    """
    if not name.isidentifier():
        raise ValueError("secret name must be a plain identifier")
    folder = Path(data_dir) / "secrets"
    path = folder / name
    try:
        existing = path.read_text("ascii").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Written whole to a private temporary file, then linked into place: another process
    # starting at the same moment either wins (and both use its value) or loses; no one
    # ever reads a half-written secret.
    temporary = folder / f".{name}.{secrets.token_hex(8)}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(32))
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_text("ascii").strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read on first use (never at import time)."""
    return Settings()
