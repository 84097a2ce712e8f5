"""What a buyer's words ask of an order already placed, as buyers type them ("cade meu
pedido", "quero o mesmo de antes", "muda o endereco do pedido", "where is my order 1002").

The NLU gives the intent (order_status, cancel_order, return_exchange); these readers add
what the intents do not carry: a reorder, a change of address of an order, the order named.
"""

from __future__ import annotations

import re

from graphs.sales.checkout_flow import CHECKOUT_QUESTIONS
from graphs.sales.inbound import turn_text
from graphs.sales.resolve.references import ordinal_span
from graphs.sales.resolve.words import is_attribute_word
from graphs.sales.state import SalesState
from tools.catalog.text import fold

QUESTIONS = frozenset({"aftersale_which_order", "aftersale_which_items", "aftersale_confirm",
                       "aftersale_new_address", "aftersale_difference_link"})
"""The questions the after-sale steps ask; their short answers ("sim", "o 2", a CEP) are theirs."""

# While one of those questions is open, these still go where they always go.
_LEAVE = frozenset({"search_product", "browse_catalog", "product_question", "add_to_cart",
                    "remove_from_cart", "view_cart", "human_agent", "complaint", "checkout",
                    "greeting", "thanks", "goodbye"})

# What product words look like to the classifier: while items of an order are picked, answers.
_NAMING = frozenset({"search_product", "product_question", "add_to_cart", "remove_from_cart"})

_ORDER_WORD = re.compile(r"\b(pedidos?|compras?|encomendas?|orders?|purchases?)\b")
_REORDER = re.compile(
    r"\b(o mesmo (de antes|da ultima vez|do ultimo pedido|da ultima compra|que (eu )?pedi)"
    r"|(pedir|comprar|quero) (tudo )?(de novo|novamente) o mesmo"
    r"|(pedir|comprar) (de novo|novamente)"
    r"|repet\w* (o |a |meu |minha )?(ultim[oa] )?(pedido|compra)"
    r"|same (as|thing as) (last time|before)|same (order|thing|stuff) (again|as before)"
    r"|order (it |the same( thing)? |that )?again|re-?order|buy (it |the same )?again)\b")
_CHANGE = re.compile(r"\b(mud(a|ar|e|ei)|troc(a|ar|que)|alter(a|ar|e)|corrig(e|ir)|"
                     r"change|update|correct|fix|errad[oa]|errei|wrong)\b")
# ("mudar a entrega pro escritorio": where it is delivered)
_ADDRESS = re.compile(r"\b(endereco|cep|rua|address|zip|entrega|escritorio|office|deliver it|"
                      r"ship it)\b")
# "can you send it to my office instead? 04538-133 ...", "manda pro trabalho em vez de casa",
# "envia pra outro endereco": the order sent somewhere else, said without a word of change.
_SEND = re.compile(r"\b(send|ship|deliver|mail|mand[aeo]\w*|envi\w*|entreg\w*|despach\w*)\b")
_INSTEAD = re.compile(r"\b(instead|em vez|ao inves|no lugar)\b")
_NEW_PLACE = re.compile(r"\b((outro|novo) endereco|(another|a different|a new|my new|other) "
                        r"address)\b")
_PLACE = re.compile(r"\b(\d{5}-?\d{3}|office|work|job|escritorio|trabalho|empresa|firma|"
                    r"casa d[aeo]|place|house)\b")
_NUMBER = re.compile(r"(?:\b(?:pedido|order|compra|n[o.]?|numero|number)\s*(?:n[o.]?\s*)?#?\s*"
                     r"|#\s*)([a-z]?\d{3,})\b")
_BARE_NUMBER = re.compile(r"^\s*#?\s*([a-z]?\d{3,})\s*[.!?]?\s*$")
# A return, or an item already received: never about the cart ("troca" alone may be).
_ORDER_ONLY = re.compile(
    r"\b(devolv\w*|devoluc\w*|reembols\w*|estorn\w*|dinheiro de volta|return\w*|refund\w*|"
    r"money back|ficou (muito |meio |um pouco |bem )?(pequen|grand|apertad|larg|curt|compri)\w*|"
    r"nao (me )?serviu|nao coube|chegou|recebi|arrived|received|"
    r"(didn'?t|doesn'?t|does not|did not) fit|too (small|big|tight|loose|large|short|long))\b")
