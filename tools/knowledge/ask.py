"""A buyer's question about the store, answered from its configuration and its knowledge.

1. Facts first: what the question asks about (`topics.read`, or the caller's reading) is
   computed from the store file (`facts`) and phrased (`phrasing`).
2. Policies and FAQ: when no fact answers, or the question is about a policy, the knowledge
   base is searched (`search`) and the best confident passage answers (`answer`).
3. Nothing answers: an honest unknown, recorded for the owner (`unanswered`); the caller
   offers a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from psycopg import AsyncConnection

from balcao.clock import Clock
from balcao.store_config import StoreConfig
from tools.knowledge import facts as f
from tools.knowledge import topics as t
from tools.knowledge.answer import PolicyAnswer, answer_from
from tools.knowledge.phrasing import Fact, ask_cep, render
from tools.knowledge.search import PassageHit, search
from tools.knowledge.text import detect_language
from tools.knowledge.unanswered import record_unanswered
from tools.knowledge.vectors import Encoder

# A FAQ entry this close in meaning is the owner's own answer to the question: it goes first,
# even when facts answer too ("posso pagar na entrega?").
FAQ_MATCH = 0.6
UNKNOWN_TEXT = {
    "pt": "Não encontrei essa informação nos dados da loja.",
    "en": "I couldn't find that in the store's information.",
}


@dataclass(frozen=True)
class KnowledgeReply:
    """What to tell the buyer, and what it came from.

    `status` is "unknown" when nothing in the store's data answers: `text` then says so, and
    the caller should offer a person.
    """

    status: Literal["answered", "unknown"]
    text: str
    lang: str
    facts: list[Fact] = field(default_factory=list)
    passages: list[PassageHit] = field(default_factory=list)


async def ask(
    conn: AsyncConnection[Any],
    *,
    store_id: str,
    config: StoreConfig,
    question: str,
    clock: Clock,
    encoder: Encoder | None,
    lang: str | None = None,
    subtotal: Decimal | None = None,
    reading: t.Reading | None = None,
    record_unknown: bool = True,
) -> KnowledgeReply:
    """Answers a question about the store (module docstring).

    Args:
        conn: A connection (autocommit; reads, and one write for an unknown).
        store_id: The store.
        config: The store's configuration (`StoreConfigs.get(store_id)`).
        question: The buyer's words as written.
        clock: Now (opening hours).
        encoder: The embeddings model of the store's passages, or None (full text only).
        lang: The reply's language ("pt" or "en"); None guesses from the question.
        subtotal: The cart's subtotal, for the free-shipping gap, instalment plan and PIX
            price; None without a cart.
        reading: Topics and place from the caller's understanding; None reads the question.
        record_unknown: Record an unknown question for the owner (False for the owner's own
            tries, the CLI and the eval).

    Returns:
        The reply; `facts` and `passages` are what it says.
    """
    lang = lang if lang in ("pt", "en") else detect_language(question)
    reading = reading or t.read(question)
    found = collect_facts(config, reading, subtotal, clock)
    hits = await search(conn, store_id, question, lang=lang, encoder=encoder)
    policy = answer_from(hits, question, lang)
    if policy is not None and not _passage_helps(reading, found, policy.passages[0]):
        policy = None
    if policy is None and not found:
        if record_unknown:
            await record_unanswered(conn, store_id, question, lang, clock.now())
        return KnowledgeReply("unknown", UNKNOWN_TEXT[lang], lang)
    return _compose(reading, found, policy, lang)


def _passage_helps(reading: t.Reading, found: list[Fact], hit: PassageHit) -> bool:
    """Whether a confident passage belongs in the reply besides the facts."""
    generic_shipping = [type(x) for x in found] == [f.ShippingNeedsCep]
    strong_faq = hit.question is not None and (hit.similarity or 0) >= FAQ_MATCH
    return not found or reading.policy or reading.residual or generic_shipping or strong_faq


def _compose(reading: t.Reading, found: list[Fact], policy: PolicyAnswer | None,
             lang: str) -> KnowledgeReply:
    asked = {"asked_pix": t.PIX in reading.topics,
             "asked_installments": t.INSTALLMENTS in reading.topics}
    if policy is None:
        text = "\n\n".join(render(fact, lang, **asked) for fact in found)
        return KnowledgeReply("answered", text, lang, found)
    if [type(x) for x in found] == [f.ShippingNeedsCep]:
        # The passage answers; the options list would repeat it: just ask where to.
        return KnowledgeReply("answered", f"{policy.text}\n\n{ask_cep(lang)}", lang, [],
                              policy.passages)
    parts = [render(fact, lang, **asked) for fact in found]
    first = reading.policy or not found or policy.passages[0].question is not None
    parts.insert(0 if first else len(parts), policy.text)
    return KnowledgeReply("answered", "\n\n".join(parts), lang, found, policy.passages)


def collect_facts(config: StoreConfig, reading: t.Reading, subtotal: Decimal | None,
                  clock: Clock) -> list[Fact]:
    """The facts for a reading's topics, each once, in a stable order."""
    topics, now = reading.topics, clock.now()
    found: list[Fact] = []
    if reading.cep:
        found.append(f.shipping_for_cep(config, reading.cep, subtotal))
    elif reading.state and t.SHIPPING in topics:
        found.append(f.shipping_for_state(config, reading.state, subtotal))
    elif t.FREE_SHIPPING in topics:
        found.append(f.free_shipping(config, subtotal))
    elif t.SHIPPING in topics:
        found.append(f.shipping_needs_cep(config, subtotal))
    if t.PAYMENT in topics:
        found.append(f.payment(config, subtotal))
    elif t.INSTALLMENTS in topics:
        found.append(f.installments_or_none(config, subtotal))
    if t.PICKUP in topics:
        found.append(f.pickup(config, now))
    if t.TEAM in topics:
        found.append(f.team(config, now))
    elif t.HOURS in topics and t.PICKUP not in topics:
        found.append(f.business_hours(config.escalation.hours, now))
    return found
