"""What an operator does to a conversation: assign, release, reply, return to the bot, dismiss,
mark VIP. Every action is a CSRF-checked form post answered with a redirect (no resubmits)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import RedirectResponse

from api.console.replies import ReplyRefused, send_operator_reply
from api.console.scope import ScopeDep
from api.deps import OutboxWakeDep, ResourcesDep, TurnWakeDep
from api.inbox import enqueue_handoff_event
from tools.handoff import escalations as esc_db
from tools.handoff.queue import escalation_detail
from tools.handoff.wait import pickup_deadline

router = APIRouter(prefix="/escalations/{escalation_id}")


def _back(escalation_id: int, message: str = "") -> RedirectResponse:
    suffix = f"?msg={quote(message)}" if message else ""
    return RedirectResponse(f"/console/escalations/{escalation_id}{suffix}", status_code=303)


@router.post("/assign")
async def assign(escalation_id: int, resources: ResourcesDep,
                 operator: ScopeDep) -> RedirectResponse:
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        taken = await esc_db.assign(conn, escalation_id, operator.id, resources.clock)
    return _back(escalation_id, "" if taken else "Não foi possível assumir esta conversa.")


@router.post("/release")
async def release(escalation_id: int, resources: ResourcesDep,
                  operator: ScopeDep) -> RedirectResponse:
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        escalation = await esc_db.load_escalation(conn, escalation_id)
        if escalation is None:
            raise HTTPException(404, "no such escalation")
        config = resources.services.stores.get(escalation["store_id"]).escalation
        await esc_db.release(conn, escalation_id, operator.id, resources.clock,
                             deadline=pickup_deadline(config, resources.clock.now()))
    return RedirectResponse("/console", status_code=303)


@router.post("/reply")
async def reply(escalation_id: int, resources: ResourcesDep, operator: ScopeDep,
                outbox_wake: OutboxWakeDep, text: str = Form(""),
                nonce: str = Form("")) -> RedirectResponse:
    """Sends through the outbox; replying to a waiting conversation takes it."""
    if not nonce:
        raise HTTPException(400, "missing nonce")
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        escalation = await escalation_detail(conn, escalation_id, resources.clock.now())
        if escalation is None:
            raise HTTPException(404, "no such escalation")
        if escalation["status"] == "assigned" and escalation["assigned_to"] != operator.id:
            return _back(escalation_id, "Outra pessoa está atendendo esta conversa.")
        if escalation["status"] == "waiting":
            await esc_db.assign(conn, escalation_id, operator.id, resources.clock)
        try:
            await send_operator_reply(conn, escalation=escalation, operator_id=operator.id,
                                      text=text, nonce=nonce, clock=resources.clock)
        except ReplyRefused as refused:
            return _back(escalation_id, f"Mensagem não enviada: {refused}")
    outbox_wake.set()
    return _back(escalation_id)


@router.post("/return")
async def return_to_bot(escalation_id: int, resources: ResourcesDep, operator: ScopeDep,
                        turn_wake: TurnWakeDep, notes: str = Form(""),
                        next_step: str = Form("none")) -> RedirectResponse:
    """Hands back with notes; the worker resumes the graph with them."""
    if next_step not in esc_db.NEXT_STEPS:
        raise HTTPException(400, "unknown next step")
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        escalation = await esc_db.load_escalation(conn, escalation_id)
        if escalation is None:
            raise HTTPException(404, "no such escalation")
        if escalation["status"] == "assigned" and escalation["assigned_to"] != operator.id:
            return _back(escalation_id, "Outra pessoa está atendendo esta conversa.")
        async with conn.transaction():
            returned = await esc_db.hand_back(conn, escalation_id, operator.id,
                                              notes=notes.strip()[:2000], next_step=next_step,
                                              clock=resources.clock)
            if returned is not None:
                await enqueue_handoff_event(conn, returned, resources.clock)
    if returned is None:
        return _back(escalation_id, "Esta conversa já não estava em atendimento.")
    turn_wake.set()
    return RedirectResponse("/console", status_code=303)


@router.post("/dismiss")
async def dismiss(escalation_id: int, resources: ResourcesDep,
                  operator: ScopeDep) -> RedirectResponse:
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        await esc_db.dismiss(conn, escalation_id, operator.id, resources.clock)
    return RedirectResponse("/console", status_code=303)


@router.post("/vip")
async def mark_vip(escalation_id: int, resources: ResourcesDep, operator: ScopeDep,
                   vip: str = Form("")) -> RedirectResponse:
    """Marks the buyer VIP in the CRM (when the CRM lets Balcão write the flag)."""
    set_vip = getattr(resources.services.crm, "set_vip", None)
    if set_vip is None:
        return _back(escalation_id, "O VIP é definido no CRM.")
    async with resources.pool.connection() as conn:
        await operator.require_row(conn, "escalations", escalation_id)
        escalation = await escalation_detail(conn, escalation_id, resources.clock.now())
    if escalation is None:
        raise HTTPException(404, "no such escalation")
    await set_vip(escalation["store_id"], escalation["buyer_id"], vip == "1")
    return _back(escalation_id)
