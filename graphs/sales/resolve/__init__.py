"""Understanding a buyer in context: which items a message asks for.

`resolver.resolve` turns a message, what the buyer has seen (`Seen`: the suggestions just
made, the last list, the product whose option is being chosen, the cart) and the catalog
into `ItemRequest`s: a sku (or several, "os dois"), option values ("38 rosa", "blue"), a
quantity, or the few candidates a real ambiguity leaves. `decide` says what the turn's
intent is in their light: product words are not a complaint, a cart view or a "no".
"""

from __future__ import annotations

from graphs.sales.resolve.parts import Catalog, Resolution, Seen
from graphs.sales.resolve.resolver import resolve
from graphs.sales.state_types import ItemRequest

__all__ = ["Catalog", "Resolution", "Seen", "decide", "resolve", "worth_resolving"]

# Intents a message that only names items may have been mistaken for.
_MISTAKEN = frozenset({
    "complaint", "view_cart", "deny", "other", "human_agent", "provide_info", "affirm",
    "objection", "search_product", "product_question", "browse_catalog", "greeting", "thanks",
    "goodbye", "shipping_question", "payment_question", "remove_from_cart", "return_exchange",
})
# What a message that only names a product was taken for (issue #13): it is a search. An
# objection or a thanks that names one ("o fone ta caro") keeps its intent.
_MISREAD_NAMING = frozenset({"complaint", "view_cart", "deny", "human_agent", "other"})
# Intents a "quero o X verde G" said with something else may get ("..., passo ai pra buscar").
_SAID_WHILE_BUYING = frozenset({"search_product", "shipping_question", "other", "provide_info",
                                "product_question"})
# Questions checkout asks: a name or a street is not a product ("Lucy Gray").
_CHECKOUT_QUESTIONS = frozenset({"name", "cep", "address", "email", "choose_shipping",
                                 "choose_payment", "confirm_address"})


def worth_resolving(intent: str, pending_question: str | None) -> bool:
    """Whether a message of this intent may name items to act on."""
    if pending_question in _CHECKOUT_QUESTIONS:
        # An answer to checkout's question, unless it names a product ("agora o top rosa M").
        return intent in {"add_to_cart", "provide_info", "other", "search_product",
                          "view_cart", "complaint"}
    # (an answer to "which option?" is read whatever the classifier made of it: "uma M e outra
    # G porque uma e minha" is no order status; `decide` takes only options of that product)
    return intent in {"add_to_cart", "checkout"} or intent in _MISTAKEN or \
        pending_question == "choose_product"


# Intents a question about a product seen may have been mistaken for ("a legging é cintura
# alta ne?" is no complaint).
_ABOUT_A_PRODUCT = frozenset({"product_question", "complaint", "other", "human_agent"})


def _each_ordered(resolution: Resolution) -> bool:
    """Items named, each with its count and options, in no question, refusal or change."""
    return bool(resolution.requests) and resolution.named and not (
        resolution.question or resolution.negated or resolution.other_business) and all(
        r.get("sku") and r.get("quantity") and r.get("attributes") for r in resolution.requests)


def asks_about_one_seen(intent: str, resolution: Resolution,
                        pending_question: str | None = None) -> bool:
    """A question about one product the buyer has seen ("what sizes does the floral one come
    in?"), or one named with the option asked about: its detail answers it."""
    requests = resolution.requests
    return (resolution.question and len(requests) == 1 and not resolution.ends_buying
            and not (resolution.negated or resolution.other_business)
            and bool(requests[0].get("sku")) and not requests[0].get("context")
            and ((intent in _ABOUT_A_PRODUCT and not requests[0].get("unseen"))
                 or _asks_for_an_option(intent, requests[0])
                 or (_asks_a_topic(intent, resolution)
                     # (while a list waits for a pick, only a product named from outside it:
                     # "a carteira de couro parece boa, tem em preto?")
                     and (pending_question != "choose_product" or resolution.named
                          or bool(requests[0].get("kind_named"))))))


def _asks_for_an_option(intent: str, request: ItemRequest) -> bool:
    """"e a camiseta basica preta tem G?": one product named with the options asked about is
    a question about that product's stock, not a search for products like it."""
    return intent in _ABOUT_A_PRODUCT | {"search_product"} and bool(request.get("attributes"))


def _asks_a_topic(intent: str, resolution: Resolution) -> bool:
    """"o moletom canguru é de que tecido?": one product named and asked about."""
    return resolution.about_topic and resolution.question and \
        intent in _ABOUT_A_PRODUCT | {"search_product", "greeting", "view_cart",
                                      "shipping_question"}
    # ("the canvas tote looks good, how much is it?" reads as a cart view to the classifier;
    # "a toalha sai qto com a entrega pra 80020-310?" as a shipping question: its price, and
    # the shipping to that CEP with it, nodes/retrieve.py)


