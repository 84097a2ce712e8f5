"""Questions about the store (shipping to a CEP, payment, instalments, policies, hours, who the
store is), answered by `retrieve` from the store's own data: its configuration and its
knowledge base (`tools.knowledge`). What the data does not say, the reply does not say: an
unknown is told as such, recorded for the owner, and a person is offered.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from graphs.sales.buyer_details import read_cep, read_details
from graphs.sales.checkout_flow import in_checkout
from graphs.sales.checkout_types import CheckoutData
from graphs.sales.context import Context
from graphs.sales.inbound import turn_text
from graphs.sales.interests import names_a_gift
from graphs.sales.product_answers import topics_in
from graphs.sales.services import Services
from graphs.sales.state import SalesState, SalesUpdate
from tools.catalog.embeddings import default_embedder
from tools.catalog.text import fold
from tools.knowledge.ask import ask
from tools.knowledge.topics import FREE_SHIPPING, HOURS, PICKUP, SHIPPING, TEAM, Reading, read

_QUESTION_CLAUSES = re.compile(r"(?<=[?!.;\n])\s*|,\s+")
_CLAUSES = re.compile(r"[?!.;\n]+|\s+(?:e|and|tb|tbm|também)\s+", re.IGNORECASE)
_SHOPPING_CUE = re.compile(
    r"\b(?:tem|vcs? tem|voces tem|quero|queria|procuro|procurando|vende[mn]?|preciso"
    r"|do (?:yo)?u (?:guys )?(?:have|sell)|have you got|looking for|i want|i need)\b",
    re.IGNORECASE)
"""A clause that asks for products ("tem tênis 42?", "do u have a speaker?")."""
# Services a store gives (gift wrap), asked in words a product search would take for a
# product ("presente", "gift").
_SERVICE_ASKED = re.compile(r"\b(embrulh\w*|gift ?wrap\w*|wrap (it|them|as a gift))\b")
# A size chart or guide: the store's sizing passage answers it (a product's data has its sizes,
# never their measurements), whatever the classifier took it for (a doubt, a search).
_SIZE_GUIDE = re.compile(
    r"\b((tabela|grade|guia)s? (de )?(tamanho|medida|numeraca|numero)\w*|size (chart|guide|table)s?"
    r"|sizing (chart|guide|info)|como (eu )?(sei|escolho|descubro) (o|qual) (tamanho|numero)"
    r"|how (do i|to) (know|pick|choose|find) (my|the|what|which) size)")
STORE_QUESTIONS = frozenset({"payment_question", "shipping_question", "return_exchange"})
"""Intents answered from the store's data."""
_MAYBE_STORE = frozenset({"other", "browse_catalog", "human_agent", "provide_info", "greeting",
                          "search_product", "goodbye"})
"""Intents the classifier gives questions about hours, the address or a policy, which its
intent set has no name for ("qual o horário de atendimento?" reads as asking for a person)."""


def is_store_question(state: SalesState) -> bool:
    """Whether the turn asks about the store rather than for a product or a person."""
    classification = state.get("classification") or {}
    intent = classification.get("intent", "other")
    if intent in STORE_QUESTIONS:
        return not _also_shopping(state)
    if asks_size_guide(turn_text(state)) and not options_on_screen(state):
        return True
    if intent == "product_question" and in_checkout(state) and not topics_in(turn_text(state)) \
            and read(turn_text(state)).topics & {SHIPPING, FREE_SHIPPING}:
        # "how long until it gets there?" at the shipping menu: the delivery, not a product
        return True
    if intent == "product_question" and not (state.get("shown") or state.get("requests")):
        # "and how many days does it take?" with no product in view asks about delivery
        return bool(read(turn_text(state)).topics & {SHIPPING, FREE_SHIPPING})
    if intent not in _MAYBE_STORE:
        return False
    if _SERVICE_ASKED.search(fold(turn_text(state))):
        return True  # "vcs embrulham pra presente?": a service of the store, not a product
    if intent == "search_product" and ((classification.get("entities") or {}).get("product")
                                       or _also_shopping(state)):
        # ("preciso de um protetor solar pro rosto, chega ate sexta no 04011000?": the search
        # answers both, asks_about_store_too)
        return False
    reading = read(turn_text(state))
    topics = reading.topics - {TEAM}
    if topics == {HOURS} and "?" not in turn_text(state) and names_a_gift(turn_text(state)):
        return False  # "niver do meu afilhado sabado, uns 150 reais": when the gift is for
    if intent in {"human_agent", "search_product", "browse_catalog"}:
        # "horário de atendimento" asks when, not for a person; a policy word alone does not
        # turn a search into a question ("headphone com cancelamento de ruído").
        return bool(topics)
    return bool(topics) or reading.policy


