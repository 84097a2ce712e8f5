"""What checkout still needs, one question at a time, from what the buyer already said.

`collected` is the checkout's plain-JSON record in graph state (`CheckoutData`):
`name`, `cep`, `uf`, `street`, `shipping` (a quote), `payment_method`, `coupon`, and the last
`summary` shown (what a yes agrees to; see `checkout_totals`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graphs.sales.buyer_details import CHECKOUT_LEAD, PICKUP, read_details
from tools.catalog.text import fold as fold_text

STEPS = ("name", "cep", "street", "shipping", "payment_method")


def next_step(collected: Mapping[str, object], *, digital: bool = False) -> str:
    """The first thing the order still lacks, or "confirm" when it lacks nothing.

    Digital goods need no CEP, street or shipping; a pickup needs no CEP or street."""
    shipping = collected.get("shipping")
    pickup = isinstance(shipping, Mapping) and shipping.get("kind") == "pickup"
    skip = {"cep", "street", "shipping"} if digital else {"cep", "street"} if pickup else set()
    return next((step for step in STEPS if step not in skip and not collected.get(step)),
                "confirm")


# Questions whose short answers ("sim", "2", a CEP) belong to checkout.
CHECKOUT_QUESTIONS = {"name", "cep", "address", "choose_shipping", "choose_payment",
                      "confirm_address"}
# Short replies that stop checkout whatever question is open ("cancela" is not a name).
STOP_WORDS = {"cancela", "cancelar", "cancele", "cancel", "parar", "para", "sair", "desisto",
              "esquece", "stop", "quit"}
# The buyer says they paid ("já paguei", "fiz o pix", "paguei, tá confirmado?", "I paid").
PAYMENT_CLAIM = re.compile(
    r"\b(paguei|pagamos|(?<!eu )(?<!q )ja pago|ta pago|esta pago|fiz o (pix|pagamento)|pix feito|"
    r"acabei de pagar|acabamos de pagar|(ja )?caiu (ai|o pagamento|o pix)|"
    r"did (my |the )?payment go through|payment go through|"
    r"transferi|comprovante|already paid|just paid|i (have |ve )?paid|paid it|"
    r"(made|sent|did) the payment|payment (is )?(done|made|sent))\b|^paid\b")


def in_checkout(state: Mapping[str, object]) -> bool:
    """Whether checkout is under way: it asked a question of its own, or it was opened."""
    checkout = state.get("checkout")
    return state.get("pending_question") in CHECKOUT_QUESTIONS or \
        bool(isinstance(checkout, Mapping) and checkout.get("active"))


_NOT_PAID = re.compile(r"\b(nao|n|not|havent|didnt|ainda nao)\s+(\w+\s+)?(paguei|paid|pay)\b")


def claims_payment(folded_text: str) -> bool:
    """Whether the buyer says they paid (text already folded: lower case, no accents); "ainda
    não paguei" is not a claim."""
    text = folded_text.replace("'", "")
    return bool(PAYMENT_CLAIM.search(text)) and not _NOT_PAID.search(text)


# "tenho o cupom VOLTEI10", "cupom: abc10", "use coupon SAVE5".
_COUPON = re.compile(r"\b(?:cupom|cupon|coupon|voucher|codigo|c[oó]digo|code)\s*"
                     r"(?:de\s+desconto\s*)?[:=]?\s*([A-Za-z0-9_-]{3,24})\b", re.IGNORECASE)


def coupon_in(text: str, store_code: str | None) -> str | None:
    """The coupon code a message gives: the store's own code named anywhere in it, or the word
    after "cupom"/"coupon" when it has a digit (an unknown code is still read, to say so)."""
    if store_code and re.search(rf"(?<![\w-]){re.escape(store_code)}(?![\w-])", text,
                                re.IGNORECASE):
        return store_code
    match = _COUPON.search(text)
    code = match.group(1) if match else ""
    if any(ch.isdigit() for ch in code) and any(ch.isalpha() for ch in code):
        return code.upper()  # letters and digits: a code, not a CEP or a quantity
    return None


# "muda o endereço", "troca o frete", "quero mudar a forma de pagamento", "change the address".
_CHANGE = re.compile(r"\b(mud(a|ar|e|ei|ou|ando)|troc(a|ar|ou|que|ando)|alter(a|ar|e|ei|ou)|"
                     r"change|switch)\b")
_CHANGE_TARGETS = {
    "address": re.compile(r"\b(endereco|cep|rua|address|zip)\b"),
    "shipping": re.compile(r"\b(frete|envio|entrega|shipping|delivery)\b"),
    "payment_method": re.compile(r"\b(pagamento|pagar|payment|pay)\b"),
}


