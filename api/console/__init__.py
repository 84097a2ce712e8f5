"""The operator console under `/console`: sign-in, the queue, conversations, the dashboard,
operator administration, the store's FAQ and its orders. Server-rendered HTML with a little
vanilla JavaScript."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.console import (
    actions,
    admin,
    dashboard,
    knowledge,
    live,
    login,
    orders,
    orders_actions,
    pages,
)

router = APIRouter(prefix="/console", include_in_schema=False)
router.add_api_route("", pages.queue_page, methods=["GET"], response_class=HTMLResponse)
for module in (login, pages, actions, live, dashboard, admin, knowledge, orders,
               orders_actions):
    router.include_router(module.router)
