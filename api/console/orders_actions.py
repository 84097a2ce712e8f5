"""What an operator does to an order from the console: ship, deliver, cancel, approve or
refuse an exchange or return. CSRF-checked form posts answered with a redirect; each goes
through `api.worker.order_actions.change_order`, as the CLI does, so the rules, the history
row (the operator as actor) and the buyer's notice are the same."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import RedirectResponse

from api.console.scope import ScopeDep
from api.deps import OutboxWakeDep, ResourcesDep, TurnWakeDep
from api.worker.order_actions import ACTIONS, OrderActionError, change_order

router = APIRouter(prefix="/orders/{number}")

_DONE = {"ship": "Pedido marcado como enviado.", "deliver": "Pedido marcado como entregue.",
         "cancel": "Pedido cancelado.", "approve": "Troca ou devolução aprovada.",
         "refuse": "Troca ou devolução recusada."}


@router.post("/{action}")
async def order_action(number: str, action: str, resources: ResourcesDep,
                       scope: ScopeDep, outbox_wake: OutboxWakeDep, turn_wake: TurnWakeDep,
                       tracking_code: str = Form(""), carrier: str = Form(""),
                       reason: str = Form("")) -> RedirectResponse:
    if action not in ACTIONS:
        raise HTTPException(404, "no such action")
    async with resources.pool.connection() as conn:
        try:
            await change_order(
                conn, resources.services.stores, resources.clock,
                store_id=scope.store_id, number=number, action=action,
                actor=f"operator:{scope.operator.email}", tracking_code=tracking_code[:64],
                carrier=carrier.strip()[:64] or None, reason=reason[:300])
        except LookupError:
            raise HTTPException(404, "no such order") from None
        except OrderActionError as exc:
            return _back(number, f"Não foi possível: {exc}")
    outbox_wake.set()
    turn_wake.set()  # an approval may have queued the difference's link for the conversation
    return _back(number, _DONE[action])


def _back(number: str, message: str) -> RedirectResponse:
    return RedirectResponse(f"/console/orders/{quote(number)}?msg={quote(message)}",
                            status_code=303)