def asks_size_guide(text: str) -> bool:
    """ "tem alguma tabela de tamanho?", "do you have a size chart?": the store's sizing."""
    return bool(_SIZE_GUIDE.search(fold(text)))


def options_on_screen(state: SalesState) -> bool:
    """Whether the options (variants) of one product are what the buyer sees."""
    shown = state.get("shown") or []
    return bool(shown) and all(item.get("attributes") for item in shown)


def unsure_complaint_asks_about_store(intent: str, confidence: float, text: str) -> bool:
    """A message the classifier took, with little confidence, for a complaint that asks
    about the store's hours, address or policies ("horario de atendimento?")."""
    return intent == "complaint" and confidence < _UNSURE and bool(read(text).topics - {TEAM})


_UNSURE = 0.5


async def answer_store_question(
    state: SalesState, context: Context, services: Services
) -> SalesUpdate:
    """Sets the `store_answer` outcome for the turn's question; the list shown stays."""
    lang = state.get("lang") or "pt"
    # Loading the model reads its package from disk the first time: off the event loop.
    encoder = await asyncio.to_thread(default_embedder)
    question = turn_text(state)
    reading, remembered = _with_known_cep(state, read(question))
    config = services.stores.get(context.store_id)
    async with services.pool.connection() as conn:
        async def asked(words: str, found: Reading | None, record: bool) -> Any:
            return await ask(conn, store_id=context.store_id, config=config, question=words,
                             clock=services.clock, encoder=encoder, lang=lang,
                             subtotal=_subtotal(state), reading=found, record_unknown=record)

        clauses = [c for c in _QUESTION_CLAUSES.split(question) if len(c.split()) >= 3]
        clauses.sort(key=lambda clause: not clause.rstrip().endswith("?"))  # asking ones first
        reply = await asked(question, reading, record=len(clauses) < 2)
        if reply.status == "unknown" and len(clauses) >= 2:
            # "before I pay, what's your return policy? in case it doesn't fit": the clause
            # that asks is answered; the whole is recorded for the owner only when none is.
            for clause in clauses:
                reply = await asked(clause, None, record=False)
                if reply.status != "unknown":
                    break
            else:
                reply = await asked(question, reading, record=True)
    update: dict[str, object] = {
        "outcome": {
            "kind": "store_answer",
            "status": reply.status,
            "text": reply.text,
            "sources": [hit.doc_id for hit in reply.passages],
        },
    }
    if remembered is not None:
        update["checkout"] = remembered
    if PICKUP in reading.topics and (state.get("cart") or {}).get("skus") and \
            reply.status == "answered":
        # "can i pick it up? i'm staying near paulista": told where; a yes at the CEP step
        # then means the pickup (checkout_answers)
        kept: CheckoutData = remembered or state.get("checkout") or {}
        update["checkout"] = cast(CheckoutData, {**kept, "pickup_asked": True})
    return update  # type: ignore[return-value]


