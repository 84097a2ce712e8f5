"""`balcao llm check`: whether the optional LLM endpoint (`BALCAO_LLM_*`) is usable."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `llm` command group (`balcao llm check`)."""
    llm = subparsers.add_parser("llm", help="the optional LLM engine (BALCAO_LLM_*)")
    actions = llm.add_subparsers(dest="llm_command", required=True)
    check = actions.add_parser(
        "check", help="does the endpoint answer, with which model, structured output, tools",
        description="Calls the configured endpoint a few times (a plain reply, a structured "
        "output in the understanding schema, a forced tool call) and prints each result with "
        "its latency. Exit 0 when understanding can run on it, 1 when not, 2 when unset.")
    check.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                       help="per call (default 20)")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    from balcao.settings import get_settings
    from graphs.sales.nlu.llm_endpoint import endpoint_from

    endpoint = endpoint_from(get_settings())
    if endpoint is None:
        print("LLM not configured: set BALCAO_LLM_BASE_URL and BALCAO_LLM_MODEL "
              "(and BALCAO_LLM_API_KEY when the endpoint needs one).")
        return 2
    from graphs.sales.nlu.llm_check import check_endpoint

    print(f"endpoint  {endpoint.base_url}  model {endpoint.model}")
    report = check_endpoint(endpoint, timeout=args.timeout)
    for probe in report.probes:
        print(f"{probe.name:<18} {'ok  ' if probe.ok else 'FAIL'} {probe.detail}")
    print("understanding can use this endpoint" if report.usable
          else "understanding cannot use this endpoint: the offline engine keeps answering")
    return 0 if report.usable else 1
