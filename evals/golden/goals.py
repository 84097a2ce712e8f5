"""Goals: whether the buyer's outcome holds after a turn, and the figures over a run.

A goal is judged on state (cart, orders, the reply's template, fields and options), never on
wording. `goal_failures` says what still differs after a turn; the runner records the first
turn at which nothing does. `summary` turns a run's results into the figures `balcao eval`
prints: conversations that reached their goal, buyer turns to reach it, and the share of
bot replies that were the not-understood fallback, overall and per language.
"""

from __future__ import annotations

import functools
import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from evals.golden.case import Expectation, GoalCondition, ReplyExpectation, ReplyGoal
from evals.golden.expect import check
from evals.golden.observe import Observation

CATALOG = Path(__file__).resolve().parents[1] / "cases" / "catalog.jsonl"
"""The eval catalog (session.py imports the same file)."""

NOT_UNDERSTOOD = frozenset({
    "fallback",           # "Desculpe, não entendi…"
    "not_available_yet",  # "Ainda não consigo resolver isso por aqui…"
    "unreadable",         # "Por enquanto eu só consigo ler mensagens de texto…"
    "which_product",      # "Qual produto você quer? Me diga o nome…" (with no options)
    "technical_problem",  # "Desculpe, tive um problema técnico e não consegui responder…"
})
"""Reply templates that tell the buyer the bot did not understand or cannot do it (see
api/render/locales/pt.py); an escalation because of that (`handoff_waiting` with reason
`not_understood`) counts too."""

SILENT = "none"


def is_not_understood(reply: dict[str, Any] | None) -> bool:
    """Whether a reply is the generic "didn't understand / can't do that" answer."""
    if not reply:
        return False
    template = reply.get("template")
    if template == "which_product" and (reply.get("fields") or {}).get("candidates"):
        return False  # "which of these?" with the products as options: a real question
    if template in NOT_UNDERSTOOD:
        return True
    return template == "handoff_waiting" and (reply.get("fields") or {}).get(
        "reason") == "not_understood"


def replied(reply: dict[str, Any] | None) -> bool:
    """Whether the bot sent something (not silent)."""
    return bool(reply) and reply.get("template") != SILENT  # type: ignore[union-attr]


def goal_failures(conditions: Sequence[GoalCondition], seen: Observation,
                  history: Sequence[Observation]) -> list[str]:
    """What keeps the goal from holding after this turn; empty when it holds.

    `history` is every turn's observation so far, this one included.
    """
    failures: list[str] = []
    for condition in conditions:
        failures += _condition_failures(condition, seen, history)
    return failures


def _condition_failures(condition: GoalCondition, seen: Observation,
                        history: Sequence[Observation]) -> list[str]:
    reply_goal = condition.reply
    plain = None if reply_goal is None else ReplyExpectation(**{
        k: getattr(reply_goal, k) for k in ReplyExpectation.model_fields})
    failures = check(Expectation(orders=condition.orders, last_order=condition.last_order,
                                 reply=plain,
                                 persuasion=reply_goal.persuasion if reply_goal else None),
                     seen)
    for what, wanted, got, exact in (("cart", condition.cart, seen.cart, True),
                                     ("cart includes", condition.cart_includes, seen.cart,
                                      False),
                                     ("order lines", condition.order_lines, seen.order_lines,
                                      True)):
        if wanted is not None and (why := lines_mismatch(wanted, got, history, exact=exact)):
            failures.append(f"{what}: {why}")
    if reply_goal is not None:
        failures += _reply_goal_failures(reply_goal, seen.reply or {})
    if condition.replies_lang is not None:
        langs = [o.reply.get("lang") for o in history if o.reply and replied(o.reply)]
        if other := [lang for lang in langs if lang != condition.replies_lang]:
            failures.append(f"replies lang: expected every reply in "
                            f"{condition.replies_lang!r}, {len(other)} were not")
    for name in condition.at_most_once:
        used = sum(1 for o in history if o.reply and _uses(o.reply, name))
        if used > 1:
            failures.append(f"{name}: used {used} times, at most once wanted")
    return failures


def lines_mismatch(wanted: dict[str, int], got: dict[str, int],
                   history: Sequence[Observation], *, exact: bool) -> str | None:
    """Why the lines `got` (sku -> quantity) do not hold `wanted`, or None.

    A key of `wanted` is a sku, or a reference to what a reply listed (`parse_ref`):
    `@3:1` is the product at position 1 of turn 3's list, `@3:1 cor=preto` its variant in
    black; `product=SKU` requires that position to hold that product (or one of its
    variants). With `exact`, `got` holds nothing else.
    """
    matchers = [(key, _matcher(key, history), qty) for key, qty in wanted.items()]
    unresolved = [key for key, match, _ in matchers if match is None]
    if unresolved:
        return f"expected {wanted!r}, but nothing was listed at {unresolved}; got {got!r}"
    if _assign([(m, q) for _, m, q in matchers], dict(got), exact=exact):
        return None
    shown = {key: _describe(key, history) for key in wanted if key.startswith("@")}
    return f"expected {wanted!r}" + (f" ({shown})" if shown else "") + f", got {got!r}"


def _assign(wanted: list[tuple[Any, int]], left: dict[str, int], *, exact: bool) -> bool:
    """Whether each wanted line takes a distinct line of `left` with its quantity."""
    if not wanted:
        return not left or not exact
    (match, qty), rest = wanted[0], wanted[1:]
    for sku in [s for s, q in left.items() if q == qty and match(s)]:
        if _assign(rest, {s: q for s, q in left.items() if s != sku}, exact=exact):
            return True
    return False


