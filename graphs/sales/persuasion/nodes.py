"""The strategy nodes: each checks the data behind its claim and writes this turn's block.

A block is `{"strategy", "template", "fields", "options", "turn_id"}` in
`state["persuasion"]["block"]`; `respond` adds it to the reply of the same turn. The
conversation's memory (`used`, `nudges`, `hesitations`, `coupon_offered`, `refused`) lives
beside it, so the nudge limit and the refusal rule hold across turns.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from langgraph.runtime import Runtime

from graphs.sales import actions
from graphs.sales.checkout_totals import pix_discount_honoured
from graphs.sales.context import Context
from graphs.sales.persuasion import builders, facts
from graphs.sales.persuasion.choose import accepts_reminder
from graphs.sales.runtime import context_of, conversation_id_of, services_for
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from tools.experiments.assignment import assign
from tools.orders.customers import coupon_used

Builder = Callable[[SalesState, Services, Context, Any], Awaitable[dict[str, Any] | None]]


class StrategyNode(Protocol):
    """A strategy node as `StateGraph.add_node` takes it: the run's runtime comes by name."""

    def __call__(self, state: SalesState, *, runtime: Runtime[Context]) -> Awaitable[SalesUpdate]:
        ...


def strategy_node(name: str) -> StrategyNode:
    """The node for strategy `name`."""

    async def node(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
        services = await services_for(runtime)
        context = context_of(runtime)
        config = services.stores.get(context.store_id).persuasion
        memory = (state.get("persuasion") or {}).copy()
        memory.pop("block", None)
        if (state.get("classification") or {}).get("intent") == "objection":
            memory["hesitations"] = int(memory.get("hesitations") or 0) + 1
        accepting_reminder = accepts_reminder(state)
        if not accepting_reminder and (
                not config.enabled(name) or int(memory.get("nudges") or 0) >= config.max_nudges):
            return {"persuasion": memory}
        variant = await _variant(name, state, services, context, config)
        if variant == "off":
            return {"persuasion": memory}
        block = await _BUILDERS[name](state, services, context, config)
        strategy = name
        if block is None and (other := _FALLBACK.get(name)) and config.enabled(other):
            # A trust doubt with no sales to quote may still have specs to point to.
            strategy, block = other, await _BUILDERS[other](state, services, context, config)
        if block is None:
            return {"persuasion": memory}
        if not accepting_reminder:
            memory["nudges"] = int(memory.get("nudges") or 0) + 1
            memory["used"] = [*(memory.get("used") or []), strategy]
        if strategy == "reciprocity":
            memory["coupon_offered"] = True
        template = f"persuasion_{strategy}" + (
            f"_{variant}" if variant not in (None, "control", "on") else "")
        memory["block"] = {"strategy": strategy, "template": block.pop("template", template),
                           "options": block.pop("options", []), "fields": block,
                           "turn_id": state["turn_id"], "variant": variant,
                           "tone": config.tone}
        update: SalesUpdate = {"persuasion": memory}
        offers_reminder = any(o["id"] == actions.remind()
                              for o in memory["block"]["options"])
        if name == "recap" and not accepting_reminder and offers_reminder:
            update["pending_question"] = "confirm_reminder"
        elif accepting_reminder:
            update["pending_question"] = None
        return update

    node.__name__ = name
    return node


async def _variant(name: str, state: SalesState, services: Services, context: Context,
                   config: Any) -> str | None:
    """The buyer's variant when an experiment tests this strategy; the exposure is recorded
    once per turn."""
    experiment = config.experiment_for(name)
    if experiment is None:
        return None
    variant = assign(experiment.id, experiment.variants, context.buyer_id)
    conv_id = await conversation_id_of(context, services)
    async with services.pool.connection() as conn:
        await conn.execute(
            "INSERT INTO conversation_events (store_id, conversation_id, type, data, occurred_at)"
            " SELECT %(store)s, %(conv)s, 'experiment_exposure', %(data)s, %(at)s"
            " WHERE NOT EXISTS (SELECT 1 FROM conversation_events WHERE conversation_id ="
            " %(conv)s AND type = 'experiment_exposure' AND data->>'turn_id' = %(turn)s"
            " AND data->>'experiment' = %(exp)s)",
            {"store": context.store_id, "conv": conv_id, "at": services.clock.now(),
             "turn": state["turn_id"], "exp": experiment.id,
             "data": json.dumps({"experiment": experiment.id, "variant": variant,
                                 "strategy": name, "turn_id": state["turn_id"],
                                 "position": str(experiment.variants.index(variant))})})
    return variant


async def _anchoring(state, services, context, config):  # noqa: ANN001, ANN202
    store = services.stores.get(context.store_id)
    return builders.anchoring(config, builders.amount_in_question(state),
                              pix_honoured=pix_discount_honoured(store))


async def _reciprocity(state, services, context, config):  # noqa: ANN001, ANN202
    block = builders.reciprocity(config, builders.amount_in_question(state))
    if block is None:
        return None
    async with services.pool.connection() as conn:
        if await coupon_used(conn, store_id=context.store_id, buyer_id=context.buyer_id,
                             code=block["code"]):
            return None  # once per customer: checkout would refuse it
    block["options"] = [{"id": actions.use_coupon(block["code"]), "label": "use_coupon"}]
    return block


async def _social_proof(state, services, context, config):  # noqa: ANN001, ANN202
    sku, _ = builders.focus(state)
    product = sku and await services.catalog.get(context.store_id, sku)
    if not product:
        return None
    async with services.pool.connection() as conn:
        units = await facts.units_sold(conn, context.store_id, product.sku, services.clock.now())
    if units < config.social_proof_min_sales:
        return None
    return {"name": product.name, "units": units, "days": 30}


async def _authority(state, services, context, config):  # noqa: ANN001, ANN202
    sku, _ = builders.focus(state)
    product = sku and await services.catalog.get(context.store_id, sku)
    return builders.authority(dict(product.attributes), product.name) if product else None


async def _scarcity(state, services, context, config):  # noqa: ANN001, ANN202
    sku, _ = builders.focus(state)
    if sku is None:
        return None
    async with services.pool.connection() as conn:
        units = await facts.units_available(conn, context.store_id, sku, services.clock.now())
    if units is None or not 0 < units <= config.low_stock_threshold:
        return None
    product = await services.catalog.get(context.store_id, sku)
    name = product.name if product else sku
    variant = _variant_of(state, sku, product)
    if variant:  # the units counted are this size/colour's, not the whole product's
        return {"template": "persuasion_scarcity_variant", "name": name, "variant": variant,
                "units": units}
    return {"name": name, "units": units}


def _variant_of(state: SalesState, sku: str, product: Any) -> str:
    """The words of the variant `sku` is ("38 rosa"), or "" when it is a whole product."""
    outcome = state.get("outcome") or {}
    if outcome.get("kind") == "added" and outcome["line"]["sku"] == sku:
        return builders.variant_words(outcome["line"].get("variant"))
    for variant in getattr(product, "variants", None) or []:
        if getattr(variant, "sku", None) == sku:
            return builders.variant_words(dict(getattr(variant, "attributes", {}) or {}))
    return ""


async def _consultative(state, services, context, config):  # noqa: ANN001, ANN202
    return {"tone": config.tone}


async def _aida(state, services, context, config):  # noqa: ANN001, ANN202
    async with services.pool.connection() as conn:
        top = await facts.best_seller(conn, context.store_id, services.clock.now())
    if top is None:
        return None
    product = await services.catalog.get(context.store_id, top["sku"])
    if product is None or not product.in_stock:
        return None
    if int(top["units"]) < config.social_proof_min_sales:
        return None  # "the best seller" on a sale or two is not a fact worth stating
    return {"name": product.name, "units": int(top["units"]), "days": 30,
            "options": [{"id": actions.show(product.sku), "title": product.name}]}


async def _recap(state, services, context, config):  # noqa: ANN001, ANN202
    conv_id = await conversation_id_of(context, services)
    cart = await services.carts.open_cart(conv_id)
    if accepts_reminder(state):
        if cart is None or not cart.lines:
            # The one reminder there is (the abandoned-cart job) needs items in the cart.
            return {"template": "persuasion_reminder_unavailable"}
        async with services.pool.connection() as conn:
            # The abandoned-cart reminder is the one reminder this buyer gets.
            await conn.execute(
                "UPDATE carts SET reminders_declined = false, reminded_at = NULL,"
                " updated_at = %s WHERE conversation_id = %s AND status = 'open'",
                (services.clock.now(), conv_id))
        return {"template": "persuasion_reminder_set"}
    if cart is not None and cart.lines:
        return {"items": cart.item_count, "subtotal": str(cart.subtotal),
                "options": [{"id": actions.remind(), "label": "remind_later"}]}
    sku, price = builders.focus(state)
    product = sku and await services.catalog.get(context.store_id, sku)
    if not product:
        return None
    # No cart, no reminder to offer: the recap only says where things stand.
    return {"name": product.name, "price": str(price or product.price)}


# When a strategy's data is missing, the one that answers the same doubt differently.
_FALLBACK = {"social_proof": "authority", "authority": "social_proof"}

_BUILDERS: dict[str, Builder] = {
    "anchoring": _anchoring, "reciprocity": _reciprocity, "social_proof": _social_proof,
    "authority": _authority, "scarcity": _scarcity, "consultative": _consultative,
    "aida": _aida, "recap": _recap,
}
