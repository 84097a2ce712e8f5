"""What an intent needs in the words before the model's guess is believed.

The linear model generalises from a few hundred examples, and some of its mistakes cost far
more than others: "pra mim msm, n passa de 80 blz" read as a request for a person hands a
buyer who was choosing a t-shirt to a queue; "where is the store exactly?" read as a yes
places the order the summary showed. These intents are only taken when the message carries
what they are made of; otherwise the model's next guess is.
"""

from __future__ import annotations

import re

from graphs.sales.nlu.normalize import fold

# A person asked for: who ("atendente", "alguem", "a human") or how ("me liga", "telefone").
_PERSON_CUES = re.compile(
    r"\b(atend\w*|human\w*|pessoa\w*|alguem|algum[ae]? (vendedor\w*|pessoa)|gerente|rob[oô]\w*|"
    r"bot|vendedor\w*|suporte|sac|don[oa]|responsavel|contato|telefone|numero|lig\w*|"
    r"whats\w*|carne e osso|equipe|person|people|someone|somebody|anyone|agent\w*|manager|"
    r"support|service|representative|rep|operator|call|phone|contact|staff|team|real)\b")
# A yes is never a question: "where is the store exactly?" asks, it does not agree.
_QUESTION = re.compile(r"\?|^\s*(onde|qual|quais|quanto|quando|como|cade|where|what|which|how|"
                       r"when|is|are|do|does|can)\b")


# "cancela esse pedido pfv" asks to cancel, whatever else it says about the order ("foi
# cancelado?" asks its status).
_CANCEL_ASKED = re.compile(r"\b(cancela|cancelar|cancele|cancelem|cancel|cancela-lo|"
                           r"quero cancelar|can you cancel)\b(?!\w)")
# The buyer says the order is paid ("paguei ontem", "ja paguei o pix", "I paid yesterday").
_PAID_SAID = re.compile(r"\b(paguei|pagamos|ja (ta |esta |foi )?pago|(i |already |just )paid|"
                        r"paid (it|for it|yesterday|today|this morning|last week))\b")
# A cancel asked of a paid order, with its reason ("queria cancelar, paguei ontem mas ganhei
# um igual"): the payment and the reason are why, not a payment question nor a doubt.
_CANCEL_REASONS = frozenset({"payment_question", "objection"})


def asks_to_cancel(text: str) -> bool:
    """The words ask to cancel ("cancela", "pode cancelar", "can you cancel"), not whether
    something was cancelled."""
    return bool(_CANCEL_ASKED.search(fold(text)))


def believable(intent: str, text: str) -> bool:
    """Whether the words can carry this intent at all."""
    folded = fold(text)
    if intent == "order_status":
        return not _CANCEL_ASKED.search(folded)
    if intent in _CANCEL_REASONS:
        return not (_CANCEL_ASKED.search(folded) and _PAID_SAID.search(folded))
    if intent == "human_agent":
        return bool(_PERSON_CUES.search(folded))
    if intent == "affirm":
        return not _QUESTION.search(folded)
    if intent == "deny":
        # "vai no expresso", "quero no azul": the Portuguese "no" (em + o) before a word is
        # no refusal; another word of refusal still is
        return not _CONTRACTED_NO.search(folded) or bool(_REFUSAL.search(folded))
    return True


_CONTRACTED_NO = re.compile(r"\b(?:vai|manda|envia|quero|prefiro|pode ser|fica|coloca|mandar|"
                            r"entrega|entregar|pago|pagar)\s+no\s+[a-z]")
_REFUSAL = re.compile(r"\b(?:nao|n|nope|nah|not|dont|don t|never|nunca|desisti|esquece)\b")
