"""`balcao`: the command line (serve, chat, catalog, orders, operators, nlu, evals)."""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from api.cli import (
    catalog,
    chat,
    knowledge,
    llm,
    nlu,
    operators,
    orders,
    privacy,
    report,
    serve,
    stores,
    worker,
)

# Evaluator commands live in `evals/` (the top floor, which the product never imports):
# `balcao eval` and `balcao replay` load them by name, only where evals are installed, the
# same code `python -m evals.golden` and `python -m evals.replay` run.
EVAL_COMMANDS = ("evals.golden.cli", "evals.replay.cli")


def _eval_modules() -> list[ModuleType]:
    modules = []
    for name in EVAL_COMMANDS:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as err:
            if err.name is None or not name.startswith(err.name):
                raise
    return modules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="balcao", description="Conversational commerce on WhatsApp."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in (serve, chat, catalog, knowledge, orders, operators, *_eval_modules(), report,
                   nlu, llm, worker, privacy, stores):
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
