"""`langgraph dev` serves the `sales` graph from langgraph.json and runs a turn through it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.service import REPO, free_port


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
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
