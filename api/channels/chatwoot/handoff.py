"""Handoff through Chatwoot: escalations open the conversation for the store's agents, and an
agent resolving it (or setting it back to the bot) hands it back to the graph.

Opening happens when the outbox sends the conversation's next message (the one telling the
buyer a person is coming): `toggle_status` to `open` (Chatwoot's agents see it in their
queue), labels for the reason and the priority (added to the ones it has: Chatwoot's labels
call replaces the list), and a private note with Balcão's summary. Then the escalation is
the Chatwoot team's (`assign_outside`): it does not time out, and buyer messages go to the
agents, never to the graph, until it is handed back.
"""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from api.channels.chatwoot.conversation_api import ConversationApi
from api.channels.chatwoot.render import private_note
from api.inbox import enqueue_handoff_event
from balcao.clock import Clock
from balcao.money import format_money
from tools.handoff import escalations as esc_db
from tools.handoff.priority import priority

TEAM = "chatwoot"
_LEVELS = ((50, "alta"), (30, "media"), (0, "baixa"))
"""Priority score → label: a complaint with anger or a VIP's is `alta`."""


async def open_for_agents(pool: AsyncConnectionPool, api: ConversationApi,
                          conversation_id: int, clock: Clock) -> bool:
    """Opens the conversation in Chatwoot when it has an escalation nobody has yet; True
    when it did. Chatwoot's failures propagate (the outbox row is retried, and so is this)."""
    async with pool.connection() as conn:
        escalation = await esc_db.open_escalation_of(conn, conversation_id)
    if escalation is None or escalation["status"] != "waiting":
        return False
    await api.post("toggle_status", {"status": "open"})
    current = await api.get("labels")
    labels = [str(label) for label in (current or {}).get("payload") or []]
    wanted = labels_for(escalation, clock)
    await api.post("labels", {"labels": [*labels, *(x for x in wanted if x not in labels)]})
    await api.post("messages", private_note(summary_note(escalation, clock)))
    async with pool.connection() as conn:
        return await esc_db.assign_outside(conn, escalation["id"], team=TEAM, clock=clock)


async def hand_back(conn: AsyncConnection, *, store_id: str, buyer_id: str,
                    clock: Clock) -> bool:
    """The agents are done (resolved, or set back to the bot): the conversation's open
    escalation returns to the graph, as the console's "return to bot" does. False when it
    had none."""
    cur = await conn.execute(
        "SELECT id FROM conversations WHERE store_id = %s AND channel = 'chatwoot'"
        " AND buyer_id = %s", (store_id, buyer_id))
    conversation = await cur.fetchone()
    if conversation is None:
        return False
    async with conn.transaction():
        escalation = await esc_db.open_escalation_of(conn, conversation["id"])
        if escalation is None:
            return False
        returned = await esc_db.hand_back(conn, escalation["id"], None, notes="",
                                          next_step="none", clock=clock)
        if returned is None:
            return False
        await enqueue_handoff_event(conn, returned, clock)
    return True


def labels_for(escalation: dict[str, Any], clock: Clock) -> list[str]:
    """`balcao`, `motivo-<reason>` and `prioridade-<alta|media|baixa>` (Chatwoot labels are
    lowercase letters, digits, `-` and `_`)."""
    score = priority(escalation["reason"], escalation["factors"], escalation["created_at"],
                     clock.now()).score
    level = next(name for floor, name in _LEVELS if score >= floor)
    return ["balcao", f"motivo-{escalation['reason'].replace('_', '-')}",
            f"prioridade-{level}"]


def summary_note(escalation: dict[str, Any], clock: Clock) -> str:
    """What the agents read first (pt-BR, like the console): why, what the buyer wants,
    the cart and the latest order, and how to give the conversation back."""
    summary = escalation["summary"] or {}
    score = priority(escalation["reason"], escalation["factors"], escalation["created_at"],
                     clock.now()).score
    lines = [f"Balcão passou esta conversa para a equipe. Motivo: "
             f"{escalation['reason'].replace('_', ' ')} (prioridade {score:g})."]
    if wants := summary.get("wants"):
        lines.append("O cliente disse: " + " / ".join(f"“{w}”" for w in wants))
    if cart := summary.get("cart"):
        items = ", ".join(f"{line['quantity']}× {line['name']}" for line in cart["lines"])
        lines.append(f"Carrinho: {items} — subtotal {format_money(cart['subtotal'])}")
    if order := summary.get("order"):
        lines.append(f"Último pedido: {order['number']} ({order['status']}), total "
                     f"{format_money(order['total'])}")
    lines.append("Para devolver ao bot, resolva a conversa (ou marque como pendente).")
    return "\n".join(lines)
