"""`balcao report experiments` and `balcao report funnel`: what selling strategies earn."""

from __future__ import annotations

import argparse
import asyncio
import json

from api.cli.database import migrated_connection
from balcao.money import format_money
from balcao.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="experiment and funnel reports")
    reports = parser.add_subparsers(dest="report", required=True)
    for name, text in (("experiments", "conversion per variant with 95% intervals"),
                       ("funnel", "conversations from first message to paid order")):
        sub = reports.add_parser(name, help=text)
        sub.add_argument("--json", action="store_true")
        sub.add_argument("--tenant", default=None, help="store id (default: the default store)")
        sub.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    from tools.experiments.report import experiment_figures, funnel

    settings = get_settings()
    store = args.tenant or settings.default_store_id
    async with migrated_connection(settings) as conn:
        if args.report == "funnel":
            return _print_funnel(await funnel(conn, store), args.json)
        figures = await experiment_figures(conn, store)
    return _print_experiments(figures, args.json)


def _print_funnel(steps: list[tuple[str, int]], as_json: bool) -> int:
    if as_json:
        print(json.dumps([{"step": s, "conversations": n} for s, n in steps]))
        return 0
    top = steps[0][1] or 1
    for step, count in steps:
        print(f"{step:<18} {count:>7}  {100 * count / top:6.1f}%")
    return 0


def _print_experiments(figures: list, as_json: bool) -> int:
    if as_json:
        print(json.dumps([{
            "experiment": f.experiment, "variant": f.variant, "buyers": f.buyers,
            "carts": f.carts, "checkouts": f.checkouts, "paid": f.paid,
            "revenue": str(f.revenue), "conversion": round(f.rate, 4),
            "ci95": [round(f.conversion.low, 4), round(f.conversion.high, 4)],
            "p_value": None if f.p_value is None else round(f.p_value, 4),
            "significant": f.significant} for f in figures], indent=2))
        return 0
    if not figures:
        print("no experiment exposures yet")
        return 0
    current = None
    for f in figures:
        if f.experiment != current:
            current = f.experiment
            print(f"\n{current}")
            print(f"  {'variant':<22}{'buyers':>7}{'carts':>7}{'checkout':>9}{'paid':>6}"
                  f"{'conv.':>8}  {'95% CI':<15}{'revenue':>14}  vs control")
        versus = "control" if f.p_value is None else (
            f"p={f.p_value:.3f} " + ("significant" if f.significant else "not significant"))
        interval = f"{100 * f.conversion.low:5.1f}–{100 * f.conversion.high:5.1f}%"
        print(f"  {f.variant:<22}{f.buyers:>7}{f.carts:>7}{f.checkouts:>9}{f.paid:>6}"
              f"{100 * f.rate:>7.1f}%  {interval}  {format_money(f.revenue):>13}  {versus}")
    return 0