_EXCHANGE = re.compile(r"\b(troc\w*|exchang\w*|swap\w*|outro tamanho|outra cor|"
                       r"another size|other size|another colou?r)\b")

# Where an order is, asked about the thing bought ("a caneca ja saiu?", "did the pan set leave
# yet", "cade as toalhas q comprei", "is the knife on its way?").
_WHERE_IS_IT = re.compile(
    r"\b(ja (saiu|sairam|foi|foram|chegou|chegaram)|saiu|despachad\w*|postad\w*|enviad\w*|"
    r"a caminho|cade|(ta|tao|esta|estao|ficou|ficaram) (pront|separad)\w*|rastreio|shipped|"
    r"ship(ped)? (yet|already)|(leave|left) (yet|already)|on (its|their) way|dispatched|"
    r"sent (out|yet|already)|arrive\w*|where (is|are|s)|ready (yet|for pickup)|tracking)\b")


# "... but in blue", "... so que azul", "... mas no G": another option of what was said.
_BUT = re.compile(r"\b(but|so que|so q|mas|only)\b")


def _another_option(folded_text: str) -> bool:
    """Whether the words after a "but" name an option (a colour, a size)."""
    but = _BUT.search(folded_text)
    return but is not None and any(is_attribute_word(word) or (word.isdigit() and len(word) == 2)
                                   for word in re.findall(r"\w+", folded_text[but.end():]))


def asks_where_it_is(folded_text: str) -> bool:
    """The words ask where something bought is: sent, on its way, ready, arrived."""
    return bool(_WHERE_IS_IT.search(folded_text))


def wants_reorder(folded_text: str) -> bool:
    """ "quero o mesmo de antes", "reorder", "same as last time"."""
    return bool(_REORDER.search(folded_text))


# "manda o link da diferenca", "quero pagar a diferenca", "send me the link for the difference"
_PAY_DIFFERENCE = re.compile(r"\b(pag\w*|paga|manda|envia|mande|send|pay|link)\b.*"
                             r"\b(diferenca|difference)\b")


def asks_to_pay_difference(folded_text: str) -> bool:
    """The buyer asks, in words, for the link of a difference still owed."""
    return bool(_PAY_DIFFERENCE.search(folded_text))


def wants_address_change(folded_text: str) -> bool:
    """ "muda o endereco do pedido", "change the delivery address of my order", "send it to
    my office instead"."""
    if _CHANGE.search(folded_text) and _ADDRESS.search(folded_text):
        return True
    # (a place or a CEP said with "instead": "send it by express instead" is no address)
    return bool(_SEND.search(folded_text) and (_NEW_PLACE.search(folded_text) or (
        _INSTEAD.search(folded_text) and _PLACE.search(folded_text))))


def asks_option_change(folded_text: str, entities: dict[str, object]) -> bool:
    """ "o tamanho certo era GG, consegue mudar no pedido?": another size or colour of an
    item of an order, asked with an order word and a word of change."""
    return bool(names_an_order(folded_text) and _CHANGE.search(folded_text)
                and (entities.get("size") or entities.get("color")))


def names_an_order(folded_text: str) -> bool:
    """The words speak of an order ("meu pedido", "my order")."""
    return bool(_ORDER_WORD.search(folded_text))


def wants_exchange(folded_text: str) -> bool:
    """An exchange (another size or colour) rather than a return with the money back."""
    return bool(_EXCHANGE.search(folded_text))


def order_number_in(text: str, entities: dict[str, object], *, bare: bool = False) -> str | None:
    """The order number the message names ("pedido 1002", "#1002", "order W123"); with
    `bare`, a message that is only a number counts (the answer to "which order?")."""
    if entities.get("order_id"):
        return str(entities["order_id"]).lstrip("#").upper()
    folded = fold(text)
    match = _NUMBER.search(folded) or (_BARE_NUMBER.match(folded) if bare else None)
    return match.group(1).upper() if match else None


