"""Which product a question is about, and its answer from the catalog (`product_answers`).

A question is about the product in view: the one named in it, the one at a position of the
last list, the one whose option is being chosen, the only product of the last list (or its
variants), or the item just added. A comparison ("qual a diferença entre o 1 e o 2?", "qual
vc recomenda entre os dois?") is about two: those named, those at the positions said, or
the first two of the last list. With no product in view, `retrieve` searches as before.
"""

from __future__ import annotations

import re
from typing import Any

from graphs.sales.inbound import turn_text
from graphs.sales.product_answers import (
    ASKS_FOR_PRODUCTS,
    OPTION_ASK_WORDS,
    TOPIC_WORDS,
    about_product,
    answer,
    asks_comparison,
    content_words,
    topics_in,
)
from graphs.sales.product_comparison import compare
from graphs.sales.resolve.variants import narrow
from graphs.sales.resolve.words import POINTING
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from graphs.sales.summaries import available_variants, product_summary, sku_at_position
from graphs.sales.two_asks import split_asks
from graphs.sales.variant_offers import options_said, the_variant_asked
from tools.catalog.glossary import translations
from tools.catalog.models import Product
from tools.catalog.text import fold
from tools.catalog.vocabulary import COLORS, FILLER, SIZES, SYNONYMS