def parse_ref(key: str) -> tuple[int, int, dict[str, str]] | None:
    """`@T:N attr=value,attr=value` -> (turn T, position N, attributes); None for a sku."""
    if not key.startswith("@"):
        return None
    head, _, attrs = key[1:].partition(" ")
    turn, _, position = head.partition(":")
    pairs = [a.split("=", 1) for a in attrs.split(",") if a.strip()]
    if not turn.isdigit() or not position.isdigit() or any(len(p) != 2 for p in pairs):
        raise ValueError(f"a reference is @TURN:POSITION [attr=value,...], got {key!r}")
    return int(turn), int(position), {k.strip(): v.strip() for k, v in pairs}


def listed_skus(reply: dict[str, Any] | None) -> list[str]:
    """The products a reply offered as a list, in order (its show:/add: options)."""
    skus = []
    for option in (reply or {}).get("options") or []:
        kind, _, sku = str(option.get("id", "")).partition(":")
        if kind in {"show", "add"} and sku:
            skus.append(sku)
    return skus


def _shown(key: str, history: Sequence[Observation]) -> tuple[str | None, dict[str, str]]:
    ref = parse_ref(key)
    assert ref is not None
    turn, position, attributes = ref
    listed = listed_skus(history[turn - 1].reply) if 0 < turn <= len(history) else []
    return (listed[position - 1] if 0 < position <= len(listed) else None), attributes


def _describe(key: str, history: Sequence[Observation]) -> str:
    sku, attributes = _shown(key, history)
    return f"{sku}" + (f" {attributes}" if attributes else "")


def _matcher(key: str, history: Sequence[Observation]) -> Any:
    """A predicate on cart skus for a wanted key; None when a reference points at nothing."""
    if not key.startswith("@"):
        return lambda sku: sku == key
    shown, attributes = _shown(key, history)
    if shown is None:
        return None
    product = catalog_variants().get(shown, (shown, {}))[0]
    attributes = dict(attributes)
    if attributes.pop("product", product) != product:
        return lambda sku: False  # the list showed something else at that position

    def match(sku: str) -> bool:
        owner, attrs = catalog_variants().get(sku, (sku, {}))
        if attributes:
            return owner == product and all(attrs.get(k) == v for k, v in attributes.items())
        return sku == shown or (shown == product and owner == product)

    return match


@functools.cache
def catalog_variants() -> dict[str, tuple[str, dict[str, str]]]:
    """Every sku of the eval catalog -> (its product's sku, its variant attributes)."""
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for line in CATALOG.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        product = json.loads(line)
        found[product["sku"]] = (product["sku"], {})
        for variant in product.get("variants") or []:
            found[variant["sku"]] = (product["sku"], dict(variant.get("attributes") or {}))
    return found


def _uses(reply: dict[str, Any], name: str) -> bool:
    strategy = ((reply.get("fields") or {}).get("persuasion") or {}).get("strategy")
    return reply.get("template") == name or strategy == name


def _reply_goal_failures(goal: ReplyGoal, reply: dict[str, Any]) -> list[str]:
    failures = []
    template = reply.get("template")
    if template in goal.template_not:
        failures.append(f"reply template: not {goal.template_not!r} wanted, got {template!r}")
    fields = reply.get("fields") or {}
    if goal.prices_within is not None:
        low, high = goal.prices_within
        span = f"[{low if low is not None else '-'}, {high if high is not None else '-'}]"
        listed = _listed_products(fields)
        outside = [item.get("sku") for item in listed if not _priced_within(item, low, high)]
        if not listed:
            failures.append(f"reply prices within {span}: no products listed")
        elif outside:
            failures.append(f"reply prices within {span}: outside {outside}")
    return failures


def _listed_products(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """The products a reply lists: search items, variants to choose, or the product shown."""
    for key in ("items", "variants"):
        if isinstance(fields.get(key), list) and fields[key]:
            return [i for i in fields[key] if isinstance(i, dict)]
    product = fields.get("product")
    return [product] if isinstance(product, dict) else []


def _priced_within(item: dict[str, Any], low: Decimal | None, high: Decimal | None) -> bool:
    cheapest = _amount(item.get("price"))
    dearest = _amount(item.get("price_max")) or cheapest
    if cheapest is None or dearest is None:
        return False
    return (high is None or cheapest <= high) and (low is None or dearest >= low)


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


@dataclass
class Figures:
    """Goal and understanding figures over some conversations."""

    with_goal: int = 0
    reached: int = 0
    buyer_turns: tuple[int, ...] = ()
    """Buyer turns it took, per conversation that reached its goal."""
    replies: int = 0
    not_understood: int = 0

    def goal_text(self) -> str:
        share = f"{100 * self.reached / self.with_goal:.1f}%" if self.with_goal else "-"
        text = f"{self.reached}/{self.with_goal} reached their goal ({share})"
        if self.buyer_turns:
            text += (f"; buyer turns to goal: median {statistics.median(self.buyer_turns):g},"
                     f" mean {statistics.fmean(self.buyer_turns):.1f}")
        return text

    def fallback_text(self) -> str:
        share = f"{100 * self.not_understood / self.replies:.1f}%" if self.replies else "-"
        return f"{self.not_understood}/{self.replies} bot replies ({share})"


def figures(results: Iterable[Any]) -> Figures:
    """The figures of `CaseResult`s (see runner.py)."""
    found = Figures()
    turns: list[int] = []
    for result in results:
        if result.case.goals:
            found.with_goal += 1
            if result.goal_buyer_turns is not None:
                found.reached += 1
                turns.append(result.goal_buyer_turns)
        for turn in result.turns:
            if turn.turn.by_buyer and replied(turn.observation.reply):
                found.replies += 1
                found.not_understood += is_not_understood(turn.observation.reply)
    found.buyer_turns = tuple(turns)
    return found