def position_in(state: SalesState, size: int) -> int | None:
    """The position the message names in a list of `size` ("o segundo", "o ultimo": -1...
    as 1-based, negative from the end), from the entities or, when reading in the light of
    the last product list took it, from the words."""
    entities = (state.get("classification") or {}).get("entities") or {}
    if isinstance(entities.get("ordinal"), int):
        return int(entities["ordinal"])
    found = ordinal_span(fold(turn_text(state)), size)
    return found[0] if found else None


def wants_aftersale(state: SalesState) -> bool:
    """Whether the turn is about an order already placed (or answers the after-sale step's
    question); checkout keeps its own "cancela" and changes before an order exists."""
    action = state.get("action") or {}
    if action.get("aftersale"):
        return True
    if set(action) - {"also_unreadable"}:
        return False  # any other tap or event keeps its own path (a photo with words does not)
    intent = (state.get("classification") or {}).get("intent", "other")
    pending = state.get("pending_question")
    folded = fold(turn_text(state))
    entities = (state.get("classification") or {}).get("entities") or {}
    if pending == "aftersale_which_order" and (
            position_in(state, 10) is not None
            or order_number_in(turn_text(state), entities, bare=True)):
        return True  # "o segundo", "1002": the order picked, not a product of the last list
    if pending == "aftersale_which_items":
        return intent not in _LEAVE - _NAMING  # "a caneca" names an item of the order
    if pending in QUESTIONS:
        return intent not in _LEAVE
    if asks_to_pay_difference(folded):
        return True  # "manda o link da diferenca": the difference an order still owes
    if wants_reorder(folded) and not ((state.get("cart") or {}).get("skus")
                                      and _another_option(folded)):
        # ("same as before but in blue" with the tee in the cart: another of it, in blue)
        return True
    if intent == "order_status":
        return True
    in_checkout = _in_checkout(state)
    if intent == "cancel_order":
        # ("desisti dessa compra" at the summary: the one being placed, checkout stops)
        return (names_an_order(folded) and not _THIS_ONE.search(folded)) or not in_checkout
    if intent == "return_exchange" and _IF_IT.search(folded):
        return False  # "e se n servir na cor posso trocar?": the policy, asked ahead
    if intent == "return_exchange":
        # "troca o tamanho pra G" with a cart is a cart change (variant_swap); with an
        # order word, a return, an item received ("ficou pequena"), no cart, or an order
        # waiting for its payment, it is about an order.
        return names_an_order(folded) or bool(_ORDER_ONLY.search(folded)) \
            or not (state.get("cart") or {}).get("skus") \
            or bool((state.get("checkout") or {}).get("order_id"))
    if asks_option_change(folded, entities) and not in_checkout:
        return True  # "o tamanho certo era GG, consegue mudar no pedido?": that order's item
    return wants_address_change(folded) and (names_an_order(folded) or not in_checkout)


# The purchase being made now ("dessa compra", "this order"), not one already placed.
_THIS_ONE = re.compile(r"\b(?:dess[ae]|dest[ae]|ess[ae]|est[ae]|this)\s+(?:compra|pedido|order|"
                       r"purchase)\b")

# A return asked as a what-if ("e se nao servir", "if it doesn't fit", "caso nao goste"):
# the store's policy answers it, whatever orders there are.
_IF_IT = re.compile(r"\b(?:e se|se (?:nao|n) (?:servir|gostar|couber|ficar)|caso (?:nao|n)|"
                    r"what if|if (?:it|they|he|she) (?:doesn t|doesnt|don t|dont)|in case)\b")


def _in_checkout(state: SalesState) -> bool:
    """Checkout is collecting an order that does not exist yet."""
    collected = state.get("checkout") or {}
    pending = state.get("pending_question")
    if collected.get("order_id"):
        return False  # placed: "cancela" is about that order
    return bool(collected.get("active")) or pending in CHECKOUT_QUESTIONS \
        or pending == "confirm_checkout"
