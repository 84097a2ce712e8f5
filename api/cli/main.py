"""`balcao`: the command line (serve, chat, catalog, orders, operators, nlu, evals)."""

from __future__ import annotations

import argparse
import sys

from balcao.cli import catalog, chat, golden, nlu, operators, orders, replay, report, serve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="balcao", description="Conversational commerce on WhatsApp."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in (serve, chat, catalog, orders, operators, golden, replay, report, nlu):
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