def wants_change(folded_text: str) -> list[str]:
    """Which of address, shipping and payment method the buyer asks to change."""
    if not _CHANGE.search(folded_text):
        return []
    return [slot for slot, words in _CHANGE_TARGETS.items() if words.search(folded_text)]


def changes_checkout(text: str) -> bool:
    """Whether a typed message changes what an order summary showed: a new CEP or street,
    picking up at the store, or asking to change the address, shipping or payment."""
    folded = fold_text(text)
    details = read_details(text)
    return bool("cep" in details or "street" in details or PICKUP.search(folded)
                or wants_change(folded))


# "no mesmo endereço", "o de sempre", "same address as last time": the last address again.
SAME_ADDRESS = re.compile(r"\b(mesmo (endereco|lugar|local)|endereco de sempre|"
                          r"mesmo (da|de) (antes|sempre|ultima vez)|same (address|place)|"
                          r"(last|previous|usual) address)\b")
# Words that ask for a different address than the last one.
OTHER_ADDRESS = re.compile(r"\b(outr[oa]|nov[oa]|diferente|other|another|new|different)\b")


# "antes de fechar", "not yet", "depois eu fecho": closing words that do not close now.
_NOT_NOW = re.compile(r"\b(nao|not|dont|ainda|depois|antes|before|later|yet)\b")


def summary_waiting(collected: Mapping[str, object]) -> bool:
    """Whether the order's summary was shown and waits for its yes (checkout under way, no
    order placed yet): not the "check out?" after an item added."""
    return bool(collected.get("active") and collected.get("summary")
                and not collected.get("order_id"))


def closes_now(text: str) -> bool:
    """Whether the message closes the order now ("blz vou querer, ja fecha pra mim", "isso
    tudo, pode fechar"), said with the items it adds or after them."""
    folded = fold_text(text)
    return bool(CHECKOUT_LEAD.search(folded)) and not _NOT_NOW.search(folded)


# A question that only asks whether what was said is fine: "pode ser?", "ok?", "right?".
_TAG_QUESTION = re.compile(r"[,.]?\s*\b(?:pode ser|ok|okay|blz|beleza|tudo bem|ta bom|certo|"
                           r"right|is that ok|is that okay|alright|can i)\s*\?+\s*$", re.IGNORECASE)


def without_tag_question(text: str) -> str:
    """The words without a closing "pode ser?" / "ok?" ("vou retirar ai, pode ser?" says
    the buyer picks up; it asks nothing else)."""
    return _TAG_QUESTION.sub("", text)


def takes_it_all(text: str) -> bool:
    """Whether a message only says the buyer takes it ("ta ok vou levar", "I'll take them"),
    maybe with their name or address, and asks nothing."""
    if "?" in text:
        return False
    details = read_details(text)
    said = details.get("other_words", "" if details else text)
    words = re.findall(r"[a-z]+", fold_text(said))
    return bool(set(words) & _TAKING) and all(
        w in _TAKING or w in _COURTESY or w in {"vou", "ll"} for w in words)


# "vou levar", "fico com", "I'll take it": the buyer takes what is in view.
_TAKING = frozenset("levar levo leva fico ficar take taking get getting".split())
_COURTESY = frozenset("""ta ok okay blz beleza bom boa entao sim yes yeah yep certo show pode ser
isso tudo todos todas os as o a it them all i eu com with then so well alright great cool
perfeito otimo fechado nice lovely awesome good legal top massa""".split())


def gives_own_details(text: str) -> bool:
    """Whether a message with no question open is the buyer's name or street ("Juliana
    Prado", "rua sorocaba 200 casa 2"): with a cart, they are checking out."""
    return bool({"name", "street"} & read_details(text).keys())


def closes_with_details(text: str) -> bool:
    """Whether a typed message closes the order with its details in it ("fecha pra mim. Ana
    Lima, cep 04567-000, rua das flores 123", "vou querer. meu nome Caio Mendes"), rather
    than asking about shipping."""
    details = read_details(text)
    slots = {"name", "cep", "street"} & details.keys()
    folded = fold_text(text)
    taking = bool(set(re.findall(r"[a-z]+", folded)) & _TAKING)  # "vou levar a primeira. Ana"
    return bool(slots) and (closes_now(text) or bool(PICKUP.search(folded))
                            or len(slots) >= 2 or "name_said" in details
                            or (taking and "name" in details))