def decide(intent: str, resolution: Resolution, pending_question: str | None = None
           ) -> tuple[str, list[ItemRequest]]:
    """The turn's intent and the requests the cart acts on.

    A question about one product seen is a question about it (its detail answers it). A
    request is acted on when the buyer asks to buy ("add_to_cart"), or when the message
    is only about items ("a garrafa verde", "top nadador rosa M", "38 rosa") and says which
    one: seen, with options or a count, several at once, or with a word of buying. Questions,
    refusals, changes, removals and complaints are left to their intents. Product words that
    only name something are a search, never a complaint or a cart view.

    Args:
        intent: The classifier's intent.
        resolution: What `resolve` made of the message.
        pending_question: What the bot asked; during checkout only a message that names a
            product is read as items (a name or a street is an answer).

    Returns:
        The intent to act on and the requests (empty when none apply).
    """
    requests = resolution.requests
    if pending_question in _CHECKOUT_QUESTIONS and intent != "add_to_cart" and not (
            resolution.named and resolution.pure and requests and not resolution.skipped):
        return intent, []
    if asks_about_one_seen(intent, resolution, pending_question):
        return "product_question", requests
    if intent in _MISTAKEN and _each_ordered(resolution):
        # "preciso de tenis pra escola, o pisca pisca, um azul n 30 pro Davi e um rosa 28",
        # "to procurando vestido pra um casamento, o longo, um preto M e um verde P": each item
        # named with its count and options is ordered, whatever the opening words
        return "add_to_cart", requests
    if resolution.skipped or not requests:
        if not resolution.skipped and resolution.named and intent in _MISREAD_NAMING:
            return "search_product", []
        if (resolution.question or resolution.looking) and resolution.named and \
                intent == "browse_catalog":
            # "e tem gift card tb?", "to procurando algo de skincare pro rosto": those, not
            # the catalog's categories
            return "search_product", []
        return intent, []
    if (intent == "add_to_cart" or intent in _MISTAKEN) and not resolution.buy_cue and \
            resolution.pure and pending_question != "choose_product" and \
            all(r.get("candidates") for r in requests):
        return "search_product", []  # "shoes": a kind of product named alone, a search
    if intent == "add_to_cart" or (resolution.ends_buying and (
            len(requests) == 1 or resolution.decided_after_remark) and all(
            r.get("sku") or r.get("skus") for r in requests)):
        return "add_to_cart", requests
    if intent == "checkout" and not any(r.get("unseen") for r in requests) and (
            resolution.named or (resolution.buy_cue and all(r.get("quantity") for r in requests))):
        # "a corda msm, pode fechar": the item on screen named, then closing (routing.py
        # takes checkout on once it is added)
        return "add_to_cart", requests
    # With a choice open ("qual opção?"), a product named is the choice made ("a garrafinha
    # pode ser a squeeze msm").
    said_which = resolution.buy_cue or resolution.continuing or len(requests) > 1 or any(
        not r.get("unseen") or r.get("attributes") or r.get("quantity") for r in requests) \
        or pending_question == "choose_product"
    if intent in _MISTAKEN and resolution.pure and said_which:
        return "add_to_cart", requests
    if intent in _MISTAKEN and resolution.continuing and requests and all(
            r.get("sku") for r in requests) and not (
            resolution.question or resolution.negated or resolution.other_business):
        # "and the 25W usb-c turbo charger too" with a cart: one more item, whatever words of
        # its name ("25w", "usb-c") the catalog spells otherwise
        return "add_to_cart", requests
    if pending_question in {"confirm_add", "choose_product"} and requests and not (
            resolution.question or resolution.negated) and all(
            r.get("context") and r.get("sku") for r in requests):  # (options said: "context")
        # "ok the smaller bottle then" to "add the 50 ml?", "the bigger bottle pls" with the
        # perfume's sizes on screen: the option picked
        return "add_to_cart", requests
    if pending_question in {"confirm_add", "choose_product"} and resolution.likes and not (
            resolution.question or resolution.negated) and len(requests) == 1 and \
            requests[0].get("sku") and requests[0].get("attributes") and \
            (not requests[0].get("unseen") or requests[0].get("kind_named")):
        # "gostei do de skate, no branco 40" with its sizes on screen: that one, in those;
        # "the leather flat sandals look nice, she wears a 37. caramel pls", named by what
        # they are, too
        return "add_to_cart", requests
    if intent in _MISTAKEN and resolution.buy_cue and not (
            resolution.question or resolution.negated) and all(
            r.get("sku") and r.get("quantity") and not r.get("unseen") for r in requests):
        # "pega 1 pra mim, retiro ai. Juliana Freitas": a count of the item on screen, asked
        # for with a word of buying, whatever else the message says (checkout reads the rest)
        return "add_to_cart", requests
    if intent in _SAID_WHILE_BUYING and resolution.buy_cue and not resolution.question and all(
            r.get("sku") and (r.get("attributes") or r.get("context"))
            and (r.get("kind_named") or not r.get("unseen"))
            for r in requests):
        # "bom diaa, quero o moletom canguru verde tamanho G, é pro meu namorado": the one
        # product named, in the options said, asked for with a word of buying
        return "add_to_cart", requests
    if intent in _MISTAKEN and resolution.puts_in and resolution.named and len(requests) == 1 \
            and not (resolution.question or resolution.negated or resolution.other_business) \
            and requests[0].get("sku") and requests[0].get("kind_named"):
        # "poe tb o protetor solar de rosto": one product named by what it is, asked to be put
        # in the cart, whatever the words the catalog does not use ("rosto" for facial)
        return "add_to_cart", requests
    if resolution.named and (intent in _MISREAD_NAMING or resolution.pure and (intent in {
            "objection", "thanks"} or intent == "affirm" and not pending_question)):
        # ("chef knife" alone objects to nothing; "mug" with nothing asked agrees to nothing)
        return "search_product", []
    return intent, []
