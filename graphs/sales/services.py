"""The process resources nodes use: database-backed tools, the classifier, the clock.

The service and the tests put their `Services` in `Context.services`; `runtime.py` opens
defaults where a caller (LangGraph Studio) passed none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from balcao.clock import Clock, SystemClock
from balcao.db.connect import Pool
from balcao.store_config import StoreConfigs
from graphs.sales.nlu.types import Classification, Classifier, DialogueContext
from tools.cart.store import CartStore
from tools.catalog.client import CatalogClient, PostgresCatalog
from tools.crm.base import CrmClient
from tools.payments.gateway import PaymentGateway

if TYPE_CHECKING:  # the LLM engine's imports load only when a service configures it
    from graphs.sales.nlu.llm_stores import LlmUnderstanding


@dataclass
class Services:
    """Everything a node may call: database-backed clients, the classifier, the clock."""

    pool: Pool
    catalog: CatalogClient
    carts: CartStore
    classifier: Classifier
    clock: Clock
    stores: StoreConfigs
    """Each store's configuration: shipping, payment methods, selling and escalation rules."""
    gateway: PaymentGateway
    """Payment providers."""
    crm: CrmClient
    """Customer profiles (VIP, lifetime value), interaction log and tickets."""
    understanding: LlmUnderstanding | None = None
    """The optional LLM engine (None: every store reads offline, the default)."""

    async def read_message(self, store_id: str, text: str,
                           context: DialogueContext) -> Classification:
        """The buyer's message read by the store's engine: the LLM when the settings and the
        store's `llm.understanding` enable it, else the offline classifier."""
        llm = self.understanding.for_store(store_id) if self.understanding else None
        if llm is not None:
            return await llm.aclassify(text, context=context)
        return self.classifier.classify(text, context=context)


def build_services(
    pool: Pool,
    *,
    gateway: PaymentGateway,
    stores: StoreConfigs,
    clock: Clock | None = None,
    classifier: Classifier | None = None,
    crm: CrmClient | None = None,
    understanding: LlmUnderstanding | None = None,
) -> Services:
    """Wires the default implementations over one pool (the CRM on Postgres unless given)."""
    from graphs.sales.nlu.engine import default_classifier
    from tools.crm.postgres import PostgresCrm

    clock = clock or SystemClock()
    return Services(
        pool=pool,
        catalog=PostgresCatalog(pool),
        carts=CartStore(pool, clock),
        classifier=classifier or default_classifier(),
        clock=clock,
        stores=stores,
        gateway=gateway,
        crm=crm or PostgresCrm(pool, clock),
        understanding=understanding,
    )