_POSITIONS = re.compile(r"(?<![\d.,])\b(\d)\b(?![\d.,])")
_ORDINALS = {"primeiro": 1, "primeira": 1, "segundo": 2, "segunda": 2, "terceiro": 3,
             "terceira": 3, "quarto": 4, "quarta": 4, "first": 1, "1st": 1, "second": 2,
             "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_THE_TWO = re.compile(r"\b(?:os dois|as duas|dos dois|das duas|esses dois|essas duas|the two"
                      r"|both|these two|those two)\b")
_ALTERNATIVES = re.compile(r"\b(?:e|ou|and|or|entre|between|vs|versus|pro|pra|para|x)\b|[,/]")
# Words that ask for the comparison, not name a product ("a diferenca do X pro Y").
_COMPARING = frozenset("diferenca diferencas difere difference differences compara comparar"
                       " compare comparing melhor better versus".split())
_OPTION_WORDS = frozenset(w for group in (*COLORS, *SIZES) for name in group
                          for w in name.split())


def wants_product_answer(state: SalesState) -> bool:
    """Whether the turn asks about a product rather than for products: a product question,
    or a search whose only words are an option of the product in view ("tem em preto?",
    "do you have it in black?")."""
    classification = state.get("classification") or {}
    intent = classification.get("intent")
    text = turn_text(state)
    if not text or (state.get("action") or {}).get("sku"):
        return False
    if intent == "product_question":
        return about_product(text) or asks_comparison(text)
    if intent != "search_product":
        return False
    entities = classification.get("entities") or {}
    if entities.get("product") or entities.get("category") or state.get("requests"):
        return False
    rest = [w for w in content_words(text) if w not in _OPTION_WORDS and w not in POINTING
            and w not in OPTION_ASK_WORDS]
    return bool(topics_in(text)) and not rest and (
        bool(entities.get("color") or entities.get("size")) or "?" in text)


# A question that points back at the product in view by a pronoun ("what kind of screen has
# it got?", "o tecido dela fica transparente?") and asks for nothing else; a delivery, a
# search for another ("tem outro?", "do you have a case for it?") or a store question is not.
_POINTS_BACK = re.compile(r"\b(?:has it|does it|is it|it s|its|can it|will it|it got|it have|"
                          r"dele|dela|nele|nela|ele e|ela e|ele tem|ela tem|com ela|com ele|"
                          r"ela vem|ele vem|ela fica|ele fica)\b")
_ASKS_SOMETHING_ELSE = re.compile(
    r"\b(?:chega|chegar|entrega|entregam|frete|prazo|envio|arrive|deliver|delivery|ship|"
    r"shipping|outr[oa]s?|other|another|for it|pra ele|pra ela|do you have|vcs? tem|voces tem"
    r"|loja|store)\b")


def points_back_at_it(text: str) -> bool:
    """Whether a question asks about "it", the product in view, and nothing else."""
    folded = fold(text)
    return "?" in text and bool(_POINTS_BACK.search(folded)) and \
        not _ASKS_SOMETHING_ELSE.search(folded)


def asks_about_a_product(state: SalesState) -> bool:
    """A product question on a topic its data may answer ("tem garantia?", "dura quanto a
    bateria?"): `retrieve` answers it (or says the data does not say), whatever doubt it
    also voices."""
    intent = (state.get("classification") or {}).get("intent")
    in_view = state.get("shown") or state.get("requests")
    return intent == "product_question" and bool(in_view) and \
        bool(topics_in(turn_text(state))) and wants_product_answer(state)


async def answer_product_question(state: SalesState, services: Services,
                                  store_id: str) -> SalesUpdate | None:
    """The `product_answer` or `product_comparison` outcome; None when no product is in view
    (or the question's words are not about its data), so the search goes on as before."""
    text = turn_text(state)
    if asks_comparison(text):
        pair = await _pair(state, services, store_id, text)
        if pair is not None:
            outcome = compare(text, *pair, context_words=_earlier_words(state))
            shown = [product_summary(p) for p in pair]
            compared: dict[str, Any] = {"outcome": outcome, "shown": shown,
                                        "pending_question": "choose_product", "pending": {}}
            return compared  # type: ignore[return-value]
    # "what kind of screen has it got?", "does it come with a charger?": "it" is the product
    # in view, whatever else the words name
    pointing = points_back_at_it(text)
    product = (pointing and await product_in_view(state, services, store_id, named=False)) \
        or await product_in_view(state, services, store_id)
    pointing = pointing and product is not None
    named = None if pointing else await _named_other(state, services, store_id, text, product)
    product = named or product
    if product is None:
        return None
    requests = state.get("requests") or []
    unseen = any(r.get("unseen") for r in requests)
    wanted = dict(requests[0].get("attributes") or {}) if len(requests) == 1 else {}
    wanted = wanted or options_said(text, product)  # "e tem verde no M?" with it in view
    asks_option = bool(wanted)
    if asks_option:
        # "qual o maior?" with the black ones listed: the largest of the black ones
        wanted = {**_shared_on_screen(state, product), **wanted}
    if (unseen or named is not None) and not asks_option and ASKS_FOR_PRODUCTS.match(fold(text)):
        return None  # "tem camiseta basica de algodao?": asks for products by name, a search
    outcome = answer(text, product)
    if not topics_in(text) and not asks_option and not pointing and (
            named is not None or outcome["status"] == "unknown"):
        # "e bolsa? tem?": product words and no topic ask for products, not about one.
        return None
    variants = available_variants(product) if product.variants else []
    outcome["variants"] = variants
    if asks_option and (chosen := the_variant_asked(product, wanted, outcome)):
        # "tem a basica preta em G?": yes, that one, and a yes adds it.
        outcome["variants"] = [chosen]
        outcome["status"] = "answered"  # (the option is the answer, whatever else was not)
        asked: dict[str, Any] = {"outcome": outcome, "shown": [chosen],
                                 "pending_question": "confirm_add",
                                 "pending": {"sku": chosen["sku"]}}
        return asked  # type: ignore[return-value]
    update: dict[str, Any] = {"outcome": outcome}
    offered = (state.get("pending") or {}).get("sku")
    if state.get("pending_question") == "confirm_add" and offered and \
            product.variant(offered) is not None:
        # "is it real leather?" after "yes, the 42 in white": that offer still stands
        kept = next((v for v in variants if v["sku"] == offered), None)
        if kept is not None:
            outcome["variants"] = [kept]
            update |= {"shown": [kept], "pending_question": "confirm_add",
                       "pending": {"sku": offered}}
            return update  # type: ignore[return-value]
    # "tem em preto?": the choice left is among the black ones ("calco 40" then picks one)
    in_stock = {variant.sku for variant in narrow(product, wanted)[1]} if asks_option else set()
    narrowed = [variant for variant in variants if variant["sku"] in in_stock]
    if narrowed or (state.get("pending") or {}).get("product_sku") != product.sku:
        update |= {"shown": narrowed or variants or [product_summary(product)],
                   "pending_question": "choose_product",
                   "pending": {"product_sku": product.sku} if variants else {}}
    return update  # type: ignore[return-value]


async def product_in_view(state: SalesState, services: Services, store_id: str, *,
                          named: bool = True) -> Product | None:
    """The one product the buyer is looking at, if there is one; `named`: a product the
    words name counts first (not when they point back at "it")."""
    requests = state.get("requests") or [] if named else []
    entities = (state.get("classification") or {}).get("entities") or {}
    shown = state.get("shown") or []
    candidates: list[str] = []
    if len(requests) == 1 and requests[0].get("sku"):
        candidates.append(requests[0]["sku"])
    if (sku := sku_at_position(shown, entities.get("ordinal"))) is not None:
        candidates.append(sku)
    if state.get("pending_question") == "choose_product" and (
            sku := (state.get("pending") or {}).get("product_sku")):
        candidates.append(sku)
    for sku in candidates:
        if (product := await services.catalog.get(store_id, sku)) is not None:
            return product
    if shown:
        first = await services.catalog.get(store_id, shown[0]["sku"])
        if first is not None and all(
                item["sku"] == first.sku or first.variant(item["sku"]) is not None
                for item in shown):
            return first  # the only product of the list, or its variants
    if last_bot_template(state) == "added" and (skus := (state.get("cart") or {}).get("skus")):
        return await services.catalog.get(store_id, skus[-1])
    if shown and (sku := searched_for(state, shown)) is not None:
        return await services.catalog.get(store_id, sku)
    return None


# Replies that show no list: the last list shown is still the one on screen.
_NO_LIST = frozenset({"cart_empty", "how_can_i_help", "fallback", "store_answer", "greeting",
                      "not_available_yet", "thanks", "deny_ack", "objection_ack",
                      "persuasion_only", "unreadable"})


def searched_for(state: SalesState, shown: list[Any], *, kept: bool = True) -> str | None:
    """The one product of the last list whose name best has the words the buyer searched with
    ("tem capinha pro aurora?" -> the Aurora case, not the phones listed after it); `kept`:
    whether the state's messages already end with this turn's (see `searched_words`)."""
    searched = searched_words(state, kept=kept)
    if not searched:
        return None
    said = [w for w in content_words(searched) if w not in FILLER and w not in _OPTION_WORDS
            and len(w) > 2 and not w.isdigit()]
    if not said:
        return None
    # The name with the most of the words, when no other name has as many and it has at least
    # half of those that name something listed ("calca jeans masculina" -> "Calça Jeans Slim",
    # not the sneakers listed after it; "garrafinha tipo squeeze pra academia" -> the squeeze:
    # a word's own form counts more than a longer word that begins like it, "garrafa").
    # (an English word counts by the catalog's words for it: "hoodie" -> moletom, capuz)
    names = [fold(item["name"]).split() for item in shown]
    weights = [_word_weights(names, w) for w in said]
    counts = [(sum(weight[index] for weight in weights), item["sku"])
              for index, item in enumerate(shown)]
    naming = [weight for weight in weights if any(weight)]
    best = max(count for count, _ in counts)
    fitting = [sku for count, sku in counts if count == best]
    return fitting[0] if len(fitting) == 1 and best and 2 * best >= len(naming) else None


def _word_weights(names: list[list[str]], word: str) -> list[float]:
    """How a searched word names each listed product: a name with the word itself wins alone
    ("squeeze": the Squeeze, not the bottle the glossary also calls one); else the word or the
    catalog's word for it 1, a word of the name that only begins like it 0.5, else 0."""
    singular = word[:-1] if len(word) > 3 and word.endswith("s") else word
    own = [float(bool({word, singular} & set(name))) for name in names]
    if any(own):
        return own
    # (an English word counts once per catalog word for it: "thermos" -> garrafa, termica)
    return [sum(1.0 if set(SYNONYMS.get(t, ())) & set(name) or t in name
                else 0.5 if _has_word(name, t) else 0.0 for t in translations(word) or (word,))
            for name in names]


def searched_words(state: SalesState, *, kept: bool = True) -> str | None:
    """The buyer's words that brought the list still on screen (a search's results).
    `kept`: the messages end with this turn's words (after classify), which are not the
    search's."""
    messages = list(state.get("messages") or [])
    if kept:
        messages = messages[:-1]
    searched = None
    for index in range(len(messages) - 1, 0, -1):
        message = messages[index]
        if message.get("role") != "bot" or message.get("template") in _NO_LIST:
            continue
        # (the reply's first part may be its own message: "added", then the list)
        before = next((m for m in reversed(messages[:index]) if m.get("role") == "buyer"), None)
        if message.get("template") == "search_results" and before is not None:
            searched = before.get("text") or ""
            # ("the face one spf 50 yes. also got a beach bag?": the list is the second ask's)
            searched = split[1] if (split := split_asks(searched)) else searched
        break
    return searched


def _has_word(names: list[str], word: str, *, loose: bool = True) -> bool:
    """Whether a name has the word, its singular, or (`loose`) the catalog's word for an
    English one ("mats" -> "tapete")."""
    singular = word[:-1] if len(word) > 3 and word.endswith("s") else word
    forms = {word, singular}
    if loose:
        forms |= {*SYNONYMS.get(word, ()), *SYNONYMS.get(singular, ())}
    return any(n == form or (len(form) >= 5 and n[:5] == form[:5])
               for n in names for form in forms)


async def _named_other(state: SalesState, services: Services, store_id: str, text: str,
                       in_view: Product | None) -> Product | None:
    """A product the question names by words the one in view does not have ("e a tiracolo,
    tem preta?" while the tote is in view)."""
    if state.get("requests"):
        return None  # named and found already (`product_in_view` took it)
    own = set(_product_words(in_view)) if in_view is not None else set()
    words = [w for w in content_words(text)
             if w not in _OPTION_WORDS and w not in POINTING and w not in FILLER
             and w not in TOPIC_WORDS and len(w) > 3 and not w.isdigit() and w not in own]
    if not words:
        return None
    hits = await services.catalog.search(store_id, " ".join(words), limit=3)
    for hit in hits:
        if any(_has_word(fold(hit.product.name).split(), w) for w in words):
            return hit.product
    return None


def _product_words(product: Product) -> list[str]:
    text = " ".join([product.name, product.description, product.category, *product.tags,
                     *product.attributes.values()])
    return fold(text).split()


async def _pair(state: SalesState, services: Services, store_id: str,
                text: str) -> tuple[Product, Product] | None:
    """The two products a comparison is about: named as items, at the positions said, named
    by words in the question (among the list first), the first two of the list ("os dois"),
    or the two the buyer named when searching."""
    shown = state.get("shown") or []
    folded = fold(text)
    products: list[Product] = []

    async def take(skus: list[str]) -> bool:
        for sku in skus:
            product = await services.catalog.get(store_id, sku)
            if product is not None and all(p.sku != product.sku for p in products):
                products.append(product)
            if len(products) == 2:
                return True
        return False

    requested: list[str] = []
    for request in state.get("requests") or []:
        requested += request.get("skus") or ([request["sku"]] if request.get("sku") else [])
    positions = [int(n) for n in _POSITIONS.findall(folded)] + [
        n for word, n in _ORDINALS.items() if re.search(rf"\b{word}\b", folded)]
    if await take(requested + [s for n in positions if (s := sku_at_position(shown, n))]):
        return products[0], products[1]
    if await _take_named(_ALTERNATIVES.split(folded), shown, services, store_id, products):
        return products[0], products[1]
    if (_THE_TWO.search(folded) or len({item["sku"] for item in shown}) == 2) and \
            await take([item["sku"] for item in shown]):
        return products[0], products[1]  # "os dois": the first two of the list
    earlier = _ALTERNATIVES.split(fold(searched_words(state) or ""))
    if await _take_named(earlier, shown, services, store_id, products):
        return products[0], products[1]
    return None


async def _take_named(parts: list[str], shown: list[Any], services: Services, store_id: str,
                      products: list[Product]) -> bool:
    """Adds the product each part of a sentence names ("a garrafa", "the pulse"): the first
    of the list whose name has its words, else the catalog's first hit that does."""
    for part in parts:
        said = [w for w in content_words(part)
                if w not in FILLER and w not in _COMPARING and len(w) > 3]
        if not said:
            continue
        found = None
        for loose in (False, True):  # the word itself first, then its synonyms
            sku = next((item["sku"] for item in shown if all(
                _has_word(fold(item["name"]).split(), w, loose=loose) for w in said)), None)
            found = await services.catalog.get(store_id, sku) if sku else None
            if found is None:
                hits = await services.catalog.search(store_id, " ".join(said), limit=3)
                found = next((hit.product for hit in hits if _has_word(
                    fold(hit.product.name).split(), said[0], loose=loose)), None)
            if found is not None:
                break
        if found is not None and all(p.sku != found.sku for p in products):
            products.append(found)
        if len(products) == 2:
            return True
    return False


def _earlier_words(state: SalesState) -> list[str]:
    """The buyer's recent words, which say what the product is for."""
    texts = [m.get("text") or "" for m in (state.get("messages") or [])
             if m.get("role") == "buyer"][-4:]
    return fold(" ".join(texts)).split()


def _shared_on_screen(state: SalesState, product: Product) -> dict[str, str]:
    """The option values every variant of the product on screen has ("cor": "preto" when
    only the black ones are listed); {} when the list is not the product's variants."""
    shown = state.get("shown") or []
    if not shown or any(product.variant(item["sku"]) is None for item in shown):
        return {}
    attributes = [dict(product.variant(item["sku"]).attributes) for item in shown]  # type: ignore[union-attr]
    return {key: value for key, value in attributes[0].items()
            if all(other.get(key) == value for other in attributes[1:])}


def last_bot_template(state: SalesState) -> str | None:
    """The template of the bot's last reply ("added": questions are about the item added)."""
    bot = [m for m in state.get("messages") or [] if m.get("role") == "bot"]
    return bot[-1].get("template") if bot else None
