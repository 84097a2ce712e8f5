"""The turn of a buyer who asked for a person and took it back before anyone came ("ah
deixa, vc msm resolve. tem kit de meia branca 39 a 43?").

The worker lets such a message through to the graph, with the request closed as withdrawn
(api/worker/withdrawal.py), while the thread still holds the request (`handoff`). This turn
lets go of it, so the reply is not followed by another wait for a person, and reads the rest
of the message as any turn; the withdrawal's own words ("deixa", "vc msm resolve") are left
out of what every step reads, so they are never a product, a "no" to an offer or a complaint.
A message that is only the withdrawal is answered with `handoff_withdrawn`: the bot goes on.
Right after a request nobody picked up (the bot asked for a message to leave), the same words
are no message for the team: the bot goes on the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphs.sales.inbound import Turn
from graphs.sales.nlu.language import detect_language
from graphs.sales.nlu.types import Classification
from graphs.sales.nlu.withdraw_person import Withdrawal, read_withdrawal
from graphs.sales.state import SalesUpdate


def withdrawal_of(state: Mapping[str, Any], turn: Turn) -> Withdrawal | None:
    """The withdrawal the turn's words make while the thread holds a request for a person,
    or right after nobody picked one up (the bot asked for a message to leave: "deixa, vc
    resolve" is none); None for any other turn (an event, a tap, no request, words that
    still want one)."""
    asked = state.get("handoff") or state.get("pending_question") == "leave_message"
    if not asked or turn.handback is not None or turn.payment is not None \
            or turn.tap is not None or not turn.text:
        return None
    return read_withdrawal(turn.text)


def only_withdrawn(state: Mapping[str, Any], text: str) -> Classification:
    """The reading of a message that says nothing else ("nvm, I'll just do it with you"), in
    the language of its words (the conversation's when they do not tell)."""
    last = state.get("lang")
    lang = detect_language(text, fallback=last or "pt", settled=last is not None)
    return Classification(intent="other", confidence=1.0, lang="en" if lang == "en" else "pt")


def after_withdrawal(withdrawal: Withdrawal, reading: str) -> SalesUpdate:
    """What the turn changes besides its reading: the request for a person is let go, and
    later steps read the words left (`reading`, when the turn already set one: its first
    ask); a message with nothing else is told the bot goes on."""
    update: SalesUpdate = {"handoff": None, "reading": reading or withdrawal.rest,
                           "pending_question": None}
    if not withdrawal.rest:
        update["outcome"] = {"kind": "handoff_withdrawn"}
    return update
