"""`classify`: reads the turn's messages into a classification, or decodes a tap."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from balcao.messages import InboundMessage
from graphs.sales import actions
from graphs.sales.catalog_hint import names_a_product, should_check
from graphs.sales.context import Context
from graphs.sales.nlu.types import Classification, DialogueContext
from graphs.sales.persuasion.memory import after_buyer_turn
from graphs.sales.runtime import context_of, services_for
from graphs.sales.signals import next_signals
from graphs.sales.state import SalesState

# Kinds that carry no words to understand; the buyer is told what we can read.
_WORDLESS = {"image", "audio", "video", "document", "sticker", "location", "contacts"}


def turn_text(messages: list[InboundMessage]) -> str:
    """The words of a burst, in order, one message per line."""
    return "\n".join(m.text.strip() for m in messages if m.text and m.text.strip())


async def classify(state: SalesState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Sets `classification`, `action` and `lang` for this turn and records the buyer's words."""
    inbound = [InboundMessage.model_validate(m) for m in state["inbound"]]
    text = turn_text(inbound)
    lang = state.get("lang") or "pt"
    action: dict[str, Any] = {}

    payment = next((m for m in inbound if m.kind == "payment" and m.payment), None)
    handback = next((m for m in inbound if m.kind == "handoff" and m.event), None)
    tap = next((m for m in reversed(inbound) if m.reply_id), None)
    order = next((m for m in reversed(inbound) if m.kind == "order" and m.order), None)
    if payment is not None:
        action = {"payment": payment.payment}
        classification = Classification(intent="other", confidence=1.0, lang=lang)
    elif handback is not None:
        action = {"handoff": handback.event}
        classification = Classification(intent="other", confidence=1.0, lang=lang)
    elif tap is not None and (decoded := actions.decode(tap.reply_id or "")) is not None:
        action = decoded
        classification = Classification(intent=decoded["intent"], confidence=1.0, lang=lang)
    elif order is not None and order.order is not None:
        action = {"intent": "add_to_cart", "order_items": order.order.model_dump()["items"]}
        classification = Classification(intent="add_to_cart", confidence=1.0, lang=lang)
    elif not text:
        kinds = sorted({m.kind for m in inbound})
        # A reaction or a system notice needs no answer; anything else gets an honest one.
        silent = set(kinds) <= {"reaction", "system"}
        action = {"silent": True} if silent else {"unreadable": kinds}
        classification = Classification(intent="other", confidence=1.0, lang=lang)
    else:
        services = await services_for(runtime)
        dialogue = DialogueContext(
            pending_question=state.get("pending_question"),
            last_list_size=len(state.get("shown") or []),
            last_lang=lang,  # type: ignore[arg-type]
        )
        classification = services.classifier.classify(text, context=dialogue)
        if should_check(classification.model_dump(), state.get("pending_question")) and \
                await names_a_product(services.catalog, context_of(runtime).store_id, text):
            classification = classification.model_copy(update={"intent": "search_product"})
        if any(m.kind in _WORDLESS for m in inbound):
            action = {"also_unreadable": sorted({m.kind for m in inbound} & _WORDLESS)}

    update: dict[str, Any] = {
        "classification": classification.model_dump(),
        "action": action,
        "lang": classification.lang,
        "outcome": {},
        "suggestions": [],
        "messages": [{"role": "buyer", "text": text}] if text else [],
    }
    if payment is None and handback is None and not action.get("silent"):
        # Only the buyer's own turns move the trouble counters, not events.
        update["signals"] = next_signals(
            state.get("signals"), intent=classification.intent,
            sentiment=classification.sentiment,
            understood=classification.intent != "other" or not text or bool(action),
            pending_question=state.get("pending_question"),
        )
        update["persuasion"] = after_buyer_turn(state.get("persuasion"), classification.intent)
    return update
