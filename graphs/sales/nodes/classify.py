"""`classify`: reads the turn's messages into a classification, or decodes a tap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langgraph.runtime import Runtime

from graphs.sales import actions
from graphs.sales.aftersale.own_orders import about_own_order, asks_where_own_order_is
from graphs.sales.basket.reading import basket_tapped, read_basket_turn
from graphs.sales.basket_types import NeedData
from graphs.sales.budgets import read_as_search, with_budget_said_before
from graphs.sales.catalog_hint import names_a_product, should_check
from graphs.sales.checkout_flow import (
    summary_waiting,
)
from graphs.sales.context import Context
from graphs.sales.inbound import read_turn
from graphs.sales.misread import read_again
from graphs.sales.nlu.offline import LONGEST_TEXT
from graphs.sales.nlu.sentiment import detect_sentiment
from graphs.sales.nlu.types import Classification, DialogueContext
from graphs.sales.persuasion.memory import after_buyer_turn
from graphs.sales.quantity_change import count_said
from graphs.sales.resolve import Catalog as ResolverCatalog
from graphs.sales.resolve import Seen, decide, resolve, worth_resolving
from graphs.sales.runtime import context_of, services_for
from graphs.sales.signals import next_signals
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import (
    Action,
    ClassificationData,
    ItemRequest,
    ReplyPartData,
    RestOfTurn,
)
from graphs.sales.summaries import lines_of
from graphs.sales.taking import what_is_taken
from graphs.sales.two_asks import ANSWERED_FIRST, only_acknowledges, split_asks
from graphs.sales.variant_offers import one_item_offered, options_said
from graphs.sales.variant_swap import asks_change, options_as_entities, second_thought
from graphs.sales.withdrawal import after_withdrawal, only_withdrawn, withdrawal_of

# Kinds that carry no words to understand; the buyer is told what we can read.
_WORDLESS = {"image", "audio", "video", "document", "sticker", "location", "contacts"}


async def classify(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Sets `classification`, `action` and `lang` for this turn and records the buyer's words."""
    turn = read_turn(state)
    text = turn.text
    lang = state.get("lang") or "pt"
    action: Action = {}
    requests: list[ItemRequest] = []
    needs: list[NeedData] = []
    # The second pass of a message with two asks reads the ask left for it (two_asks.py).
    left = state.get("rest")
    second = bool(left and left["turn_id"] == state.get("turn_id"))
    reading, rest = "", None
    # A request for a person taken back ("ah deixa, vc msm resolve"): graphs/sales/withdrawal.py
    withdrawal = None if second else withdrawal_of(state, turn)

    payment, handback, tap, order_items = turn.payment, turn.handback, turn.tap, turn.order_items
    if second:
        payment = handback = tap = order_items = None
    if payment is not None:
        action = {"payment": payment}
        classification = Classification(intent="other", confidence=1.0, lang=lang)
    elif handback is not None:
        action = {"handoff": handback}
        classification = Classification(intent="other", confidence=1.0, lang=lang)
    elif tap is not None and (decoded := actions.decode(tap)) is not None:
        action = decoded
        classification = Classification(intent=decoded["intent"], confidence=1.0, lang=lang)
        if decoded.get("basket"):
            requests = basket_tapped(state)
    elif order_items is not None:
        action = {"intent": "add_to_cart", "order_items": order_items}
        classification = Classification(intent="add_to_cart", confidence=1.0, lang=lang)
    elif withdrawal is not None and not withdrawal.rest:
        action = {"withdrawn": True}
        classification = only_withdrawn(state, text)
    elif not text:
        kinds = sorted(turn.kinds)
        # A reaction or a system notice needs no answer; anything else gets an honest one.
        silent = set(kinds) <= {"reaction", "system"}
        action = {"silent": True} if silent else {"unreadable": kinds}
        classification = Classification(intent="other", confidence=1.0, lang=lang)
    else:
        services = await services_for(runtime)
        dialogue = DialogueContext(
            pending_question=state.get("pending_question"),
            last_list_size=len(state.get("shown") or []),
            last_lang=state.get("lang"),  # None until the conversation has one
        )
        # Understanding reads a bounded text (as `Turn.text` already is, graphs/sales/inbound.py):
        # reading a pasted wall of text word by word costs CPU that other buyers wait for.
        read = left["text"] if second and left else (
            withdrawal.rest if withdrawal else text)[:LONGEST_TEXT]
        understood = None
        if not second and (split := split_asks(read)) is not None:
            understood = await _understand(split[0], state, services, runtime, dialogue)
            if understood[0].intent in ANSWERED_FIRST and (understood[1] or (
                    understood[0].intent == "provide_info"
                    and (state.get("cart") or {}).get("skus"))) or (
                    understood[0].intent == "affirm" and (one_item_offered(state) and (
                        not only_acknowledges(split[0])
                        or state.get("pending_question") == "confirm_add") or (
                        state.get("pending_question") == "confirm_checkout"
                        and summary_waiting(state.get("checkout") or {})))):
                # ("yes pls. can I pick it up at your shop?": the offer taken, then answered;
                # "confirmo. qual a chave pix?": the order placed, then answered; "cool. is
                # there a size guide?" to a product found, not asked about: no yes, a question)
                read, rest = split[0], RestOfTurn(turn_id=state["turn_id"], text=split[1])
            else:
                understood = None  # one ask after all: the whole message is read
        classification, requests, needs = understood or await _understand(
            read, state, services, runtime, dialogue)
        if rest is not None or second:
            reading = read
        if turn.kinds & _WORDLESS and not second:
            action = {"also_unreadable": sorted(turn.kinds & _WORDLESS)}

    update: SalesUpdate = {
        "classification": _data(classification),
        "action": action,
        "lang": classification.lang,
        "outcome": {},
        "suggestions": [],
        "requests": requests,
        "needs": needs,
        "messages": [{"role": "buyer", "text": text}] if text and not second else [],
        "reading": reading,
        "rest": rest,
        "preface": _answered_before(state) if second else [],
    }
    if withdrawal is not None:
        update.update(after_withdrawal(withdrawal, reading))
    if second and (memory := state.get("persuasion")) and "block" in memory:
        # The first answer carried this turn's nudge; the second does not repeat it.
        update["persuasion"] = {k: v for k, v in memory.items() if k != "block"}  # type: ignore[typeddict-item]
    if payment is None and handback is None and not action.get("silent") and not second:
        # Only the buyer's own turns move the trouble counters, not events.
        update["signals"] = next_signals(
            state.get("signals"), intent=classification.intent,
            sentiment=classification.sentiment,
            understood=classification.intent != "other" or not text or bool(action),
            pending_question=state.get("pending_question"),
        )
        update["persuasion"] = after_buyer_turn(state.get("persuasion"), classification.intent)
    return update


