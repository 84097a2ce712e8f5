"""At start: a store must not take "payments" that anyone can mark paid (issue #18).

The sandbox provider settles on a click. It settles only when the deployment says it is a
demo (BALCAO_DEMO_MODE=true, which `./dev serve` sets); and a service reachable over https
whose store can only be paid through the sandbox, without that declaration, does not start.
"""

from __future__ import annotations

import logging

from balcao.settings import Settings
from balcao.store_config import StoreConfigs
from tools.payments.registry import sandbox_refusal

log = logging.getLogger(__name__)


class UnsafePaymentSetup(RuntimeError):
    """The service refuses to start; the message says what to set."""


def check_payment_setup(settings: Settings) -> None:
    """Raises `UnsafePaymentSetup` for a sandbox-only store on https outside demo mode;
    warns when the sandbox is configured but cannot settle (no demo declaration)."""
    config = StoreConfigs(settings.stores_dir).get(settings.default_store_id)
    names = {method.provider for method in config.payment.methods}
    reason = sandbox_refusal(settings, names)
    if reason is not None:
        raise UnsafePaymentSetup(f"Balcão refuses to start: {reason}")
    if "sandbox" in names and not settings.sandbox_allowed:
        log.warning(
            "the store offers the sandbox payment page but BALCAO_DEMO_MODE is not true: its "
            "pay buttons are disabled (set BALCAO_DEMO_MODE=true only on a demo deployment)"
        )
