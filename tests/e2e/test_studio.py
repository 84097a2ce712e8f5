"""`langgraph dev` serves the `sales` graph from langgraph.json; a conversation runs through it
with the LangGraph SDK, pauses on its payment (`interrupt()`) and is resumed (`Command`)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from langgraph_sdk import get_client

from tests.service import REPO, free_port


async def _checkout_pause_and_resume(base: str) -> None:
    """A conversation through the SDK that pauses on its payment and is resumed."""
    client = get_client(url=base)
    thread = await client.threads.create()
    context = {"store_id": "default", "buyer_id": "5511955550000"}

    async def say(text: str, kind: str = "text", reply_id: str | None = None) -> dict:
        message = {"external_id": f"sdk.{uuid.uuid4().hex}", "buyer_id": context["buyer_id"],
                   "kind": kind, "text": text, "reply_id": reply_id}
        return await client.runs.wait(
            thread["thread_id"], "sales", context=context,
            input={"turn_id": f"sdk-{uuid.uuid4().hex[:8]}", "inbound": [message]})

    await say("tem garrafa termica?")
    await say("add", kind="list_reply", reply_id="add:GAR-TERM-500")
    for text in ("quero finalizar", "Rosa Prado", "04567-000", "Rua Bela Cintra, 100"):
        await say(text)
    await say("Retirar", kind="list_reply", reply_id="ship:retirada")
    paused = await say("sim")
    assert paused["reply"]["template"] == "payment_link", paused
    state = await client.threads.get_state(thread["thread_id"])
    (interrupt,) = state["interrupts"]
    assert interrupt["value"]["waiting_for"] == "payment"

    resumed = await client.runs.wait(
        thread["thread_id"], "sales", context=context,
        command={"resume": {"order_id": interrupt["value"]["order_id"],
                            "payment_id": interrupt["value"]["payment_id"], "status": "paid"},
                 "update": {"turn_id": "sdk-paid"}})
    assert resumed["reply"]["template"] == "payment_confirmed", resumed
    assert (await client.threads.get_state(thread["thread_id"]))["interrupts"] == []


def test_langgraph_dev_serves_the_sales_graph(service_env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    log = (tmp_path / "langgraph-dev.log").open("wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("langgraph")), "dev", "--no-browser",
         "--no-reload", "--port", str(port)],
        cwd=REPO, env={**os.environ, **service_env}, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (tmp_path / "langgraph-dev.log").read_text()[-3000:]
            try:
                if httpx.get(f"{base}/ok", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "langgraph dev did not start"
            time.sleep(0.3)
        assistants = httpx.post(f"{base}/assistants/search", json={}, timeout=10).json()
        assert [a["graph_id"] for a in assistants] == ["sales"]
        run = httpx.post(f"{base}/runs/wait", timeout=60, json={
            "assistant_id": "sales",
            "input": {"turn_id": "studio-1", "inbound": [{
                "external_id": "studio.1", "buyer_id": "studio", "kind": "text",
                "text": "tem garrafa termica?"}]},
        }).json()
        assert run["reply"]["template"] == "search_results", run
        assert {o["id"] for o in run["reply"]["options"]} >= {"show:GAR-TERM-500"}
        asyncio.run(_checkout_pause_and_resume(base))
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