async def _understand(
    text: str, state: SalesState, services: Any, runtime: Runtime[Context],
    dialogue: DialogueContext,
) -> tuple[Classification, list[ItemRequest], list[NeedData]]:
    """The classification of the words, the items they ask for and the needs they list."""
    store_id = context_of(runtime).store_id
    classification = await services.read_message(store_id, text, dialogue)
    classification, requests = await _in_context(
        classification, text, state, services.catalog, store_id)
    if not requests:
        classification = with_budget_said_before(
            read_as_search(classification, state, text), state, text)
    needs: list[NeedData] = []
    if not (classification.intent == "product_question" and requests):
        # (a question about one item named, "a faca é inox msm?", is no list of needs)
        classification, requests, needs = await read_basket_turn(
            classification, text, state, requests, services.catalog, store_id)
    if await asks_where_own_order_is(classification.intent, text, services, runtime):
        # "hey did the pan set leave yet" with the pans ordered: that order's status
        classification = classification.model_copy(update={"intent": "order_status",
                                                           "confidence": 0.6})
        requests, needs = [], []
    if not requests and not needs and \
            should_check(_data(classification), state.get("pending_question")) and \
            await names_a_product(services.catalog, store_id, text) and \
            not await about_own_order(classification.intent, text, services, runtime):
        # ("o pedido das toalhas ja ta pronto?" with the towels ordered: that order's status)
        classification = classification.model_copy(update={"intent": "search_product"})
    classification, requests = await read_again(
        classification, text, state, requests, needs, services.catalog, store_id)
    classification, requests = await what_is_taken(
        classification, text, state, requests, needs, services.catalog, store_id)
    return classification, requests, needs


def _answered_before(state: SalesState) -> list[ReplyPartData]:
    """The answers given so far this turn, the first pass's reply last."""
    reply = state.get("reply")
    if not reply:
        return []
    # (the first pass's own earlier parts are in its reply: respond clears `preface`)
    earlier = [ReplyPartData(template=part["template"], fields=part["fields"])
               for part in reply.get("preface") or []]
    earlier.append(ReplyPartData(template=reply["template"], fields=reply["fields"]))
    return earlier


