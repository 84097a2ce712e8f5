"""`python -m evals.load`: how many turns a second the service answers, and how fast.

Starts an embedded PostgreSQL in a private, temporary data folder, the local fake Graph API
(tests/fakes/graph_api.py, in a process of its own) and `balcao serve` (optionally with
`--workers K` extra `balcao worker` processes and the API's own worker off), all on 127.0.0.1.
Then, per run, `--buyers` buyers (`--at-once` at a time) each send `--turns` messages over
signed webhooks, one at a time, waiting for each answer; and a bare 7-node LangGraph graph with
`AsyncPostgresSaver` (durability "sync") runs the same turns on the same database.

Prints, medians over `--runs`: turns/s, webhook acknowledgement p50/p95 (as the buyers saw it
and as the service timed it), reply p50/p95 (webhook sent to the first reply at the fake Graph
API) beside the bare graph's own turn p50/p95, the ratio of turns/s to the bare graph's, lost
and duplicated replies (must be 0), and the processes' peak memory; then the
checkpoint bytes one conversation writes at turn 1, 50 and 200 (`--growth-turns`).
`--flood-messages N` instead runs the buyers beside one buyer flooding N long messages and
prints their reply times against a baseline (evals/load/flood.py). `--stores 2` instead runs
them beside a second store sent far more than its per-store limit (evals/load/stores.py).
`--profile FILE` runs one worker under cProfile and prints where its time went.
`--think-ms T` has each buyer pause about T ms (0.5-1.5 T) between a reply and its next
message, as people do; with 0 (the default) the service is saturated, which is what the ratio
to the bare graph compares (the bare graph's turns have no pauses).

Run from the repository root (it uses the test fakes):
    .venv/bin/python -m evals.load --buyers 100 --turns 5 --at-once 24 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.load.drive import APP_SECRET, SCRIPT, drive_buyers
from evals.load.flood import flood_scenario, print_flood
from evals.load.graph_process import GraphApiProcess
from evals.load.service_metrics import METRICS_TOKEN, quantile_ms, webhook_buckets
from evals.load.skeleton import skeleton_turns
from evals.load.stores import busy_store_env, print_two_stores, two_store_scenario

ACCESS_TOKEN = "load-access-token"
PHONE_NUMBER_ID = "1122334455667"
FIGURES = ["turns_per_second", "skeleton_turns_per_second", "ratio", "ack_p50_ms",
           "ack_p95_ms", "service_ack_p50_ms", "service_ack_p95_ms", "reply_p50_ms",
           "reply_p95_ms", "lost", "duplicated",
           "cpu_ms_per_turn", "skeleton_cpu_ms_per_turn", "skeleton_turn_p50_ms",
           "skeleton_turn_p95_ms"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.load",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--buyers", type=int, default=100, help="buyers per run (max 1000)")
    parser.add_argument("--at-once", type=int, default=24, help="buyers talking at a time")
    parser.add_argument("--turns", "--messages", dest="turns", type=int, default=5,
                        help="messages per buyer (max 20)")
    parser.add_argument("--concurrency", type=int, default=8, help="BALCAO_WORKER_CONCURRENCY")
    parser.add_argument("--workers", type=int, default=0,
                        help="extra `balcao worker` processes (0: the API's own worker)")
    parser.add_argument("--runs", type=int, default=1, help="runs; figures are their medians")
    parser.add_argument("--growth-turns", type=int, default=200,
                        help="turns of the checkpoint-growth conversation (0: skip it)")
    parser.add_argument("--debounce-ms", type=int, default=100, help="BALCAO_DEBOUNCE_MS")
    parser.add_argument("--think-ms", type=int, default=0,
                        help="a buyer's pause between a reply and its next message, on average"
                        " (0: at once, the service saturated; 2000: a quick typist)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run")
    parser.add_argument("--profile", type=Path, help="run one worker under cProfile, stats here")
    parser.add_argument("--flood-messages", type=int, default=0,
                        help="flood scenario: one buyer sends this many 4,096-character messages")
    parser.add_argument("--flood-rate", type=int, default=30,
                        help="BALCAO_BUYER_MESSAGES_PER_MINUTE in the flood scenario")
    parser.add_argument("--stores", type=int, default=1, choices=(1, 2),
                        help="2: the buyers' store beside a busy store past its limit")
    parser.add_argument("--store-rate", type=int, default=240,
                        help="BALCAO_STORE_MESSAGES_PER_MINUTE in the two-store run")
    parser.add_argument("--busy-messages", type=int, default=600,
                        help="messages sent to the busy store in the two-store run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    args.buyers = max(1, min(args.buyers, 1000))
    args.at_once = max(1, min(args.at_once, args.buyers))
    args.turns = max(1, min(args.turns, 20))
    args.workers = max(1 if args.profile else 0, min(args.workers, 8))
    args.runs = max(1, min(args.runs, 9))
    args.flood_messages = max(0, min(args.flood_messages, 10_000))
    args.busy_messages = max(1, min(args.busy_messages, 30_000))
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="balcao-load-") as tmp:
        async with GraphApiProcess(ACCESS_TOKEN) as graph_api:
            return await _measure(args, Path(tmp), graph_api)


async def _measure(args: argparse.Namespace, data: Path, graph_api: GraphApiProcess) -> int:
    from balcao.db.embedded import embedded_database_url
    from evals.load.growth import checkpoint_growth
    from tests.service import ServiceProcess

    db_url = await asyncio.to_thread(embedded_database_url, data / "db")
    env = _service_env(args, db_url, data, graph_api.base_url)
    service = ServiceProcess(env, data / "service.log")
    workers: list[subprocess.Popen[bytes]] = []
    runs: list[dict[str, Any]] = []
    try:
        await asyncio.to_thread(service.start, 180)
        for i in range(args.workers):
            profile = args.profile if i == 0 else None
            workers.append(await _start_worker({**os.environ, **env}, data / f"w{i}.log",
                                               profile))
        pids = [p.pid for p in [service.proc, *workers] if p is not None]
        if args.flood_messages:
            flood = await flood_scenario(args, service.url, graph_api, db_url,
                                         lambda: _cpu_seconds(pids))
            return _print_scenario(args, flood, print_flood)
        if args.stores == 2:
            stores = await two_store_scenario(args, service.url, graph_api, db_url)
            return _print_scenario(args, stores, print_two_stores)
        for run in range(args.runs):
            cpu, timed = _cpu_seconds(pids), await webhook_buckets(service.url)
            figures = await drive_buyers(args, service.url, graph_api, db_url, run)
            timed_after = await webhook_buckets(service.url)
            figures["service_ack_p50_ms"] = quantile_ms(timed, timed_after, 0.5)
            figures["service_ack_p95_ms"] = quantile_ms(timed, timed_after, 0.95)
            figures["cpu_ms_per_turn"] = 1000 * (_cpu_seconds(pids) - cpu) / max(
                figures["turns"], 1)
            skeleton = await skeleton_turns(db_url, buyers=args.buyers, turns=args.turns,
                                            at_once=args.at_once, run=run)
            figures["skeleton_turns_per_second"] = skeleton.turns_per_second
            figures["skeleton_cpu_ms_per_turn"] = skeleton.cpu_ms_per_turn
            figures["skeleton_turn_p50_ms"] = skeleton.turn_p50_ms
            figures["skeleton_turn_p95_ms"] = skeleton.turn_p95_ms
            figures["ratio"] = figures["turns_per_second"] / \
                figures["skeleton_turns_per_second"]
            runs.append(figures)
        peak = {str(pid): _peak_rss_mb(pid) for pid in pids}
        growth = (await checkpoint_growth(db_url, SCRIPT, args.growth_turns)
                  if args.growth_turns else None)
    finally:
        for proc in workers:
            proc.terminate()
        for proc in workers:
            await asyncio.to_thread(proc.wait, 30)
        await asyncio.to_thread(service.stop)
    summary = _summary(runs, peak, growth)
    _print(args, summary)
    if args.profile:
        _print_profile(args.profile)
    return 0 if summary["lost"] == 0 and summary["duplicated"] == 0 else 1


def _print_scenario(args: argparse.Namespace, figures: dict[str, Any],
                    show: Callable[[argparse.Namespace, dict[str, Any]], None]) -> int:
    if args.json:
        print(json.dumps(figures))
    else:
        show(args, figures)
    return 0 if figures["lost"] == 0 and figures["duplicated"] == 0 else 1


def _service_env(args: argparse.Namespace, db_url: str, data: Path, graph_url: str
                 ) -> dict[str, str]:
    return {
        "DATABASE_URL": db_url,
        "BALCAO_DATA_DIR": str(data / "db"),
        "BALCAO_HOST": "127.0.0.1",
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_API_BASE_URL": graph_url,
        "BALCAO_DEBOUNCE_MS": str(args.debounce_ms),
        "BALCAO_WORKER_POLL_MS": "50",
        "BALCAO_WORKER_CONCURRENCY": str(args.concurrency),
        "BALCAO_LOG_LEVEL": "WARNING",
        "BALCAO_METRICS_TOKEN": METRICS_TOKEN,
        "BALCAO_RUN_WORKER": "false" if args.workers else "true",
        "BALCAO_BUYER_MESSAGES_PER_MINUTE": str(args.flood_rate if args.flood_messages else 0),
        # One store plays many buyers: no per-store cap, but in the two-store run.
        "BALCAO_STORE_MESSAGES_PER_MINUTE": str(args.store_rate if args.stores == 2 else 0),
        **(busy_store_env(data / "stores", ACCESS_TOKEN) if args.stores == 2 else {}),
    }


async def _start_worker(env: dict[str, str], log_path: Path,
                        profile: Path | None) -> subprocess.Popen[bytes]:
    from tests.service import REPO

    env = {**env, "BALCAO_LOG_LEVEL": "INFO"}
    command = [sys.executable, "-m", "api.cli.main", "worker"]
    if profile is not None:  # cProfile writes its stats when the worker ends on SIGTERM
        command[1:1] = ["-m", "cProfile", "-o", str(profile.resolve())]
    proc = subprocess.Popen(command, cwd=REPO, env=env,
                            stdout=log_path.open("ab"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "worker started" not in log_path.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("worker did not start:\n" + log_path.read_text()[-3000:])
        await asyncio.sleep(0.1)
    return proc


def _cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU the processes have used (Linux /proc/PID/stat), in seconds."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _summary(runs: list[dict[str, Any]], peak: dict[str, float | None],
             growth: dict[str, Any] | None) -> dict[str, Any]:
    summary: dict[str, Any] = {"runs": len(runs), "turns": runs[0]["turns"]}
    for key in FIGURES:
        values = [r[key] for r in runs if r[key] is not None]
        summary[key] = round(statistics.median(values), 2) if values else None
    summary["lost"] = sum(r["lost"] for r in runs)
    summary["duplicated"] = sum(r["duplicated"] for r in runs)
    summary["each_run"] = [{k: r[k] for k in FIGURES} for r in runs]
    summary["peak_rss_mb"] = peak
    summary["checkpoints"] = growth
    return summary


def _print(args: argparse.Namespace, s: dict[str, Any]) -> None:
    if args.json:
        print(json.dumps(s, default=lambda v: round(v, 2)))
        return
    print(f"{args.buyers} buyers ({args.at_once} at a time) x {args.turns} messages, "
          f"concurrency {args.concurrency}, workers {args.workers or 'in the API'}, debounce "
          f"{args.debounce_ms} ms, think {args.think_ms} ms; medians of {s['runs']} run(s)")
    print(f"turns        {s['turns']} a run, {s['turns_per_second']} turns/s")
    print(f"skeleton     {s['skeleton_turns_per_second']} turns/s   ratio {s['ratio']}")
    print(f"cpu          {s['cpu_ms_per_turn']} ms a turn (service and workers), skeleton "
          f"{s['skeleton_cpu_ms_per_turn']} ms")
    print(f"ack          p50 {s['ack_p50_ms']} ms   p95 {s['ack_p95_ms']} ms   (timed in the "
          f"service: p50 {s['service_ack_p50_ms']} ms   p95 {s['service_ack_p95_ms']} ms)")
    print(f"reply        p50 {s['reply_p50_ms']} ms   p95 {s['reply_p95_ms']} ms   (the "
          f"skeleton's own turns, {args.at_once} at a time: p50 {s['skeleton_turn_p50_ms']} ms"
          f"   p95 {s['skeleton_turn_p95_ms']} ms)")
    print(f"lost         {s['lost']}")
    print(f"duplicated   {s['duplicated']}")
    print(f"peak memory  {', '.join(f'{v} MB' for v in s['peak_rss_mb'].values())} "
          "(service, then workers)")
    if growth := s["checkpoints"]:
        per_turn = ", ".join(f"turn {n}: {b} B" for n, b in growth["bytes_per_turn"].items())
        print(f"checkpoints  {growth['checkpoints_per_turn']:.1f} a turn, written per turn: "
              f"{per_turn}")
        print(f"             thread {growth['thread_bytes']} B, after pruning to "
              f"BALCAO_CHECKPOINTS_KEEP={growth['keep']}: {growth['thread_bytes_pruned']} B")


def _print_profile(path: Path) -> None:
    import pstats

    if not path.exists():
        print(f"no profile written at {path}")
        return
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    sys.exit(main())
