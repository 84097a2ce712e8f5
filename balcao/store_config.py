"""Per-store configuration (shipping rules, payment, checkout timing), one YAML file per store.

`BALCAO_STORES_DIR/<store_id>.yaml` when it exists, otherwise the demo store's file shipped
with the package. Validated when the service starts, so a typo fails at start, not mid-sale.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from balcao.escalation_config import EscalationConfig
from balcao.persuasion_config import PersuasionConfig
from balcao.store_config_channels import ChannelsConfig
from balcao.store_config_files import StoreFileInvalid, parse_store_file
from balcao.store_config_llm import LlmConfig
from balcao.store_config_privacy import PrivacyConfig
from balcao.store_config_returns import ReturnsConfig

log = logging.getLogger(__name__)

_CEP_LENGTH = 8


class ShippingOption(BaseModel):
    """One way to get the order to the buyer; it applies when its conditions match the CEP."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    kind: Literal["delivery", "pickup"] = "delivery"
    price: Decimal = Field(ge=0)
    days: int = Field(ge=0, description="business days until delivery (0: same day)")
    cep_ranges: list[tuple[str, str]] = Field(default_factory=list)
    """Inclusive CEP ranges ("01000000", "05999999"); empty means any CEP."""
    states: list[str] = Field(default_factory=list)
    """Two-letter states (UF) it covers; empty means any state."""
    address: str | None = None
    """Where to pick up, for pickup options."""

    @field_validator("cep_ranges")
    @classmethod
    def _ceps_are_digits(cls, ranges: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for low, high in ranges:
            if not (low.isdigit() and high.isdigit() and len(low) == len(high) == _CEP_LENGTH):
                raise ValueError(f"CEP range {low}-{high}: use 8 digits, no hyphen")
            if low > high:
                raise ValueError(f"CEP range {low}-{high} is reversed")
        return ranges


class ShippingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    free_above: Decimal | None = Field(default=None, ge=0)
    """Deliveries are free when the subtotal reaches this amount."""
    options: list[ShippingOption]

    @model_validator(mode="after")
    def _unique_ids(self) -> ShippingConfig:
        ids = [o.id for o in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError("shipping option ids must be unique")
        return self


STORE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""What a store id may look like: it is used as a file name."""

ProviderName = Literal["sandbox", "pix", "stripe", "mercadopago"]


class PaymentMethod(BaseModel):
    """A way to pay offered to buyers, and the provider that takes it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    provider: ProviderName


class PaymentConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    methods: list[PaymentMethod] = Field(
        default_factory=lambda: [PaymentMethod(id="link", name="Link de pagamento",
                                               provider="sandbox")],
        min_length=1,
    )
    link_minutes: int = Field(default=60, ge=5, le=1440)
    """How long a payment link (and the stock held for it) lasts."""

    @model_validator(mode="after")
    def _stripe_session_limits(self) -> PaymentConfig:
        # Stripe Checkout Sessions must expire 30 minutes to 24 hours after creation; exactly
        # 30 would fall below the minimum by the time the request arrives.
        if any(m.provider == "stripe" for m in self.methods) and self.link_minutes <= 30:
            raise ValueError("link_minutes must be more than 30 when a method uses stripe")
        return self

    def method(self, method_id: str) -> PaymentMethod | None:
        return next((m for m in self.methods if m.id == method_id), None)


class MessagingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language_code: str = "pt_BR"
    payment_confirmed_template: str = "pedido_confirmado"
    """Approved WhatsApp template for confirmations outside the 24-hour window."""
    cart_reminder_template: str = "carrinho_lembrete"
    abandoned_cart_hours: int = Field(default=4, ge=1)


class StoreConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    shipping: ShippingConfig
    payment: PaymentConfig = PaymentConfig()
    messaging: MessagingConfig = MessagingConfig()
    escalation: EscalationConfig = EscalationConfig()
    persuasion: PersuasionConfig = PersuasionConfig()
    channels: ChannelsConfig = ChannelsConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    returns: ReturnsConfig = ReturnsConfig()
    llm: LlmConfig = LlmConfig()


def load_store_config(store_id: str, stores_dir: Path | None = None) -> StoreConfig:
    """Reads and validates the store's YAML file (or the shipped default).

    Raises:
        ValueError: For a store id that is not a plain identifier (letters, digits, `_`,
            `-`, up to 64): it names a file, so "../x" or "a/b" must never reach the path.
        StoreFileInvalid: (a ValueError) The file's problems, each with its line.
    """
    path = store_file(store_id, stores_dir)
    if path is not None:
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        text = (resources.files("balcao.demo") / "store.yaml").read_text(encoding="utf-8")
        source = "balcao/demo/store.yaml"
    return parse_store_file(text, source, StoreConfig)


def store_file(store_id: str, stores_dir: Path | None) -> Path | None:
    """The store's own file when it has one (None: the shipped default applies)."""
    if not STORE_ID.fullmatch(store_id):
        raise ValueError("store id must be a plain identifier ([A-Za-z0-9_-], up to 64)")
    path = stores_dir / f"{store_id}.yaml" if stores_dir is not None else None
    return path if path is not None and path.is_file() else None


def _stamp(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class StoreConfigs:
    """Each store's configuration, read from `BALCAO_STORES_DIR` (or the shipped default):
    the one place nodes, workers and routes ask.

    A file edited while the service runs is read again on the next question (a `stat` per
    question); a file that no longer validates is refused, logged with its line numbers,
    and the previous configuration keeps serving.
    """

    def __init__(self, stores_dir: Path | None) -> None:
        self.stores_dir = stores_dir
        self._loaded: dict[str, tuple[tuple[int, int] | None, StoreConfig]] = {}

    def get(self, store_id: str) -> StoreConfig:
        """The store's configuration; a broken file raises only if nothing was loaded yet."""
        path = store_file(store_id, self.stores_dir)
        stamp = _stamp(path)
        known = self._loaded.get(store_id)
        if known is not None and known[0] == stamp:
            return known[1]
        try:
            config = load_store_config(store_id, self.stores_dir)
        except StoreFileInvalid as err:
            if known is None:
                raise
            log.error("%s\n  (the previous configuration of %s keeps serving)", err, store_id)
            self._loaded[store_id] = (stamp, known[1])  # not parsed again until it changes
            return known[1]
        self._loaded[store_id] = (stamp, config)
        return config

    def file_ids(self) -> list[str]:
        """The ids of the stores that have a file in the stores folder."""
        if self.stores_dir is None or not self.stores_dir.is_dir():
            return []
        return sorted(p.stem for p in self.stores_dir.glob("*.yaml")
                      if STORE_ID.fullmatch(p.stem))
