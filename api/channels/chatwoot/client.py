"""Sends outbox rows of `chatwoot` conversations through the store's Chatwoot.

`POST /api/v1/accounts/{account}/conversations/{id}/messages`; Chatwoot answers with the
message it created (`id`) and delivers it to whatever inbox the conversation is on
(WhatsApp, Instagram, the website widget). Before a conversation's message goes out, an
escalation nobody has yet opens the conversation for the store's agents (`handoff`).
"""

from __future__ import annotations

from typing import Any

import httpx
from psycopg_pool import AsyncConnectionPool

from api.channels.chatwoot.conversation_api import ConversationApi
from api.channels.chatwoot.handoff import open_for_agents
from api.channels.chatwoot.parse import conversation_of
from api.channels.chatwoot.render import NotSendable, to_chatwoot
from api.channels.whatsapp.client import PermanentSendError
from balcao.clock import Clock
from balcao.store_config import StoreConfigs


class ChatwootSender:
    """The outbox's sender for conversations on the `chatwoot` channel."""

    def __init__(self, stores: StoreConfigs, http: httpx.AsyncClient,
                 pool: AsyncConnectionPool, clock: Clock) -> None:
        self._stores = stores
        self._http = http
        self._pool = pool
        self._clock = clock

    async def send(self, row: dict[str, Any]) -> str:
        """Sends one outbox row; returns Chatwoot's message id.

        Raises:
            RetryableSendError: 429, 5xx, a timeout or a lost connection (also while opening
                the conversation for agents: the row waits, and so does the handoff).
            PermanentSendError: The store has no Chatwoot, the recipient is not a Chatwoot
                conversation, the message has no Chatwoot form, or any other refusal.
        """
        channel = self._stores.get(row["store_id"]).channels.chatwoot
        if channel is None:
            raise PermanentSendError(f"store {row['store_id']} has no Chatwoot agent bot")
        conversation_id = conversation_of(row["recipient"])
        if conversation_id is None:
            raise PermanentSendError("recipient is not a Chatwoot conversation")
        try:
            body = to_chatwoot(row["payload"], input_select=channel.input_select)
        except NotSendable as err:
            raise PermanentSendError(str(err)) from None
        api = ConversationApi(self._http, channel, conversation_id)
        if row["conversation_id"] is not None:
            await open_for_agents(self._pool, api, row["conversation_id"], self._clock)
        answer = await api.post("messages", body)
        message_id = answer.get("id") if isinstance(answer, dict) else None
        if not isinstance(message_id, int | str) or isinstance(message_id, bool):
            # Sent or not, it cannot be tracked; sending again could double it.
            raise PermanentSendError("Chatwoot's answer has no message id")
        return str(message_id)