async def _in_context(
    classification: Classification, text: str, state: SalesState, catalog: Any, store_id: str
) -> tuple[Classification, list[ItemRequest]]:
    """The items the message asks for, read against what the buyer has seen and the catalog,
    and the intent in their light (product words are not a complaint, a cart view or a no)."""
    pending_question = state.get("pending_question")
    cart_skus = (state.get("cart") or {}).get("skus") or []
    if not worth_resolving(classification.intent, pending_question):
        if cart_skus and classification.intent == "deny" and asks_change(text):
            # "wait, make it medium not large" at the summary: a change, not a no
            return await _corrected_option(classification, text, cart_skus[-1], catalog,
                                           store_id), []
        return classification, []
    pending = state.get("pending") or {}
    seen = Seen(
        suggestions=state.get("suggestions") or [], shown=state.get("shown") or [],
        cart_skus=(state.get("cart") or {}).get("skus") or [],
        choosing=pending.get("product_sku") if pending_question == "choose_product" else None,
        listed=state.get("listed") or [],
    )
    resolution = await resolve(text, seen, ResolverCatalog(catalog, store_id))
    said_intent = classification.intent
    if said_intent == "remove_from_cart" and not cart_skus and resolution.buy_cue and \
            resolution.requests and not resolution.other_business:
        # "o squeeze e o kit de meias, da menos de 100 os dois ne? manda os 2" with nothing in
        # the cart: nothing to take out ("menos" was the budget); the items named, asked for
        said_intent = "add_to_cart"
    intent, requests = decide(said_intent, resolution, pending_question)
    if intent == "product_question" and not requests and \
            (in_cart := _cart_line_asked_about(resolution.requests, seen.cart_skus)):
        # "does the dress have pockets?" at the summary: the dress in the order, not a
        # search among the store's dresses
        requests = [in_cart]
    if not requests and seen.cart_skus and (second_thought(text) or asks_change(text)) and \
            intent != "remove_from_cart":  # ("pensando bem tira o preto": a removal)
        corrected = await _corrected_option(classification, text, seen.cart_skus[-1],
                                            catalog, store_id)
        if corrected is not classification:
            return corrected, []
    if intent != classification.intent:
        classification = classification.model_copy(update={
            "intent": intent,
            "confidence": 0.9 if intent == "add_to_cart" else 0.6,
            "sentiment": detect_sentiment(text, intent),
        })
    return classification, requests


def _cart_line_asked_about(found: list[ItemRequest], cart_skus: Sequence[str]
                           ) -> ItemRequest | None:
    """The one product of the cart that a question's words may name ("the dress" of three
    dresses, one of them in the cart), as the request it is about; None otherwise."""
    skus = {c["sku"] for r in found for c in r.get("candidates") or []} | {
        r["sku"] for r in found if r.get("sku")}
    in_cart = [sku for sku in skus if lines_of(sku, cart_skus)]
    return {"said": found[0].get("said", ""), "sku": in_cart[0]} if len(in_cart) == 1 else None


async def _corrected_option(classification: Classification, text: str, last_sku: str,
                            catalog: Any, store_id: str) -> Classification:
    """"errei, é 42" after adding the 41: the option named, read against the item just put
    in the cart, so the change of variant takes it (variant_swap.py)."""
    entities = dict(classification.entities)
    product = await catalog.get(store_id, last_sku)
    said = options_as_entities(options_said(text, product)) if product is not None else {}
    if (entities.get("size") or entities.get("color")) and not said:
        return classification  # an option the item in the cart is not sold in
    if not said and count_said(text):
        # "ops, quis dizer 2": the units of that item (quantity_change.py), no complaint
        return classification.model_copy(update={
            "intent": "add_to_cart", "confidence": 0.6, "sentiment": "neutral"})
    if not said:
        return classification
    # (a cart change, whatever the classifier made of "ops": never a complaint for a person)
    return classification.model_copy(update={
        "entities": said | entities, "intent": "add_to_cart", "confidence": 0.6,
        "sentiment": "neutral"})


def _data(classification: Classification) -> ClassificationData:
    """The classification as the state keeps it (its dump)."""
    return ClassificationData(
        intent=classification.intent, confidence=classification.confidence,
        entities=dict(classification.entities), sentiment=classification.sentiment,
        lang=classification.lang,
    )
