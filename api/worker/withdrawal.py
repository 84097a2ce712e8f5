"""A buyer who asked for a person and takes it back before anyone took it ("ah deixa, vc msm
resolve. tem meia branca 39 a 43?"): the request leaves the queue and the buyer's messages
go to the bot again, from the one that said so on.

One decision for the worker (api/worker/claims.py, inside the transaction that also stamps
the turn) and the golden runner (evals/golden/runner.py). Once a person has the conversation
(`assigned`), every message stays theirs: they are talking, and the person hands back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from balcao.clock import Clock
from balcao.db.connect import Connection
from graphs.sales.nlu.withdraw_person import withdraws_person
from tools.handoff.escalations import open_escalation_of, withdraw


async def withdrawn_at(conn: Connection, conversation_id: int,
                       rows: Sequence[Mapping[str, Any]], clock: Clock) -> int | None:
    """The index of the first of the buyer's `rows` (inbox rows: `message`, the message's
    dump, and `id`, the inbox row's, when it has one) that takes back the conversation's
    waiting request for a person, the request closed as withdrawn in the caller's
    transaction; None when none does, nobody is waiting, or a person has it already."""
    at = next((i for i, row in enumerate(rows) if _withdraws(row.get("message") or {})), None)
    if at is None:
        return None
    escalation = await open_escalation_of(conn, conversation_id)
    if escalation is None or escalation["status"] != "waiting":
        return None
    # (an operator who takes it in the meantime wins: the update then finds it assigned)
    if not await withdraw(conn, escalation["id"], inbox_id=rows[at].get("id"), clock=clock):
        return None
    return at


def _withdraws(message: Mapping[str, Any]) -> bool:
    """A typed message (not a tapped option's title) whose words take the request back."""
    text = message.get("text")
    return bool(text) and not message.get("reply_id") and withdraws_person(str(text))
