"""Running one command group on its own (`python -m api.cli.catalog ...`), as the tests do,
without loading the whole CLI."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def run_group(register: Callable[[Any], None], argv: list[str] | None = None) -> int:
    """Parses `argv` with only the group's subcommands and runs the chosen one."""
    parser = argparse.ArgumentParser(prog="balcao")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)
