"""Whether a message speaks of the buyer's own order: an order word, or a product of one of
their orders, said with what they ask of it.

The classifier may be unsure of "o pedido das toalhas ja ta pronto?" or "queria cancelar,
ganhei um jogo igual de presente", and a product named makes an unsure message a search
(catalog_hint.py); "hey did the pan set leave yet" may come out as a greeting. When the buyer
has an order and the words name it, or a product in it, the message is about that order:
its status, its cancel, its return.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from graphs.sales.aftersale.orders import buyer_orders
from graphs.sales.aftersale.words import asks_where_it_is, names_an_order
from graphs.sales.catalog_hint import shares_a_word
from graphs.sales.context import Context
from graphs.sales.runtime import context_of, conversation_id_for
from graphs.sales.services import Services
from tools.catalog.text import fold

AFTERSALE_INTENTS = frozenset({"order_status", "cancel_order", "return_exchange"})
"""The intents that ask something of an order already placed."""

# What "did the pan set leave yet" about a product bought is misread as (not a complaint:
# "ainda nao chegou!!" is one, for a person).
_STATUS_MISREAD = frozenset({"greeting", "other", "search_product", "product_question",
                             "shipping_question", "objection", "browse_catalog"})


async def about_own_order(intent: str, text: str, services: Services,
                          runtime: Runtime[Context]) -> bool:
    """An after-sale intent whose words name an order, or a product of one of the buyer's
    orders, while the buyer has one."""
    if intent not in AFTERSALE_INTENTS:
        return False
    names = await _ordered_products(services, runtime)
    if names is None:
        return False
    if names_an_order(fold(text)):
        return True  # "o pedido das toalhas ...": an order, whichever of theirs
    return any(shares_a_word(text, name) for name in names)


async def asks_where_own_order_is(intent: str, text: str, services: Services,
                                  runtime: Runtime[Context]) -> bool:
    """ "hey did the pan set leave yet", "a caneca q comprei ja ta separada?": where a
    product of the buyer's orders is, whatever else the classifier made of it."""
    if intent not in _STATUS_MISREAD or not asks_where_it_is(fold(text)):
        return False
    names = await _ordered_products(services, runtime)
    return any(shares_a_word(text, name) for name in names or ())


async def _ordered_products(services: Services, runtime: Runtime[Context]) -> set[str] | None:
    """The names of the products in the buyer's orders not cancelled; None with no order."""
    conv_id = await conversation_id_for(runtime, services)
    async with services.pool.connection() as conn:
        orders = await buyer_orders(conn, context_of(runtime).store_id, conv_id)
    if not orders:
        return None
    return {line.name for order in orders if order.status != "cancelled"
            for line in order.lines}
