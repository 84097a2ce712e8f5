"""`retrieve`: finds products for a search, a browse or a question about one product, and
answers questions about the store from its own data (`store_questions`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from langgraph.runtime import Runtime

from graphs.sales.basket.propose import propose_basket
from graphs.sales.budgets import budget, last_request_words, refines_last_search
from graphs.sales.catalog_hint import named_hits
from graphs.sales.cheaper import asks_cheapest, cheaper_alternatives
from graphs.sales.context import Context
from graphs.sales.inbound import turn_text
from graphs.sales.interests import liking, names_a_gift
from graphs.sales.outcomes import Outcome, ProductDetail
from graphs.sales.product_answers import topics_in
from graphs.sales.product_questions import answer_product_question, wants_product_answer
from graphs.sales.runtime import context_of, services_for
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.state_types import ShownItem
from graphs.sales.store_questions import (
    answer_store_question,
    asks_about_store_too,
    asks_shipping_to_a_cep,
    cep_kept,
    is_store_question,
    shopping_words,
    store_answer_text,
)
from graphs.sales.summaries import (
    available_variants,
    hit_summary,
    product_summary,
    sku_at_position,
)
from tools.catalog.models import ProductHit
from tools.catalog.request import search_request
from tools.catalog.terms import alternatives_of, query_words
from tools.catalog.text import fold

SEARCH_LIMIT = 5


async def retrieve(state: SalesState, runtime: Runtime[Context]) -> SalesUpdate:
    """Sets `outcome` (results, a product's detail or the catalog overview) and `shown`."""
    services = await services_for(runtime)
    store_id = context_of(runtime).store_id
    classification = state.get("classification") or {}
    entities = classification.get("entities") or {}
    action = state.get("action") or {}
    intent = action.get("intent") or classification.get("intent")

    if state.get("needs"):
        return propose_basket(state, services, store_id)
    if not action and (cheaper := await cheaper_alternatives(state, services, store_id)):
        return cheaper  # "tem mais barato?": the same kind, for less

    refined = refines_last_search(state)
    if refined:
        # A budget (or who it is for) adds to the buyer's last request: it runs again with it.
        earlier = last_request_words(state) or ""
        before = dict(services.classifier.classify(earlier).entities)
        before = {k: v for k, v in before.items() if k not in ("price_min", "price_max")}
        entities = {**before, **budget(state)}
        action = {"query": str(before.get("product") or earlier)}
        intent = "search_product"

    if not refined and not action and is_store_question(state):
        return await answer_store_question(state, context_of(runtime), services)

    if not refined and wants_product_answer(state) and (
            answered := await answer_product_question(state, services, store_id)) is not None:
        if (kept := cep_kept(state)) is not None:
            answered["checkout"] = kept  # "... with shipping to 04552-000?": not asked again
        if asks_shipping_to_a_cep(state) and answered.get("outcome", {}).get(
                "kind") == "product_answer" and (
                    shipping := await store_answer_text(state, context_of(runtime), services)):
            answered["outcome"]["answer"] = shipping  # (the prices to that CEP, with it)
        return answered  # from the catalog data of the product in view (or the two compared)

    if intent == "product_question":
        shown = state.get("shown") or []
        asked = state.get("requests") or []
        sku = action.get("sku") or sku_at_position(shown, entities.get("ordinal")) or (
            asked[0].get("sku") if len(asked) == 1 else None)  # "the floral one": seen
        if sku and (product := await services.catalog.get(store_id, sku)) is not None:
            options = available_variants(product) if product.variants else []
            return {
                "outcome": {
                    "kind": "product_detail",
                    "product": ProductDetail(
                        **product_summary(product),
                        description=product.description,
                        image_url=product.image_url,
                        stock=product.stock,
                    ),
                    "variants": options,
                },
                "shown": options or [product_summary(product)],
                "pending_question": "choose_product",
                "pending": {},
            }

    if intent == "browse_catalog":
        categories = await services.catalog.categories(store_id)
        return {
            "outcome": {
                "kind": "catalog_overview",
                "categories": [{"name": name, "count": count} for name, count in categories],
            },
            "pending_question": None,
            "pending": {},
        }

    cut = None if action.get("query") or entities.get("product") else shopping_words(state)
    query = action.get("query") or entities.get("product") or cut or _words(state)
    # A tapped search (`search:<category>`) is a fresh search; words may point back at the
    # list shown last ("the blue one in 42").
    shown_skus = [] if action.get("query") else [item["sku"] for item in state.get("shown") or []]
    hits = await _search(services.catalog, store_id, query, entities, shown_skus)
    if not hits and cut:
        # The part cut out as the request found nothing ("ate 250" from "quero dar um
        # presente pro meu namorado, ele curte tecnologia. ate 250"): the whole message may.
        hits = await _search(services.catalog, store_id, _words(state), entities, [])
    if not hits and (liked := liking(_words(state))):
        # "meu marido e doido por tecnologia, tem algo ate 200?": what he likes
        query = liked
        hits = await _search(services.catalog, store_id, liked, entities, [])
    items = [hit_summary(hit) for hit in hits]
    if len(items) > 1 and asks_cheapest(_words(state)) and (of_kind := _of_the_kind(items, query)):
        # "qual a camiseta mais barata q vcs tem": that one (then "tem preta M?" is about it),
        # among the products whose name says the kind asked for
        items = [min(of_kind, key=lambda item: Decimal(item["price"] or "Infinity"))]
    answer = (await store_answer_text(state, context_of(runtime), services)
              if not action and asks_about_store_too(state) else None)
    outcome: Outcome = ({"kind": "search_results", "query": query, "items": items} if items
                        else {"kind": "no_results", "query": query})
    kept = cep_kept(state) if answer else None  # (the CEP asked about: checkout keeps it)
    if answer:
        outcome["answer"] = answer
    if not items and names_a_gift(_words(state)) and (not answer or "?" not in _words(state)):
        # "niver da minha sogra semana q vem, queria gastar uns 120": a gift, of no kind yet;
        # the store's categories to pick from, not "found nothing like it" (the budget holds
        # for the search that follows, budgets.with_budget_said_before); "niver do meu pai
        # domingo" asks nothing about Sunday's hours
        categories = await services.catalog.categories(store_id)
        return {"outcome": {"kind": "catalog_overview", "categories": [
                    {"name": name, "count": count} for name, count in categories]},
                "shown": [], "pending_question": None, "pending": {}}
    if not items:
        return {"outcome": outcome, "shown": [], **({"checkout": kept} if kept else {})}
    named = _the_one_named(items, query.partition("?")[0])
    if named is not None and not answer and (topic := _topic_asked(state)):
        # "do u have yoga mats? what colours", "tem bolsa tiracolo? tem em quais cores?": the
        # one found (or the one whose name has every word searched), and its colours
        found_one = cast(SalesState, {**state, "shown": [named], "requests": [],
                                      "reading": topic})
        if (answered := await answer_product_question(found_one, services, store_id)):
            return answered
    update: SalesUpdate = {
        "outcome": outcome,
        "shown": items,
        "pending_question": "choose_product",
        "pending": {},
    }
    if kept is not None:
        update["checkout"] = kept
    return update


async def _search(catalog: Any, store_id: str, query: str, entities: dict[str, Any],
                  shown_skus: list[str]) -> list[ProductHit]:
    """The hits for the words and filters: among the products shown when the words point
    back at them, else in the whole catalog, else for the longer words one by one."""
    request = search_request(query, entities, shown_skus=shown_skus)
    hits = await catalog.search(store_id, request.query, limit=SEARCH_LIMIT, **request.kwargs())
    if not hits and request.skus is not None:
        # Nothing shown fits: search the whole catalog for the words and filters.
        request = search_request(query, entities)
        hits = await catalog.search(store_id, request.query, limit=SEARCH_LIMIT,
                                    **request.kwargs())
    if not hits and not request.skus:
        # "preciso de um presente pro amigo secreto": its words, one by one
        hits = await named_hits(catalog, store_id, request.query, whole=False,
                                limit=SEARCH_LIMIT, **request.kwargs())
    return hits


def _the_one_named(items: list[ShownItem], query: str) -> ShownItem | None:
    """The one product found, or the one whose name has every word of the search."""
    if len(items) == 1:
        return items[0]
    words = [w for w in query_words(query) if len(w) > 2]
    named = [item for item in items
             if words and all(w in fold(item["name"]).split() for w in words)]
    return named[0] if len(named) == 1 else None


def _of_the_kind(items: list[ShownItem], query: str) -> list[ShownItem]:
    """The items whose name has a word of the search, or one of its synonyms ("bag": bolsa,
    mochila)."""
    said = {alt for word in query_words(query) for alt in alternatives_of(word)}
    return [item for item in items if said & set(fold(item["name"]).split())]


def _topic_asked(state: SalesState) -> str | None:
    """The words after the search's question that ask something a product's data answers (a
    colour, a size, the battery): "do u have yoga mats? what colours" -> "what colours"."""
    searched, mark, asked = turn_text(state).partition("?")
    asked = asked.strip(" ?")
    topics = topics_in(asked) if mark and asked else []
    return asked if topics and "price" not in topics else None


def _words(state: SalesState) -> str:
    """The words this pass searches for: with two asks in a message, its own part only
    ("the face one spf 50 yes. also got a beach bag?": the bag)."""
    if state.get("reading"):
        return turn_text(state)
    messages = state.get("messages") or []
    return next((m["text"] for m in reversed(messages) if m.get("role") == "buyer"), "")