def _with_known_cep(state: SalesState, reading: Reading) -> tuple[Reading, CheckoutData | None]:
    """The reading with the CEP the buyer gave before ("e demora qtos dias?" after "frete pra
    13015-904?"), and the checkout data that keeps a CEP given now, so checkout does not
    ask for it again. An order being placed keeps its own address."""
    collected = state.get("checkout") or {}
    if reading.cep:
        return reading, cep_kept(state, reading.cep)
    if collected.get("cep") and reading.topics & {SHIPPING, FREE_SHIPPING}:
        return replace(reading, cep=collected["cep"]), None
    return reading, None


def cep_kept(state: SalesState, said: str | None = None) -> CheckoutData | None:
    """The checkout data that keeps a CEP the buyer gives before checkout asks for it ("frete
    pra 13015-904?", "how much is the mat with shipping to 04552-000?"), so checkout does not
    ask again; None when there is none or an order being placed keeps its own address."""
    collected = state.get("checkout") or {}
    details = read_details(turn_text(state))
    found = read_cep(said) if said else (details["cep"], details["uf"]) if details.get(
        "cep") and details.get("uf") else None
    if found is None or collected.get("order_id") or collected.get("street"):
        return None
    # "ja vou deixando meus dados: Sueli Matsuda, rua tres rios 210, cep 01123010": the name
    # and street typed with it are kept for checkout too
    kept = {slot: details[slot] for slot in ("name", "street") if details.get(slot)}
    return cast(CheckoutData, {**collected, **kept, "cep": found[0], "uf": found[1]})


def _subtotal(state: SalesState) -> Decimal | None:
    """The open cart's subtotal, so the free-shipping gap and instalments are the cart's."""
    subtotal = (state.get("cart") or {}).get("subtotal")
    try:
        amount = Decimal(str(subtotal)) if subtotal else None
    except InvalidOperation:
        return None
    return amount if amount else None


def _also_shopping(state: SalesState) -> bool:
    """Whether a store question comes with a product asked for in another part of the message
    ("tem tênis 42? e o frete pra 22041-001?"): then the search answers both."""
    entities = (state.get("classification") or {}).get("entities") or {}
    # (a comma parts them too: "preciso de um protetor solar pro rosto, chega ate sexta no
    # 04011000?"; the search's own words keep theirs: shopping_words)
    words = shopping_words(state) or _shopping_part(turn_text(state))
    return bool(words) and bool(entities.get("product") or entities.get("category")
                                or _SHOPPING_CUE.search(words or ""))


def _shopping_part(text: str) -> str | None:
    """The parts between commas that ask for products, when another part asks the store."""
    parts = [p.strip() for p in re.split(r",\s+", text) if len(p.strip()) > 2]
    shopping = [p for p in parts if not (read(p).topics - {TEAM} or read(p).policy)]
    return " ".join(shopping) if shopping and len(shopping) < len(parts) else None


def shopping_words(state: SalesState) -> str | None:
    """The parts of a message that ask for products, when other parts ask about the store;
    None when the message is one or the other."""
    parts = [p.strip() for p in _CLAUSES.split(turn_text(state)) if len(p.strip()) > 2]
    shopping = [p for p in parts if not (read(p).topics - {TEAM} or read(p).policy)]
    return " ".join(shopping) if shopping and len(shopping) < len(parts) else None


def asks_about_store_too(state: SalesState) -> bool:
    """Whether a search also asks something the store's data answers (shipping to a CEP,
    instalments, hours): both get answered in one reply."""
    return bool(read(turn_text(state)).topics - {TEAM})


def asks_shipping_to_a_cep(state: SalesState) -> bool:
    """Whether the words ask the shipping to a CEP they give ("how much is the mat in total
    with shipping to 04552-000?")."""
    text = turn_text(state)
    return "cep" in read_details(text) and bool(read(text).topics & {SHIPPING, FREE_SHIPPING})


async def store_answer_text(state: SalesState, context: Context, services: Services) -> str | None:
    """The answer to the store question inside a shopping message; None when the data has
    none (the search reply stands alone)."""
    update = await answer_store_question(state, context, services)
    outcome = update.get("outcome") or {}
    return outcome.get("text") if outcome.get("status") == "answered" else None
