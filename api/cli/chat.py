"""`balcao chat`: talk to the sales graph in the terminal, as a WhatsApp buyer would.

Same graph, same database and same rendering as WhatsApp, shown as text; each line is one
turn. Typing text sends text, as on WhatsApp; `#N` taps the reply's option N, as a button or
list row would.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from typing import Any

from api.channels.whatsapp.text import render_text
from api.render.text import render_body, word_options
from api.resources import open_resources
from api.worker.turn import run_turn
from balcao.messages import InboundMessage, Reply
from balcao.pii import configure_logging
from balcao.settings import get_settings
from graphs.sales.context import Context
from graphs.sales.nodes.respond import SILENT
from tools.conversations.threads import ensure_conversation, thread_id_for


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="talk to the graph in the terminal")
    parser.add_argument(
        "--buyer", default="5500000000000", help="the WhatsApp id to chat as (a new one starts "
        "a new conversation)"
    )
    parser.add_argument("--name", default="Cliente", help="the buyer's profile name")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure_logging("WARNING")
    return asyncio.run(_chat(args.buyer, args.name))


async def _chat(buyer: str, name: str) -> int:
    settings = get_settings()
    async with open_resources(settings) as resources:
        store_id = settings.default_store_id
        async with resources.pool.connection() as conn:
            conv_id = await ensure_conversation(
                conn, store_id=store_id, buyer_id=buyer, contact_name=name
            )
        context = Context(store_id=store_id, buyer_id=buyer, conversation_id=conv_id,
                          services=resources.services)
        options: list[dict[str, Any]] = []
        print("Balcão chat — escreva como no WhatsApp; #N toca a opção N; Ctrl-D sai.", flush=True)
        while True:
            line = await asyncio.to_thread(_read_line)
            if line is None:
                return 0
            if not line.strip():
                continue
            message = _as_message(line.strip(), options, buyer, name)
            reply_dict = await run_turn(
                resources.graph,
                thread_id=thread_id_for(store_id, buyer),
                turn_id=f"chat-{uuid.uuid4().hex}",
                inbound=[message.model_dump(mode="json")],
                context=context,
            )
            reply = word_options(Reply.model_validate(reply_dict))
            options = [o.model_dump() for o in reply.options]
            if reply.template != SILENT:
                print("\n" + render_text(reply, render_body(reply)) + "\n", flush=True)


def _read_line() -> str | None:
    sys.stdout.write("> ")
    sys.stdout.flush()
    line = sys.stdin.readline()
    return line if line else None


def _as_message(text: str, options: list[dict[str, Any]], buyer: str, name: str) -> InboundMessage:
    """`#N` becomes a tap on option N, exactly as WhatsApp sends a button or list reply."""
    common = {"external_id": f"chat.{uuid.uuid4().hex}", "buyer_id": buyer, "buyer_name": name}
    number = text[1:]
    if text.startswith("#") and number.isdigit() and 1 <= int(number) <= len(options):
        option = options[int(number) - 1]
        return InboundMessage(kind="list_reply", text=option["title"], reply_id=option["id"],
                              **common)
    return InboundMessage(kind="text", text=text, **common)
