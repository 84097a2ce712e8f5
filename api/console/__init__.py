"""The operator console under `/console`: sign-in, the queue, conversations, the dashboard,
operator administration and the store's FAQ. Server-rendered HTML with a little vanilla
JavaScript."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.console import actions, admin, dashboard, knowledge, live, login, pages

router = APIRouter(prefix="/console", include_in_schema=False)
router.add_api_route("", pages.queue_page, methods=["GET"], response_class=HTMLResponse)
for module in (login, pages, actions, live, dashboard, admin, knowledge):
    router.include_router(module.router)
