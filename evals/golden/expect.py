"""Checks a turn's observation against its expectation; returns what did not match."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from evals.golden.case import Expectation
from evals.golden.observe import Observation


def check(expect: Expectation, seen: Observation) -> list[str]:
    failures: list[str] = []

    def fail(what: str, wanted: Any, got: Any) -> None:
        failures.append(f"{what}: expected {wanted!r}, got {got!r}")

    if expect.intent is not None and seen.intent not in _many(expect.intent):
        fail("intent", expect.intent, seen.intent)
    for key, value in expect.entities.items():
        if seen.entities.get(key) != value:
            fail(f"entity {key}", value, seen.entities.get(key))
    if expect.nodes is not None and seen.nodes != expect.nodes:
        fail("nodes", expect.nodes, seen.nodes)
    missing = [n for n in expect.nodes_include if n not in seen.nodes]
    if missing:
        fail("nodes include", expect.nodes_include, seen.nodes)
    if any(t not in seen.tools for t in expect.tools_include):
        fail("tool calls include", expect.tools_include, seen.tools)
    if any(t in seen.tools for t in expect.tools_exclude):
        fail("tool calls exclude", expect.tools_exclude, seen.tools)
    if expect.cart is not None and seen.cart != expect.cart:
        fail("cart", expect.cart, seen.cart)
    if expect.orders is not None and seen.orders != expect.orders:
        fail("orders", expect.orders, seen.orders)
    if expect.last_order is not None:
        for key, value in expect.last_order.items():
            if not _same(value, seen.last_order.get(key)):
                fail(f"last order {key}", value, seen.last_order.get(key))
    if expect.pending_question is not None and seen.pending_question != expect.pending_question:
        fail("pending question", expect.pending_question, seen.pending_question)
    if expect.interrupt is not None and seen.interrupt != expect.interrupt:
        fail("interrupt", expect.interrupt, seen.interrupt)
    reply = seen.reply or {}
    silent = seen.reply is None or reply.get("template") == "none"
    if expect.silent is not None and silent != expect.silent:
        fail("silent", expect.silent, reply.get("template"))
    if expect.persuasion is not None:
        strategy = ((reply.get("fields") or {}).get("persuasion") or {}).get("strategy", "none")
        if strategy != expect.persuasion:
            fail("persuasion", expect.persuasion, strategy)
    if expect.reply is not None:
        failures += _check_reply(expect, reply)
    return failures


def _check_reply(expect: Expectation, reply: dict[str, Any]) -> list[str]:
    wanted = expect.reply
    assert wanted is not None
    failures = []
    ids = [o["id"] for o in reply.get("options") or []]
    if wanted.template is not None and reply.get("template") not in _many(wanted.template):
        failures.append(f"reply template: expected {wanted.template!r}, "
                        f"got {reply.get('template')!r}")
    if wanted.lang is not None and reply.get("lang") != wanted.lang:
        failures.append(f"reply lang: expected {wanted.lang!r}, got {reply.get('lang')!r}")
    if wanted.options is not None and ids != wanted.options:
        failures.append(f"reply options: expected {wanted.options}, got {ids}")
    if missing := [o for o in wanted.options_include if o not in ids]:
        failures.append(f"reply options missing {missing}; got {ids}")
    if present := [o for o in wanted.options_exclude if o in ids]:
        failures.append(f"reply options must not include {present}")
    if mismatch := _subset_mismatch(wanted.fields, reply.get("fields") or {}, "fields"):
        failures.append(mismatch)
    for path in wanted.fields_absent:
        node: Any = reply.get("fields") or {}
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            failures.append(f"reply fields.{path}: expected absent, got {node!r}")
    return failures + fact_failures(wanted.facts, reply.get("fields") or {})


def fact_failures(facts: list[str | list[str]], fields: dict[str, Any]) -> list[str]:
    """The facts (any of a list's spellings) that no value of the reply's fields carries."""
    values = [_plain(v) for v in _strings(fields)]
    failures = []
    for fact in facts:
        spellings = fact if isinstance(fact, list) else [fact]
        if not any(_plain(s) in v for s in spellings for v in values):
            failures.append(f"reply facts: none of {spellings!r} in the reply's fields")
    return failures


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _subset_mismatch(wanted: Any, got: Any, path: str) -> str | None:
    """Where `got` differs from `wanted`, comparing dicts as subsets and lists by length."""
    if isinstance(wanted, dict):
        if not isinstance(got, dict):
            return f"reply {path}: expected an object, got {got!r}"
        for key, value in wanted.items():
            if key not in got:
                return f"reply {path}.{key}: missing"
            if found := _subset_mismatch(value, got[key], f"{path}.{key}"):
                return found
        return None
    if isinstance(wanted, list):
        if not isinstance(got, list) or len(got) != len(wanted):
            return f"reply {path}: expected {wanted!r}, got {got!r}"
        for i, (w, g) in enumerate(zip(wanted, got, strict=True)):
            if found := _subset_mismatch(w, g, f"{path}[{i}]"):
                return found
        return None
    return None if wanted == got else f"reply {path}: expected {wanted!r}, got {got!r}"


def _same(wanted: str, got: str | None) -> bool:
    """Equal as text, or as amounts ("0" and "0.00")."""
    if got is None:
        return False
    try:
        return Decimal(str(wanted)) == Decimal(got)
    except InvalidOperation:
        return str(wanted) == got


def _many(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]
