"""`classify`: reads the turn's messages into a classification, or decodes a tap."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langgraph.runtime import Runtime

from graphs.sales import actions
from graphs.sales.aftersale.own_orders import about_own_order, asks_where_own_order_is
from graphs.sales.basket.reading import basket_tapped, read_basket_turn
from graphs.sales.basket_types import NeedData
from graphs.sales.catalog_hint import names_a_product, should_check
from graphs.sales.cheaper import asks_cheaper
from graphs.sales.checkout_flow import (
    closes_now,
    closes_with_details,
    gives_own_details,
    summary_waiting,
    takes_it_all,
)
from graphs.sales.context import Context
from graphs.sales.inbound import read_turn
from graphs.sales.nlu.offline import LONGEST_TEXT
from graphs.sales.nlu.sentiment import detect_sentiment
from graphs.sales.nlu.types import Classification, DialogueContext
from graphs.sales.persuasion.memory import after_buyer_turn
from graphs.sales.product_answers import topics_in
from graphs.sales.product_questions import last_bot_template, points_back_at_it
from graphs.sales.quantity_change import count_said, counted_words
from graphs.sales.resolve import Catalog as ResolverCatalog
from graphs.sales.resolve import Seen, decide, resolve, worth_resolving
from graphs.sales.resolve.words import BUY_CUES, FILLERS, NUMBER_WORDS, REMOVE_WORDS
from graphs.sales.runtime import context_of, services_for
from graphs.sales.searched_one import taken_from_the_list
from graphs.sales.signals import next_signals
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import (
    Action,
    ClassificationData,
    ItemRequest,
    ReplyPartData,
    RestOfTurn,
)
from graphs.sales.store_questions import unsure_complaint_asks_about_store
from graphs.sales.two_asks import ANSWERED_FIRST, split_asks
from graphs.sales.variant_offers import one_item_offered, options_said
from graphs.sales.variant_swap import asks_change, options_as_entities, second_thought
from tools.catalog.text import fold

# An item taken back in words the classifier reads as a search: "nvm the bottle", "esquece a
# vela", "nao quero mais o bone".
_TAKEN_BACK = re.compile(r"\b(?:nvm|never ?mind|forget(?: about)?|esquece|dispensa|deixa pra la|"
                         r"nao quero mais|n quero mais|dont want|don t want)\s+(?:the|o|a|os|as)"
                         r"\s+\w{3,}")
# A message that starts by taking something out ("pensando bem tira o segundo"); "retira"
# is left out ("retira na loja" is a pickup), and so is "cancela" (an order's own intent).
_TAKE_OUT_FIRST = re.compile(
    r"^\W*(?:(?:ah|ahh|pera|ops|opa|ok|blz|hmm|putz|xi|na verdade|pensando bem|actually|oh|"
    r"wait)\W+)*(?:" + "|".join(sorted(w for w in REMOVE_WORDS if not w.startswith(
        ("retir", "cancel")))) + r"|take out|take off)\b")

# Giving up with nothing named: "hmm esquece, n quero mais", "nvm, forget it", "desisti".
_GIVES_UP = re.compile(
    r"^\W*(?:(?:hmm+|ah+|ahh|ai|ugh|meh|putz|pensando bem|na verdade|ok|okay|actually|oh|sorry|"
    r"desculpa|nah|no|nao|n)\W+)*(?:(?:esquece|esqueca|deixa pra la|deixa quieto|desisti|"
    r"desisto|n quero mais|nao quero mais|nao vou querer|n vou querer|nao vou levar|n vou levar|"
    r"nvm|never ?mind|forget (?:it|about it)|i changed my mind|changed my mind|"
    r"(?:i )?dont want it|(?:i )?don t want it|(?:i )?dont want (?:it )?anymore|"
    r"(?:i )?don t want (?:it )?anymore|(?:i ll|ill) pass)\W*"
    r"(?:(?:about|on|of|with) (?:this|it|that|the order)|(?:dessa|desta|da|do) "
    r"(?:compra|pedido)|this (?:order|purchase))?\W*)+"
    r"(?:(?:obrigad[oa]|valeu|thanks|thank you|sorry|desculpa|mesmo|msm)\W*)*$")

# An answer that takes what was offered: "entao pode ser as duas msm", "ok then, add them".
_ACCEPTS = re.compile(r"^\W*(?:(?:entao|ok|blz|beleza|ah|then|so)\W+)*(?:pode ser|pode|sim|quero"
                      r"|manda|fechado|bora|yes|sure|fine|add them|add it)\b")

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
        read = left["text"] if second and left else text[:LONGEST_TEXT]
        understood = None
        if not second and (split := split_asks(read)) is not None:
            understood = await _understand(split[0], state, services, runtime, dialogue)
            if understood[0].intent in ANSWERED_FIRST and (understood[1] or (
                    understood[0].intent == "provide_info"
                    and (state.get("cart") or {}).get("skus"))) or (
                    understood[0].intent == "affirm" and (one_item_offered(state) or (
                        state.get("pending_question") == "confirm_checkout"
                        and summary_waiting(state.get("checkout") or {})))):
                # ("yes pls. can I pick it up at your shop?": the offer taken, then answered;
                # "confirmo. qual a chave pix?": the order placed, then answered)
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
    if unsure_complaint_asks_about_store(classification.intent,
                                         classification.confidence, text):
        # No complaint to hand over: the store's data answers it (retrieve).
        classification = classification.model_copy(update={"intent": "other"})
    if (state.get("cart") or {}).get("skus") and (
            _TAKEN_BACK.search(fold(text)) or _TAKE_OUT_FIRST.match(fold(text))) and \
            classification.intent not in {"remove_from_cart", "cancel_order"}:
        # "actually nvm the bottle, just found mine at home", "tira o segundo, pensando bem n
        # vou pular corda nao kkk": out of the cart, not a search nor a doubt
        classification = classification.model_copy(update={"intent": "remove_from_cart"})
    if classification.intent in {"search_product", "other", "affirm", "shipping_question",
                                 "complaint"} and not requests \
            and not needs and "?" not in text \
            and (state.get("cart") or {}).get("skus") and gives_own_details(text) and \
            not await names_a_product(services.catalog, store_id, text):
        # "Ryan Walsh" with a cart: the buyer's name, typed before checkout asked for it
        classification = classification.model_copy(update={"intent": "provide_info"})
    if classification.intent in {"view_cart", "affirm", "other"} and not requests and \
            not (state.get("cart") or {}).get("skus") and state.get("shown") and \
            "price" in topics_in(text):
        # "how much is it?", "qto q ta" with a product on screen and nothing in the cart: its
        # price (the one searched for, of a list: product_questions.py)
        classification = classification.model_copy(update={"intent": "product_question"})
    if classification.intent in {"objection", "other", "product_question"} and not requests \
            and not needs and state.get("shown") and asks_cheaper(text):
        # "eita tem mais barato?" with a product in view: cheaper ones of its kind (a search,
        # cheaper.py), not a price objection's nudge
        classification = classification.model_copy(update={"intent": "search_product"})
    if state.get("pending_question") == "confirm_add" and not requests and not needs and \
            classification.intent not in {"affirm", "deny", "add_to_cart", "checkout"} and \
            _ACCEPTS.match(fold(text.rpartition("?")[2])):
        # "ah so tem duas? entao pode ser as duas msm" to "add the two there are?": a yes,
        # after a question that only echoes the offer
        classification = classification.model_copy(update={"intent": "affirm"})
    if classification.intent in {"other", "complaint", "objection", "remove_from_cart"} and \
            not requests and not needs and _GIVES_UP.match(fold(text)):
        # "hmm esquece, n quero mais" at the summary: a no, answered as one (nothing named)
        classification = classification.model_copy(update={"intent": "deny"})
    if classification.intent in _QUESTION_MISREAD and not needs and \
            points_back_at_it(text) and (
                _one_product_in_view(state) or last_bot_template(state) == "added"
                or await _shown_is_one_product(state, services.catalog, store_id)):
        # "and what kind of screen has it got?" after the smartwatch's answer, "consigo
        # carregar o celular com o carregador ligado nela?": about it, not a search for what
        # else the words name
        classification = classification.model_copy(update={"intent": "product_question"})
        requests = []
    if classification.intent == "browse_catalog" and not requests and _one_product_in_view(
            state) and {"color", "size"} & set(topics_in(text)):
        # "what colour options are there btw?" about the trainers just offered: theirs, not
        # the store's categories
        classification = classification.model_copy(update={"intent": "product_question"})
    if classification.intent in _COUNT_MISREAD and not (state.get("cart") or {}).get(
            "skus") and state.get("shown") and _only_a_count(text):
        # "just one please" with nothing in the cart and a list on screen: one of it, not
        # a removal
        classification = classification.model_copy(update={"intent": "add_to_cart"})
    if state.get("pending_question") == "confirm_add" and (state.get("pending") or {}).get(
            "sku") and not requests and not needs and closes_now(text):
        # "bora fechar. Patricia Gomes / cep …" to "add the white M?": yes, and check out
        classification = classification.model_copy(update={"intent": "checkout"})
    if not (state.get("cart") or {}).get("skus") and one_item_offered(state) and \
            not requests and not needs and (closes_now(text) or closes_with_details(text)):
        # "so isso, retiro na loja. Marta Goncalves" with the one product found on screen
        # and nothing in the cart: that product, and checkout with what else was said
        classification = classification.model_copy(update={"intent": "checkout"})
    if classification.intent in _TAKING_MISREAD and not needs and takes_it_all(text) and \
            _only_cart_lines(requests, state) and \
            await _view_is_in_cart(state, services.catalog, store_id):
        # "ta ok vou levar. Bruna Esteves" after the shipping quote of the cart, or "nice,
        # I'll take them. Priya Nair" after the tees went in: the cart, checked out with the
        # name said (not one more of them)
        classification = classification.model_copy(update={"intent": "checkout"})
        requests = []
    if not requests and not needs and (state.get("cart") or {}).get("skus") and \
            (counted := await _cart_line_counted(text, state, services.catalog, store_id)):
        # "actually make it 2 squeezes": the squeeze's line at 2 (quantity_change.py)
        requests = [counted]
    if not requests and not needs and (taken := taken_from_the_list(
            state, text, classification.entities)) is not None:
        # "essa msm. 1 so", "so isso msm, fecha ai" with the search's list on screen: the
        # product searched for (checkout follows a closing: route_after_cart)
        requests = [taken]
        classification = classification.model_copy(update={"intent": "add_to_cart"})
    return classification, requests, needs


async def _cart_line_counted(text: str, state: SalesState, catalog: Any,
                             store_id: str) -> ItemRequest | None:
    """The item a count is set for by name ("make it 2 squeezes"), when it is a product in the
    cart; None otherwise."""
    words = counted_words(text)
    if words is None:
        return None
    cart_skus = (state.get("cart") or {}).get("skus") or []
    found = await resolve(words, Seen(suggestions=[], shown=[], cart_skus=cart_skus, choosing=None),
                          ResolverCatalog(catalog, store_id))
    requests = found.requests
    if len(requests) != 1 or not (sku := requests[0].get("sku")) or not any(
            line == sku or line.startswith(f"{sku}-") for line in cart_skus):
        return None
    return requests[0]


def _only_cart_lines(requests: list[ItemRequest], state: SalesState) -> bool:
    """Whether there is a cart and the items the words point at are its lines as they are
    (no count, no option said: "them" of the tees just added)."""
    cart_skus = (state.get("cart") or {}).get("skus") or []
    return bool(cart_skus) and all(
        (sku := r.get("sku")) and not r.get("quantity") and not r.get("attributes")
        and any(line == sku or line.startswith(f"{sku}-") for line in cart_skus)
        for r in requests)


async def _shown_is_one_product(state: SalesState, catalog: Any, store_id: str) -> bool:
    """Whether what is on screen is one product or its variants (its detail, its options)."""
    shown = (state.get("shown") or [])[:10]
    product = await catalog.get(store_id, shown[0]["sku"]) if shown else None
    return product is not None and all(
        item["sku"] == product.sku or product.variant(item["sku"]) is not None for item in shown)


async def _view_is_in_cart(state: SalesState, catalog: Any, store_id: str) -> bool:
    """Whether every product on screen already has a line in the cart (nothing else is
    offered: "vou levar" takes the cart)."""
    shown = (state.get("shown") or [])[:10]
    cart_skus = (state.get("cart") or {}).get("skus") or []
    in_cart = {p.sku for sku in cart_skus if (p := await catalog.get(store_id, sku))}
    for item in shown:
        product = await catalog.get(store_id, item["sku"])
        if product is None or product.sku not in in_cart:
            return False
    return True


# What "I'll take it" with the cart's products in view is misread as.
_TAKING_MISREAD = frozenset({"add_to_cart", "affirm", "search_product", "other",
                             "provide_info"})


def _one_product_in_view(state: SalesState) -> bool:
    """One product is on screen: offered to add, its options listed, or the one found."""
    pending = state.get("pending") or {}
    shown = state.get("shown") or []
    return bool(one_item_offered(state) or pending.get("product_sku") or len(shown) == 1)


# What a question about the product in view is misread as, when its words name other things.
_QUESTION_MISREAD = frozenset({"search_product", "other", "shipping_question", "objection",
                               "complaint", "browse_catalog"})

# What a bare count ("so uma pfv", "just one please") is taken for with an empty cart.
_COUNT_MISREAD = frozenset({"remove_from_cart", "complaint", "other", "deny", "view_cart"})


def _only_a_count(text: str) -> bool:
    """ "just one please", "só 2": a number of units and courtesy words, nothing else."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    counts = [w for w in words if w.isdigit() and 0 < int(w) <= 20 or w in NUMBER_WORDS]
    return bool(counts) and all(w in counts or w in FILLERS or w in BUY_CUES
                                or w in {"just", "only", "so"} for w in words)


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
    )
    resolution = await resolve(text, seen, ResolverCatalog(catalog, store_id))
    intent, requests = decide(classification.intent, resolution, pending_question)
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
    in_cart = [sku for sku in skus
               if any(line == sku or line.startswith(f"{sku}-") for line in cart_skus)]
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
