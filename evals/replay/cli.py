"""`balcao replay THREAD_ID [--from CHECKPOINT_ID [--set KEY=JSON ...] [--message TEXT]]`.

Without `--from`: the thread's checkpoints (step, node, intent, reply), oldest first.
With it: a fork seeded at that checkpoint runs to the end of its turn (or answers a
different buyer message) and the difference in outcome is printed. The original thread and
its cart and orders are never touched.
"""

from __future__ import annotations

import argparse
import asyncio
import json

from balcao.pii import configure_logging
from balcao.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("replay", help="list or fork a stored conversation")
    parser.add_argument("thread_id", help="the thread, e.g. default:5511987654321")
    parser.add_argument("--from", dest="checkpoint", help="fork from this checkpoint id")
    parser.add_argument("--set", dest="patches", action="append", default=[],
                        metavar="KEY=JSON", help="patch the state at the fork (repeatable)")
    parser.add_argument("--message", help="a different buyer message to answer on the fork")
    parser.add_argument("--recorded", action="store_true",
                        help="re-run the checkpoint's turn with the tools' recorded answers "
                        "(deterministic; nothing is written through them)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure_logging("WARNING")
    try:
        patches = {k: json.loads(v) for k, v in (p.split("=", 1) for p in args.patches)}
    except ValueError as err:
        print(f"--set takes KEY=JSON: {err}")
        return 2
    return asyncio.run(_run(args, patches))


async def _run(args: argparse.Namespace, patches: dict) -> int:
    from api.resources import open_resources
    from evals.replay.fork import fork_from, replay_turn
    from evals.replay.history import history
    from tools.recording import NotRecorded

    settings = get_settings()
    async with open_resources(settings) as resources:
        if args.checkpoint is None:
            rows = await history(resources.graph, args.thread_id)
            if not rows:
                print(f"no checkpoints for thread {args.thread_id}")
                return 1
            if args.json:
                print(json.dumps([{k: getattr(r, k) for k in (
                    "checkpoint_id", "step", "produced_by", "next", "turn_id", "intent",
                    "reply")} for r in rows], indent=2))
                return 0
            for r in rows:
                print(f"{r.step:>4}  {r.checkpoint_id}  {','.join(r.produced_by) or '-':<22}"
                      f" intent={r.intent or '-':<18} reply={r.reply or '-'}")
            return 0
        try:
            if args.recorded:
                result = await replay_turn(
                    resources.graph, resources.services, thread_id=args.thread_id,
                    checkpoint_id=args.checkpoint, patches=patches,
                    store_id=settings.default_store_id)
            else:
                result = await fork_from(
                    resources.graph, resources.services, thread_id=args.thread_id,
                    checkpoint_id=args.checkpoint, patches=patches, message=args.message,
                    store_id=settings.default_store_id)
        except NotRecorded as err:
            print(f"the replay diverged from the recording: {err} (run without --recorded)")
            return 1
        except LookupError as err:
            print(str(err))
            return 1
    if args.json:
        print(json.dumps({"fork_thread": result.fork_thread, "original": result.original,
                          "fork": result.forked, "differences": result.differences()},
                         indent=2, default=list))
        return 0
    print(f"fork thread: {result.fork_thread}")
    differences = result.differences()
    if not differences:
        print("same outcome as the original")
    for key, (before, after) in differences.items():
        print(f"  {key}: {before!r} -> {after!r}")
    return 0
